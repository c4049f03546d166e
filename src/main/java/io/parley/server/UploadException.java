package io.parley.server;

import io.parley.protocol.ErrorCode;

/** A refused upload: the HTTP status and error code of the JSON answer, with a human-readable reason. */
final class UploadException extends Exception {
    private final int status;
    private final ErrorCode code;

    UploadException(int status, ErrorCode code, String msg) {
        super(msg, null, false, false); // control flow, not a fault: no stack trace
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    ErrorCode code() {
        return code;
    }

    static UploadException bad(String msg) {
        return new UploadException(400, ErrorCode.BAD_IMAGE, msg);
    }

    static UploadException truncated(String msg) {
        return new UploadException(400, ErrorCode.TRUNCATED_IMAGE, msg);
    }

    static UploadException unsupported(String msg) {
        return new UploadException(400, ErrorCode.UNSUPPORTED_TYPE, msg);
    }

    static UploadException tooLarge(String msg) {
        return new UploadException(413, ErrorCode.TOO_LARGE, msg);
    }

    static UploadException tooManyPixels(String msg) {
        return new UploadException(422, ErrorCode.TOO_MANY_PIXELS, msg);
    }
}
