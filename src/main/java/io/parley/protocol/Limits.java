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

    private Limits() {
    }
}
