package io.parley.server.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Open connections per key (a user, a client address), refusing one over max. Keys at 0 are dropped. */
public final class ConnectionCounter<K> {
    private final int max;
    private final Map<K, Integer> open = new ConcurrentHashMap<>();

    public ConnectionCounter(long max) {
        this.max = (int) Math.min(Integer.MAX_VALUE, max);
    }

    /** Counts one more connection of key; false (nothing counted) when key already has max. */
    public boolean tryAcquire(K key) {
        boolean[] ok = new boolean[1];
        open.compute(key, (k, n) -> {
            int have = n == null ? 0 : n;
            ok[0] = have < max;
            return ok[0] ? have + 1 : n;
        });
        return ok[0];
    }

    /** One connection of key closed (after a successful tryAcquire). */
    public void release(K key) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    public int count(K key) {
        return open.getOrDefault(key, 0);
    }

    public int max() {
        return max;
    }

    /** Keys with at least one connection. */
    int keys() {
        return open.size();
    }
}
