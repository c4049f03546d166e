package io.parley.protocol;

/**
 * Field names and bounds of the conversation list: {@code list_conversations}, its result and the
 * {@code conversation_updated} push (docs/PROTOCOL.md "Conversation list"). Shared by server and SDK.
 */
public final class ConversationFields {
    // request
    public static final String LIMIT = "limit";
    /** Opaque cursor from a previous result's {@link #NEXT}: the page after it. */
    public static final String BEFORE = "before";
    public static final String FILTER = "filter";
    // result and push
    public static final String CONVERSATIONS = "conversations";
    public static final String NEXT = "next";
    public static final String END = "end";
    // one entry
    public static final String GID = "gid";
    public static final String KIND = "kind";
    public static final String NAME = "name";
    public static final String AVATAR = "avatar";
    public static final String PEER = "peer";
    public static final String TIME = "time";
    public static final String LAST_MID = "lastMid";
    public static final String LAST = "last";
    public static final String PREVIEW = "preview";
    public static final String RECALLED = "recalled";
    public static final String UNREAD = "unread";
    /** Values of {@link #KIND}. */
    public static final String KIND_DIRECT = "direct";
    public static final String KIND_GROUP = "group";
    /** Previews of messages without text. */
    public static final String IMAGE_PREVIEW = "[image]";
    public static final String RECALLED_PREVIEW = "[recalled]";

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_FILTER_CHARS = 64;
    /** Longest preview text, in characters (a longer text is cut, never inside a surrogate pair). */
    public static final int MAX_PREVIEW_CHARS = 120;

    private ConversationFields() {
    }
}
