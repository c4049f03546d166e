package io.parley.server.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A grid of ticks for coalesced pushes, shared by the pushers: a key due at some time is swept on the
 * first tick at or after it, together with every other key due on that tick, so a pusher reads what it
 * sends for all of them at once (with a remote store, one round trip per tick instead of one per key).
 * A push goes out up to one tick later than its window's end.
 */
final class PushTicks<K> {
    private final ScheduledExecutorService timer;
    private final long tickNanos;
    private final Consumer<List<K>> sweep;
    /** Tick number -> the keys falling due on it; a tick's entry is removed (atomically) by its sweep. */
    private final Map<Long, Queue<K>> due = new ConcurrentHashMap<>();

    /** sweep: runs on the timer thread with a tick's keys, in the order they were queued. */
    PushTicks(ScheduledExecutorService timer, long tickNanos, Consumer<List<K>> sweep) {
        this.timer = timer;
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), tickNanos);
        this.sweep = sweep;
    }

    /** Queues key for the first tick at or after dueNanos (System.nanoTime), scheduling that tick if it is new. */
    void later(K key, long dueNanos) {
        long tick = Math.floorDiv(dueNanos, tickNanos) + 1;
        boolean[] fresh = {false};
        due.compute(tick, (t, q) -> {
            Queue<K> keys = q;
            if (keys == null) {
                keys = new ConcurrentLinkedQueue<>();
                fresh[0] = true;
            }
            keys.add(key);
            return keys;
        });
        if (fresh[0]) {
            try {
                timer.schedule(() -> run(tick), Math.max(0, tick * tickNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    private void run(long tick) {
        Queue<K> keys = due.remove(tick);
        if (keys != null) {
            sweep.accept(new ArrayList<>(keys));
        }
    }
}
