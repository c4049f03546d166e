package io.parley.protocol;

/** Bounds shared by the SDK (to fail early) and the server (to enforce). */
public final class Limits {
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    public static final int MAX_TEXT_CHARS = 5000;
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    public static final int MAX_BIZ_EXT_BYTES = 4 * 1024;
    public static final int MAX_ID_CHARS = 64;
    public static final int MAX_NAME_CHARS = 64;
    public static final int MAX_GROUP_TEXT_CHARS = 1024;
    public static final int MAX_HISTORY_COUNT = 100;
    public static final int DEFAULT_GROUP_MAX = 200;
    public static final int MAX_GROUP_MAX = 500;
    public static final int DEFAULT_HEARTBEAT_MS = 30_000;
    public static final int MISSED_HEARTBEATS_BEFORE_CLOSE = 3;
    /** sync: default and largest number of missed messages recovered in one answer. */
    public static final int DEFAULT_SYNC_LIMIT = 200;
    public static final int MAX_SYNC_LIMIT = 500;
    public static final int DEFAULT_RECALL_WINDOW_MS = 120_000;
    public static final int TYPING_TTL_MS = 5000;
    public static final int TYPING_MIN_INTERVAL_MS = 2000;
    public static final int MAX_FALLBACK_TEXT_CHARS = 500;
    public static final int MAX_MESSAGE_VERSION = 1_000_000;
    /** The client treats this many ping intervals without any frame as a dead connection. */
    public static final int MISSED_PINGS_BEFORE_RECONNECT = 2;

    private Limits() {
    }
}
