package io.parley.server.chat;

import io.parley.protocol.ErrorCode;

/**
 * A request the protocol rejects: becomes an {@code error} packet with this code and message, and,
 * when closeStatus is non-zero, the connection is then closed with that WebSocket status.
 */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final int closeStatus;

    ProtocolException(ErrorCode code, String msg) {
        this(code, msg, 0);
    }

    ProtocolException(ErrorCode code, String msg, int closeStatus) {
        super(msg, null, false, false); // control flow, not a fault: no stack trace
        this.code = code;
        this.closeStatus = closeStatus;
    }

    ErrorCode code() {
        return code;
    }

    int closeStatus() {
        return closeStatus;
    }

    static ProtocolException invalid(String msg) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, msg);
    }
}
