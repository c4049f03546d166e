package io.parley.server.limits;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;

/** A clock the test moves by hand: bucket refills without sleeping and without wall-clock timing. */
final class FakeClock implements TimeMeter {
    long now = 1_000_000_000L;

    @Override
    public long currentTimeNanos() {
        return now;
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    void advance(Duration d) {
        now += d.toNanos();
    }
}
