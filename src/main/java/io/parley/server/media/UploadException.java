package io.parley.server.media;

import io.parley.protocol.ErrorCode;

/** A refused upload: the HTTP status and error code of the JSON answer, with a human-readable reason. */
public final class UploadException extends Exception {
    private final int status;
    private final ErrorCode code;

    public UploadException(int status, ErrorCode code, String msg) {
        super(msg, null, false, false); // control flow, not a fault: no stack trace
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public static UploadException bad(String msg) {
        return new UploadException(400, ErrorCode.BAD_IMAGE, msg);
    }

    public static UploadException truncated(String msg) {
        return new UploadException(400, ErrorCode.TRUNCATED_IMAGE, msg);
    }

    public static UploadException unsupported(String msg) {
        return new UploadException(400, ErrorCode.UNSUPPORTED_TYPE, msg);
    }

    public static UploadException tooLarge(String msg) {
        return new UploadException(413, ErrorCode.TOO_LARGE, msg);
    }

    public static UploadException tooManyPixels(String msg) {
        return new UploadException(422, ErrorCode.TOO_MANY_PIXELS, msg);
    }
}
