package io.parley.server.chat;

import io.parley.protocol.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
import io.parley.server.store.ReadStateStore.UnreadKey;
import io.parley.server.store.UnreadChange;

/**
 * Sends {@code unread} pushes, at most one per user and conversation per window: the first change
 * after a quiet window goes out at once with the counts of its own commit (a later commit may already be
 * in memory), later ones are coalesced and sent when the window has passed with the counts read from the
 * store then, so the last push a user gets is never stale. Coalesced pushes fall due on a grid of ticks
 * (a third of the window, so up to that much later than the window's end), and all that fall due on one
 * tick are read from the store together ({@link ReadStateStore#unreadNow(List)}): with a remote store,
 * one round trip per tick instead of one per user.
 */
public final class UnreadPusher {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadPusher.class);
    public static final long DEFAULT_WINDOW_MS = 150;

    private final ReadStateStore store;
    private final Fanout fanout;
    private final PushWindows<UnreadKey, Void> windows;
    private final PushTicks<UnreadKey> ticks;

    public UnreadPusher(ReadStateStore store, Fanout fanout, ScheduledExecutorService timer, long windowMs) {
        this.store = store;
        this.fanout = fanout;
        this.windows = new PushWindows<>(windowMs, null);
        this.ticks = new PushTicks<>(timer, windows.windowNanos() / 3, this::sweep);
        timer.scheduleWithFixedDelay(windows::forgetIdle, 5, 5, TimeUnit.SECONDS);
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
            UnreadKey key = new UnreadKey(c.user(), c.gid());
            long delay = windows.changed(key, null);
            if (delay == 0) {
                if (windows.take(key, null)) {
                    push(c);
                }
            } else if (delay > 0) {
                ticks.later(key, System.nanoTime() + delay);
            }
        }
    }

    /** The coalesced pushes of one tick, their counts read from the store in one go. */
    private void sweep(List<UnreadKey> keys) {
        List<UnreadKey> taken = new ArrayList<>(keys.size());
        for (UnreadKey k : keys) {
            if (windows.take(k, null)) {
                taken.add(k);
            }
        }
        if (taken.isEmpty()) {
            return;
        }
        try {
            for (UnreadChange now : store.unreadNow(taken)) {
                push(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("unread pushes to {} users failed: {}", taken.size(), e.toString());
        }
    }

    private void push(UnreadChange now) {
        try {
            ObjectNode push = Packets.reply(PacketType.UNREAD, null);
            push.put(Field.GID, now.gid());
            push.put(Field.COUNT, now.count());
            push.put(Field.TOTAL, now.total());
            fanout.toUsers(List.of(now.user()), Frame.of(Json.write(push)), null);
        } catch (RuntimeException e) {
            LOG.warn("unread push to {} failed: {}", now.user(), e.toString());
        }
    }

}
