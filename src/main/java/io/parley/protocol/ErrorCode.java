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
    AUTH_TIMEOUT(4015, "auth_timeout"),
    REVOKED(4016, "revoked"),
    NOT_MEMBER(4030, "not_member"),
    GROUP_FULL(4031, "group_full"),
    NOT_OWNER(4032, "not_owner"),
    NOT_SENDER(4033, "not_sender"),
    RECALL_WINDOW_PASSED(4034, "recall_window_passed"),
    NO_SUCH_GROUP(4040, "no_such_group"),
    NO_SUCH_MESSAGE(4041, "no_such_message"),
    // limits (docs/PROTOCOL.md "Limits"; docs/SECURITY.md lists every limit with its default)
    RATE_LIMITED(4290, "rate_limited"),
    QUOTA_EXCEEDED(4291, "quota_exceeded"),
    TOO_MANY_CONNECTIONS(4292, "too_many_connections"),
    OUTBOUND_FULL(4293, "outbound_full"),
    // image upload (POST /api/upload; HTTP status in docs/PROTOCOL.md "Images")
    BAD_IMAGE(4100, "bad_image"),
    UNSUPPORTED_TYPE(4101, "unsupported_type"),
    TRUNCATED_IMAGE(4102, "truncated_image"),
    TOO_LARGE(4103, "too_large"),
    TOO_MANY_PIXELS(4104, "too_many_pixels"),
    ORIGIN_NOT_ALLOWED(4105, "origin_not_allowed"),
    METHOD_NOT_ALLOWED(4106, "method_not_allowed"),
    UPLOAD_TOO_SLOW(4107, "upload_too_slow"),
    INTERNAL(5000, "internal"),
    // client-side only: never sent by the server
    NOT_CONNECTED(ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID),
    TIMEOUT(ClientError.TIMEOUT, ClientError.TIMEOUT_ID),
    BAD_ARGUMENT(ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID),
    ABORTED(ClientError.ABORTED, ClientError.ABORTED_ID);

    public final int code;
    public final String id;

    ErrorCode(int code, String id) {
        this.code = code;
        this.id = id;
    }
}
