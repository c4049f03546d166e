package io.parley.protocol;

/** Packet {@code type} names; see docs/PROTOCOL.md. */
public final class PacketType {
    // uplink
    public static final String AUTH = "auth";
    public static final String HEARTBEAT = "heartbeat";
    public static final String CREATE_GROUP = "create_group";
    public static final String CHAT_MESSAGE = "chat_message";
    public static final String HISTORY = "history";
    public static final String SYNC = "sync";
    public static final String RECALL = "recall";
    public static final String READ = "read";
    public static final String READ_STATE = "read_state";
    public static final String UNREAD = "unread";
    public static final String TYPING = "typing";
    public static final String RENEW = "renew";
    /** The desk's conversation list, one page (docs/PROTOCOL.md "Conversation list"). */
    public static final String LIST_CONVERSATIONS = "list_conversations";
    // downlink
    public static final String AUTH_OK = "auth_ok";
    public static final String HEARTBEAT_ACK = "heartbeat_ack";
    public static final String CREATE_GROUP_RESULT = "create_group_result";
    public static final String CHAT_MESSAGE_ACK = "chat_message_ack";
    public static final String HISTORY_RESULT = "history_result";
    public static final String ERROR = "error";
    public static final String PING = "ping";
    public static final String SYNC_RESULT = "sync_result";
    public static final String RECALL_RESULT = "recall_result";
    public static final String RECALLED = "recalled";
    public static final String READ_RESULT = "read_result";
    public static final String READ_RECEIPT = "read_receipt";
    public static final String READ_STATE_RESULT = "read_state_result";
    public static final String UNREAD_RESULT = "unread_result";
    public static final String TYPING_RESULT = "typing_result";
    public static final String RENEW_OK = "renew_ok";
    public static final String LIST_CONVERSATIONS_RESULT = "list_conversations_result";
    /** Push: entries of the user's conversation list changed (last message, unread count or name). */
    public static final String CONVERSATION_UPDATED = "conversation_updated";
    // UNREAD ("unread") and TYPING ("typing") are also downlink pushes

    private PacketType() {
    }
}
