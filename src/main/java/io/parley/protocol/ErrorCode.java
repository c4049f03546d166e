package io.parley.protocol;

/** Error codes carried by {@code error} packets and SDK callbacks; see docs/PROTOCOL.md. */
public enum ErrorCode {
    BAD_JSON(4000, "bad_json"),
    UNKNOWN_TYPE(4001, "unknown_type"),
    INVALID_FIELD(4002, "invalid_field"),
    FRAME_TOO_LARGE(4003, "frame_too_large"),
    BINARY_NOT_SUPPORTED(4004, "binary_not_supported"),
    UNAUTHENTICATED(4010, "unauthenticated"),
    BAD_TOKEN(4011, "bad_token"),
    TOKEN_EXPIRED(4012, "token_expired"),
    IDENTITY_MISMATCH(4013, "identity_mismatch"),
    ALREADY_AUTHENTICATED(4014, "already_authenticated"),
    NOT_MEMBER(4030, "not_member"),
    GROUP_FULL(4031, "group_full"),
    NOT_OWNER(4032, "not_owner"),
    NO_SUCH_GROUP(4040, "no_such_group"),
    INTERNAL(5000, "internal"),
    // client-side only: never sent by the server
    NOT_CONNECTED(6001, "not_connected"),
    TIMEOUT(6002, "timeout"),
    BAD_ARGUMENT(6003, "bad_argument"),
    ABORTED(6004, "aborted");

    public final int code;
    public final String id;

    ErrorCode(int code, String id) {
        this.code = code;
        this.id = id;
    }
}
