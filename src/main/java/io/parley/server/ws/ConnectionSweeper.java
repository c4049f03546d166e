package io.parley.server.ws;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.parley.protocol.Limits;

/**
 * Closes connections that have sent nothing for MISSED_HEARTBEATS_BEFORE_CLOSE heartbeat intervals, that
 * did not authenticate in time, whose token expired, or whose outbound queue stayed full: one timer task
 * sweeps all connections, instead of a scheduled task per connection.
 */
public final class ConnectionSweeper {
    private final Set<ChatSocket> open = ConcurrentHashMap.newKeySet();
    private final long silenceLimitNanos;
    private final long authDeadlineNanos;
    private final long stallLimitNanos;

    /**
     * authDeadlineMs: how long a socket may stay unauthenticated; stallMs: how long its outbound
     * queue may stay full. Both are checked on the same sweep.
     */
    public ConnectionSweeper(ScheduledExecutorService timer, long heartbeatMs, long authDeadlineMs, long stallMs) {
        this.silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs * Limits.MISSED_HEARTBEATS_BEFORE_CLOSE);
        this.authDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(authDeadlineMs);
        this.stallLimitNanos = TimeUnit.MILLISECONDS.toNanos(stallMs);
        // A tenth of the shortest limit (10 ms..250 ms): a close comes at most that late, and a revoked
        // or expired session well within a second.
        long period = Math.max(10, Math.min(250, Math.min(heartbeatMs, Math.min(authDeadlineMs, stallMs)) / 10));
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
            s.check(now, silenceLimitNanos, authDeadlineNanos, stallLimitNanos);
        }
    }
}
