package io.parley.protocol;

/**
 * Errors the SDK raises itself (besides {@link #TOO_LARGE}, never sent by the server), as compile-time constants: the SDK
 * uses these instead of {@link ErrorCode} so the browser bundle doesn't carry the whole enum.
 */
public final class ClientError {
    public static final int NOT_CONNECTED = 6001;
    public static final String NOT_CONNECTED_ID = "not_connected";
    public static final int TIMEOUT = 6002;
    public static final String TIMEOUT_ID = "timeout";
    public static final int BAD_ARGUMENT = 6003;
    public static final String BAD_ARGUMENT_ID = "bad_argument";
    public static final int ABORTED = 6004;
    public static final String ABORTED_ID = "aborted";
    /** The host's tokenProvider rejected, threw or gave no token: the session ends (sign in again). */
    public static final int TOKEN_PROVIDER = 6005;
    public static final String TOKEN_PROVIDER_ID = "token_provider_failed";
    /** The server's own upload code, raised by the SDK before any request for a Blob over auth_ok's maxUploadBytes. */
    public static final int TOO_LARGE = 4103;
    public static final String TOO_LARGE_ID = "too_large";

    private ClientError() {
    }
}
