package io.parley.server.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.auth.UserId;
import io.parley.server.fanout.Endpoint;
import io.parley.server.fanout.Frame;
import io.parley.server.fanout.LocalFanout;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.UnreadChange;
import io.parley.server.store.sqlite.SqliteChatStore;

/**
 * Coalesced unread pushes against a real SQLite store: an immediate push carries the counts of the
 * commit that caused it, even when a later commit is already in memory (a client that acts on the ack
 * can make that happen before the push is built); a coalesced one carries the counts at its end.
 */
public class UnreadPusherTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final UserId alice = new UserId("alice", "app");
    private final UserId bob = new UserId("bob", "app");
    private final BlockingQueue<JsonNode> bobFrames = new LinkedBlockingQueue<>();
    private SqliteChatStore store;
    private ScheduledExecutorService timer;

    @Before
    public void open() throws Exception {
        store = SqliteChatStore.open(tmp.newFolder("data").toPath());
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @After
    public void close() {
        timer.shutdownNow();
        store.close();
    }

    @Test
    public void theFirstPushCarriesItsOwnCommitsCountsAndTheCoalescedOneTheLatest() throws Exception {
        LocalFanout fanout = new LocalFanout();
        fanout.register(new Endpoint() {
            @Override
            public String connectionId() {
                return "bob-1";
            }

            @Override
            public UserId user() {
                return bob;
            }

            @Override
            public void send(Frame frame) {
                bobFrames.add(Json.parse(frame.text()));
            }

            @Override
            public void close(int statusCode, String reason) {
                throw new AssertionError("nothing closes this connection");
            }
        });
        UnreadPusher pusher = new UnreadPusher(store, fanout, timer, 50);
        long gid = store.findOrCreateDirect(alice, bob);
        List<UnreadChange> first = store.append(draft(gid, "m1")).join().unread();
        List<UnreadChange> second = store.append(draft(gid, "m2")).join().unread();
        assertEquals("the store already counts both", 2, store.unreadCount(gid, bob));

        pusher.changed(first);
        JsonNode push = bobFrames.poll(5, TimeUnit.SECONDS);
        assertNotNull("the first change is pushed at once", push);
        assertEquals("unread", push.path("type").asText());
        assertEquals(gid, push.path("gid").asLong());
        assertEquals("as of its own commit", 1, push.path("count").asLong());
        assertEquals(1, push.path("total").asLong());

        pusher.changed(second);
        JsonNode later = bobFrames.poll(5, TimeUnit.SECONDS);
        assertNotNull("a change within the window is pushed when it ends", later);
        assertEquals(2, later.path("count").asLong());
        assertEquals(2, later.path("total").asLong());
        assertTrue("one push per change window", bobFrames.poll(300, TimeUnit.MILLISECONDS) == null);
    }

    private ChatMessage draft(long gid, String clientMsgId) {
        return new ChatMessage(gid, 0, alice, "alice", "text", "hi " + clientMsgId, null, clientMsgId,
                System.currentTimeMillis());
    }
}
