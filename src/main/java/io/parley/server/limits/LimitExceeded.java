package io.parley.server.limits;

/**
 * A request over one of the limits: which one, a message for the client and, for rates, how long
 * until it would pass (0 for a quota that does not refill by waiting).
 */
public final class LimitExceeded extends Exception {
    private final Limit limit;
    private final long retryAfterMs;

    public LimitExceeded(Limit limit, long retryAfterMs, String message) {
        super(message, null, false, false); // control flow: no stack trace
        this.limit = limit;
        this.retryAfterMs = retryAfterMs;
    }

    public Limit limit() {
        return limit;
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
