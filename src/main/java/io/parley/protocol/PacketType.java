package io.parley.protocol;

/** Packet {@code type} names; see docs/PROTOCOL.md. */
public final class PacketType {
    // uplink
    public static final String AUTH = "auth";
    public static final String HEARTBEAT = "heartbeat";
    public static final String CREATE_GROUP = "create_group";
    public static final String CHAT_MESSAGE = "chat_message";
    public static final String HISTORY = "history";
    // downlink
    public static final String AUTH_OK = "auth_ok";
    public static final String HEARTBEAT_ACK = "heartbeat_ack";
    public static final String CREATE_GROUP_RESULT = "create_group_result";
    public static final String CHAT_MESSAGE_ACK = "chat_message_ack";
    public static final String HISTORY_RESULT = "history_result";
    public static final String ERROR = "error";

    private PacketType() {
    }
}
