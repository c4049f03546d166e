package io.parley.server.chat;

import java.util.ArrayList;
import java.util.Collection;
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
    /** Conversations changed for all their members, waiting for the timer thread to visit the members. */
    private final Map<Long, Collection<UserId>> spreading = new ConcurrentHashMap<>();

    public DeskPusher(DeskStore store, Fanout fanout, ScheduledExecutorService timer, long windowMs) {
        this.store = store;
        this.fanout = fanout;
        this.timer = timer;
        this.windows = new PushWindows<>(windowMs, LinkedHashSet::new);
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
            if (delay >= 0) {
                try {
                    timer.schedule(() -> flush(u), delay, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // stopping
                }
            }
        }
    }

    private void flush(UserId user) {
        List<Long> due = new ArrayList<>();
        windows.take(user, gids -> {
            due.addAll(gids);
            gids.clear();
        });
        if (due.isEmpty()) {
            return;
        }
        try {
            List<ConversationEntry> entries = store.conversations(user, due);
            if (entries.isEmpty()) {
                return; // no longer a member of any
            }
            ObjectNode push = Packets.reply(PacketType.CONVERSATION_UPDATED, null);
            push.set(ConversationFields.CONVERSATIONS, ConversationList.entries(entries));
            fanout.toUsers(List.of(user), Frame.of(Json.write(push)), null);
        } catch (RuntimeException e) {
            LOG.warn("conversation_updated push to {} failed: {}", user, e.toString());
        }
    }

}
