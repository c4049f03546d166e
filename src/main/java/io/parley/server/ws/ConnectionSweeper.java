package io.parley.server.ws;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.parley.protocol.Limits;

/**
 * Closes connections that have sent nothing for MISSED_HEARTBEATS_BEFORE_CLOSE heartbeat intervals:
 * one timer task sweeps all connections, instead of a scheduled task per connection.
 */
public final class ConnectionSweeper {
    private final Set<ChatSocket> open = ConcurrentHashMap.newKeySet();
    private final long silenceLimitNanos;

    public ConnectionSweeper(ScheduledExecutorService timer, long heartbeatMs) {
        this.silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs * Limits.MISSED_HEARTBEATS_BEFORE_CLOSE);
        // A tenth of an interval (10 ms..1 s): the close comes at most that late.
        long period = Math.max(10, Math.min(1000, heartbeatMs / 10));
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void add(ChatSocket s) {
        open.add(s);
    }

    void remove(ChatSocket s) {
        open.remove(s);
    }

    /** Connections open now (for shutdown and tests). */
    public int size() {
        return open.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (ChatSocket s : open) {
            s.checkSilence(now, silenceLimitNanos);
        }
    }
}
