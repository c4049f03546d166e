package io.parley.server.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

public class KeyedBucketsTest {
    private final FakeClock clock = new FakeClock();
    private final KeyedBuckets<String> buckets = new KeyedBuckets<>(60, Duration.ofMinutes(1), clock);

    @Test
    public void takesUpToTheCapacityThenSaysHowLongToWait() {
        for (int i = 0; i < 60; i++) {
            assertEquals("message " + i, 0, buckets.tryConsume("a", 1));
        }
        // greedy refill: 60 per minute is one per second
        assertEquals(1_000_000_000L, buckets.tryConsume("a", 1));
        assertEquals(0, buckets.tryConsume("b", 1)); // another key has its own bucket
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, buckets.tryConsume("a", 1));
        assertEquals(1_000_000_000L, buckets.tryConsume("a", 1));
    }

    @Test
    public void manyTokensAtOnce() {
        assertEquals(0, buckets.tryConsume("a", 60));
        assertEquals(30_000_000_000L, buckets.tryConsume("a", 30));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, buckets.tryConsume("a", 30));
    }

    @Test
    public void moreThanTheCapacityNeverPassesAndWaitsAWholePeriod() {
        assertEquals(60_000_000_000L, buckets.tryConsume("a", 61));
        assertEquals(0, buckets.tryConsume("a", 60)); // nothing was taken by the refused request
        assertEquals(60, buckets.capacity());
    }

    @Test
    public void aCapacityAboveOnePerNanosecondIsCapped() {
        KeyedBuckets<String> huge = new KeyedBuckets<>(Long.MAX_VALUE, Duration.ofSeconds(1), clock);
        assertEquals(1_000_000_000L, huge.capacity());
        assertEquals(0, huge.tryConsume("a", 1_000_000_000L));
        assertEquals(0, buckets.tryConsume("a", 0)); // nothing to take always passes
        assertEquals(0, buckets.size());
    }

    @Test
    public void aRemovedKeyStartsFull() {
        assertEquals(0, buckets.tryConsume("a", 60));
        buckets.remove("a");
        assertEquals(0, buckets.size());
        assertEquals(0, buckets.tryConsume("a", 60));
        assertEquals(1, buckets.size());
    }

    @Test
    public void sweepDropsOnlyBucketsIdleForAWholePeriod() {
        buckets.tryConsume("old", 1);
        clock.advance(Duration.ofSeconds(30));
        buckets.tryConsume("recent", 60);
        clock.advance(Duration.ofSeconds(30));
        buckets.sweep(clock.now);
        assertEquals(1, buckets.size());
        assertTrue(buckets.tryConsume("recent", 60) > 0); // kept: half refilled, not a fresh full bucket
    }

    @Test
    public void aLargeMapSweepsItselfOnConsume() {
        for (int i = 0; i <= KeyedBuckets.SWEEP_ABOVE; i++) {
            buckets.tryConsume("k" + i, 1);
        }
        assertEquals(KeyedBuckets.SWEEP_ABOVE + 1, buckets.size());
        clock.advance(Duration.ofSeconds(59));
        buckets.tryConsume("fresh", 1); // not idle long enough: nothing goes
        assertEquals(KeyedBuckets.SWEEP_ABOVE + 2, buckets.size());
        clock.advance(Duration.ofSeconds(1));
        buckets.tryConsume("fresher", 1);
        assertEquals(2, buckets.size());
    }

    @Test
    public void noSweepAtTheThreshold() {
        for (int i = 0; i < KeyedBuckets.SWEEP_ABOVE; i++) {
            buckets.tryConsume("k" + i, 1);
        }
        clock.advance(Duration.ofMinutes(2));
        buckets.tryConsume("k0", 1); // size == SWEEP_ABOVE: not above it
        assertEquals(KeyedBuckets.SWEEP_ABOVE, buckets.size());
    }
}
