package io.parley.protocol;

/**
 * Capped exponential reconnect delay with "equal jitter": half the step is fixed so a
 * retry never fires at once, half is random so a server restart doesn't get every client
 * back in the same millisecond.
 */
public final class Backoff {
    private final int baseMs;
    private final int capMs;

    public Backoff(int baseMs, int capMs) {
        if (baseMs <= 0 || capMs < baseMs) {
            throw new IllegalArgumentException("need 0 < baseMs <= capMs");
        }
        this.baseMs = baseMs;
        this.capMs = capMs;
    }

    /** @param attempt 0 for the first retry; @param random01 a uniform value in [0, 1). */
    public int delayMs(int attempt, double random01) {
        double step = baseMs;
        for (int i = 0; i < attempt && step < capMs; i++) {
            step *= 2;
        }
        step = Math.min(step, capMs);
        double r = random01 < 0 ? 0 : (random01 >= 1 ? 0.999999 : random01);
        return (int) (step / 2 + r * step / 2);
    }

    public int capMs() {
        return capMs;
    }
}
