package io.parley.server.limits;

/**
 * Every configurable limit: its command-line flag (without "--"), default, allowed range and what it
 * bounds. Defaults fit a real clinic (a doctor who types fast and pastes ten photos is never limited)
 * while one hostile account cannot exhaust the server; docs/SECURITY.md lists them with the reasons.
 */
public enum Limit {
    MESSAGES_PER_CONNECTION_MINUTE("max-messages-per-connection-minute", 120, "messages one connection may send per minute"),
    MESSAGES_PER_USER_MINUTE("max-messages-per-user-minute", 300, "messages one user may send per minute, all connections"),
    MESSAGE_BYTES_PER_CONNECTION_MINUTE("max-message-bytes-per-connection-minute", 2L << 20,
            "bytes of messages one connection may send per minute"),
    MESSAGE_BYTES_PER_USER_MINUTE("max-message-bytes-per-user-minute", 4L << 20,
            "bytes of messages one user may send per minute"),
    GROUPS_PER_USER_HOUR("max-groups-per-user-hour", 30, "groups one user may create per hour"),
    GROUPS_PER_USER("max-groups-per-user", 500, "groups one user may own in total"),
    INVITATIONS_PER_USER_HOUR("max-invitations-per-user-hour", 300,
            "invitees one user may add to groups per hour (creating or updating)"),
    CONNECTIONS_PER_USER("max-connections-per-user", 20, "open connections of one user"),
    CONNECTIONS_PER_IP("max-connections-per-ip", 200, "open WebSocket connections from one client address"),
    AUTH_DEADLINE_MS("auth-deadline-ms", 5000, "how long a new socket may take to authenticate"),
    OUTBOUND_STALL_MS("outbound-stall-ms", 10_000,
            "how long a connection's unsent frames may stay at its budget before it is closed (1013)"),
    RESPONSE_BYTES("max-response-bytes", 256 * 1024, "largest history/sync/unread answer in bytes"),
    HISTORY_PAGE("max-history-page", 100, "most messages in one history answer"),
    SYNC_PAGE("max-sync-page", 500, "most messages one sync recovers"),
    UNREAD_PAGE("max-unread-page", 500, "most conversations in one unread answer"),
    CONCURRENT_UPLOADS_PER_USER("max-concurrent-uploads-per-user", 4, "uploads of one user in progress at once"),
    UPLOAD_MIN_BYTES_PER_SECOND("upload-min-bytes-per-second", 2048,
            "slowest average an upload body may arrive at (checked after the first 5 s)"),
    UPLOAD_BYTES_PER_USER_DAY("max-upload-bytes-per-user-day", 1L << 30, "bytes one user may upload per day"),
    STORED_BYTES_PER_USER("max-stored-bytes-per-user", 5L << 30, "bytes of uploads one user may have stored"),
    TOKEN_LIFETIME_SECONDS("max-token-lifetime-seconds", 86_400,
            "tokens whose exp is further away than this are refused");

    public final String flag;
    public final long defaultValue;
    public final String description;

    Limit(String flag, long defaultValue, String description) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The limit whose flag is name (without "--"), or null. */
    public static Limit byFlag(String name) {
        for (Limit l : values()) {
            if (l.flag.equals(name)) {
                return l;
            }
        }
        return null;
    }
}
