package io.parley.server.chat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.PacketType;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.Frame;
import io.parley.server.store.ReadStateStore;
import io.parley.server.store.UnreadChange;

/**
 * Sends {@code unread} pushes, at most one per user and conversation per window: the first change
 * after a quiet window goes out at once with the counts of its own commit (a later commit may already be
 * in memory), later ones are coalesced and sent when the window has passed with the counts read from the
 * store then, so the last push a user gets is never stale.
 */
public final class UnreadPusher {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadPusher.class);
    public static final long DEFAULT_WINDOW_MS = 150;

    private final ReadStateStore store;
    private final Fanout fanout;
    private final ScheduledExecutorService timer;
    private final long windowNanos;
    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();

    private record Key(UserId user, long gid) {
    }

    /** A (user, conversation) push state; guarded by the map's per-key compute. */
    private static final class Pending {
        boolean dirty;
        boolean scheduled;
        long lastSentNanos;
    }

    public UnreadPusher(ReadStateStore store, Fanout fanout, ScheduledExecutorService timer, long windowMs) {
        this.store = store;
        this.fanout = fanout;
        this.timer = timer;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        timer.scheduleWithFixedDelay(this::forgetIdle, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Committed changes of unread counts; users connected nowhere (presence) are skipped. The first change
     * of a (user, conversation) after a quiet window is pushed right here, on the committing thread, so
     * it carries the count as of that commit; later ones within the window go out once, when it ends.
     */
    public void changed(Collection<UnreadChange> changes) {
        for (UnreadChange c : changes) {
            if (!fanout.isOnline(c.user())) {
                continue; // nobody to tell; the next 'unread' request reads the count
            }
            Key key = new Key(c.user(), c.gid());
            long[] delay = {-1};
            pending.compute(key, (k, p) -> {
                Pending state = p != null ? p : new Pending();
                state.dirty = true;
                if (!state.scheduled) {
                    state.scheduled = true;
                    long since = System.nanoTime() - state.lastSentNanos;
                    delay[0] = p == null || since >= windowNanos ? 0 : windowNanos - since;
                }
                return state;
            });
            if (delay[0] == 0) {
                flush(key, c);
            } else if (delay[0] > 0) {
                try {
                    timer.schedule(() -> flush(key, null), delay[0], TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // stopping
                }
            }
        }
    }

    /** asOf: the change that triggered an immediate push, or null to read the current counts. */
    private void flush(Key key, UnreadChange asOf) {
        boolean[] due = {false};
        pending.computeIfPresent(key, (k, p) -> {
            due[0] = p.dirty;
            p.dirty = false;
            p.scheduled = false;
            p.lastSentNanos = System.nanoTime();
            return p;
        });
        if (!due[0]) {
            return;
        }
        try {
            UnreadChange now = asOf != null ? asOf : store.unreadNow(key.gid(), key.user());
            ObjectNode push = Packets.reply(PacketType.UNREAD, null);
            push.put("gid", key.gid());
            push.put("count", now.count());
            push.put("total", now.total());
            fanout.toUsers(List.of(key.user()), Frame.of(Json.write(push)), null);
        } catch (RuntimeException e) {
            LOG.warn("unread push to {} failed: {}", key.user(), e.toString());
        }
    }

    /** Drops the state of users with nothing pending for a while, so the map holds active users only. */
    private void forgetIdle() {
        long now = System.nanoTime();
        for (Key u : pending.keySet()) {
            pending.computeIfPresent(u, (k, p) -> !p.scheduled && now - p.lastSentNanos > windowNanos ? null : p);
        }
    }
}
