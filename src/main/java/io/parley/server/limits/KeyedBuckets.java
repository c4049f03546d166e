package io.parley.server.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;

/**
 * One Bucket4j token bucket per key (a user, a connection), each holding capacity tokens refilled
 * greedily over period. Buckets idle for a whole period are full again, so they are dropped once the
 * map grows: memory stays proportional to recently active keys.
 */
final class KeyedBuckets<K> {
    /** Above this many buckets, a consume sweeps out the idle ones. */
    static final int SWEEP_ABOVE = 10_000;

    private final long capacity;
    private final Duration period;
    private final TimeMeter clock;
    private final Map<K, Entry> buckets = new ConcurrentHashMap<>();

    private record Entry(Bucket bucket, long[] lastUsedNanos) {
    }

    KeyedBuckets(long capacity, Duration period, TimeMeter clock) {
        // Bucket4j refills at most one token per nanosecond; a larger limit is as good as none
        this.capacity = Math.min(capacity, period.toNanos());
        this.period = period;
        this.clock = clock;
    }

    /**
     * Takes tokens from key's bucket: 0 when they were there, else the nanoseconds until they would be
     * (more than the capacity can never be taken: then the wait is a whole period).
     */
    long tryConsume(K key, long tokens) {
        if (tokens <= 0) {
            return 0; // nothing to count (an empty body)
        }
        long now = clock.currentTimeNanos();
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        Entry e = buckets.get(key); // this runs per message: no lambda or probe allocated unless needed
        if (e == null) {
            e = buckets.computeIfAbsent(key, this::newEntry);
        }
        e.lastUsedNanos[0] = now;
        if (tokens > capacity) {
            return period.toNanos();
        }
        if (e.bucket.tryConsume(tokens)) {
            return 0;
        }
        return Math.max(1, e.bucket.estimateAbilityToConsume(tokens).getNanosToWaitForRefill());
    }

    /**
     * SYNCHRONIZED, not Bucket4j's default lock-free strategy, which copies the bucket state on every
     * consume: a connection's buckets are taken by one thread at a time, a user's by a few.
     */
    private Entry newEntry(K key) {
        return new Entry(Bucket.builder()
                .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period))
                .withCustomTimePrecision(clock)
                .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
                .build(), new long[1]);
    }

    /** Forgets key (a closed connection). */
    void remove(K key) {
        buckets.remove(key);
    }

    int size() {
        return buckets.size();
    }

    long capacity() {
        return capacity;
    }

    void sweep(long now) {
        long idle = period.toNanos();
        buckets.values().removeIf(e -> now - e.lastUsedNanos[0] >= idle);
    }
}
