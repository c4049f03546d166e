package io.parley.server.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ConversationFields;
import io.parley.protocol.PacketType;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.Frame;
import io.parley.server.store.DeskStore;
import io.parley.server.store.DeskStore.ConversationEntry;

/**
 * Sends {@code conversation_updated} pushes, coalesced per user the way {@link UnreadPusher} coalesces
 * per conversation: the first change after a quiet window goes out at once, later ones are collected
 * and sent together when the window has passed, each entry read from the store at sending time (so the
 * last push is never stale and a burst of N messages costs one read and one push per window, not N).
 * Coalesced pushes fall due on a grid of ticks (a third of the window, as in {@link UnreadPusher}), and
 * the entries of all users due on one tick are read together ({@link DeskStore#conversationsOf}): with a
 * remote store, one round trip per tick instead of one per user and window.
 * The members of a changed conversation are visited and the pushes built on the timer thread, off the
 * commit path (which only drops the gid into a map); pushes go through the {@link Fanout}, so they
 * reach the user's connections on every node. Users connected nowhere (presence) are skipped.
 */
public final class DeskPusher {
    private static final Logger LOG = LoggerFactory.getLogger(DeskPusher.class);

    private final DeskStore store;
    private final Fanout fanout;
    private final ScheduledExecutorService timer;
    private final PushWindows<UserId, Set<Long>> windows;
    private final PushTicks<UserId> ticks;
    /** Conversations changed for all their members, waiting for the timer thread to visit the members. */
    private final Map<Long, Collection<UserId>> spreading = new ConcurrentHashMap<>();

    public DeskPusher(DeskStore store, Fanout fanout, ScheduledExecutorService timer, long windowMs) {
        this.store = store;
        this.fanout = fanout;
        this.timer = timer;
        this.windows = new PushWindows<>(windowMs, LinkedHashSet::new);
        this.ticks = new PushTicks<>(timer, windows.windowNanos() / 3, this::sweep);
        timer.scheduleWithFixedDelay(windows::forgetIdle, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * gid's last message or name changed (committed) for all of members. O(1) here, on the commit
     * path: the members are visited on the timer thread, once for all the changes of gid that arrive
     * before it gets there (the newest member list wins).
     */
    public void conversationChanged(long gid, Collection<UserId> members) {
        if (spreading.put(gid, members) == null) {
            try {
                timer.execute(() -> spread(gid));
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    private void spread(long gid) {
        Collection<UserId> members = spreading.remove(gid);
        if (members != null) {
            touched(gid, members);
        }
    }

    /** gid's entry changed for these users only (their unread count there). */
    public void touched(long gid, Collection<UserId> users) {
        for (UserId u : users) {
            if (!fanout.isOnline(u)) {
                continue; // nobody to tell; list_conversations reads the current state
            }
            long delay = windows.changed(u, gids -> gids.add(gid));
            if (delay == 0) { // the first change after a quiet window: read and sent now
                try {
                    timer.execute(() -> sweep(List.of(u)));
                } catch (RejectedExecutionException e) {
                    // stopping
                }
            } else if (delay > 0) {
                ticks.later(u, System.nanoTime() + delay);
            }
        }
    }

    /** The pushes of users whose windows ended (one tick's, or one user's first): their entries read in one go. */
    private void sweep(List<UserId> users) {
        Map<UserId, List<Long>> due = new LinkedHashMap<>();
        for (UserId u : users) {
            List<Long> gids = new ArrayList<>();
            windows.take(u, held -> {
                gids.addAll(held);
                held.clear();
            });
            if (!gids.isEmpty()) {
                due.put(u, gids);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Map<UserId, List<ConversationEntry>> read;
        try {
            read = store.conversationsOf(due);
        } catch (RuntimeException e) {
            LOG.warn("conversation_updated pushes to {} users failed: {}", due.size(), e.toString());
            return;
        }
        for (Map.Entry<UserId, List<ConversationEntry>> e : read.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue; // no longer a member of any
            }
            try {
                ObjectNode push = Packets.reply(PacketType.CONVERSATION_UPDATED, null);
                push.set(ConversationFields.CONVERSATIONS, ConversationList.entries(e.getValue()));
                fanout.toUsers(List.of(e.getKey()), Frame.of(Json.write(push)), null);
            } catch (RuntimeException ex) {
                LOG.warn("conversation_updated push to {} failed: {}", e.getKey(), ex.toString());
            }
        }
    }
}
