package io.parley.server.chat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.parley.server.fanout.Fanout;
import io.parley.server.store.ChatStore;
import io.parley.server.store.DeskStore;

/**
 * How a server makes its {@link DeskPusher}: on its own timer thread (its pushes read the store), with
 * the unread pusher's window. The system property {@code parley.desk.push=off} leaves it out, for the
 * benchmark that prices it (docs/BENCHMARKS.md "Conversation list").
 */
public final class DeskPushes {
    public static final String PROPERTY = "parley.desk.push";

    private DeskPushes() {
    }

    public static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "parley-desk-push");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** The pusher, or null when the store keeps no conversation list or the property turns it off. */
    public static DeskPusher pusher(ChatStore store, Fanout fanout, ScheduledExecutorService timer) {
        if (!(store instanceof DeskStore desk) || "off".equals(System.getProperty(PROPERTY))) {
            return null;
        }
        return new DeskPusher(desk, fanout, timer, UnreadPusher.DEFAULT_WINDOW_MS);
    }
}
