package io.parley.server.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import io.parley.server.store.ReadStateStore;
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

    @Test
    public void coalescedPushesDueTogetherAreReadFromTheStoreTogether() throws Exception {
        List<UserId> readers = new ArrayList<>();
        Map<UserId, BlockingQueue<JsonNode>> frames = new ConcurrentHashMap<>();
        LocalFanout fanout = new LocalFanout();
        List<Long> gids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UserId u = new UserId("reader" + i, "app");
            readers.add(u);
            BlockingQueue<JsonNode> q = new LinkedBlockingQueue<>();
            frames.put(u, q);
            fanout.register(endpoint(u, q));
            gids.add(store.findOrCreateDirect(alice, u));
        }
        List<Integer> bulkSizes = new CopyOnWriteArrayList<>();
        ReadStateStore counting = new ReadStateStore() { // the real store, with its bulk reads counted
            public CompletableFuture<ReadMove> markRead(long gid, UserId user, long mid) {
                return store.markRead(gid, user, mid);
            }

            public long readCursor(long gid, UserId user) {
                return store.readCursor(gid, user);
            }

            public List<ReadCursor> readState(long gid) {
                return store.readState(gid);
            }

            public long unreadCount(long gid, UserId user) {
                return store.unreadCount(gid, user);
            }

            public long unreadTotal(UserId user) {
                return store.unreadTotal(user);
            }

            public List<UnreadChange> unreadNow(List<UnreadKey> keys) {
                bulkSizes.add(keys.size());
                return store.unreadNow(keys);
            }

            public List<Unread> unread(UserId user) {
                return store.unread(user);
            }
        };
        UnreadPusher pusher = new UnreadPusher(counting, fanout, timer, 300);
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < readers.size(); i++) {
                pusher.changed(store.append(draft(gids.get(i), "m" + round + "-" + i)).join().unread());
            }
        }
        for (UserId u : readers) {
            BlockingQueue<JsonNode> q = frames.get(u);
            assertEquals("at once, as of its commit", 1, q.poll(5, TimeUnit.SECONDS).path("count").asLong());
            assertEquals("at the window's end, the latest", 3, q.poll(5, TimeUnit.SECONDS).path("count").asLong());
        }
        assertEquals("every coalesced push was read in a bulk read", readers.size(),
                bulkSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue("pushes due on one tick share a read: " + bulkSizes, bulkSizes.size() <= 2);
    }

    private static Endpoint endpoint(UserId user, BlockingQueue<JsonNode> q) {
        return new Endpoint() {
            @Override
            public String connectionId() {
                return user.pin() + "-1";
            }

            @Override
            public UserId user() {
                return user;
            }

            @Override
            public void send(Frame frame) {
                q.add(Json.parse(frame.text()));
            }

            @Override
            public void close(int statusCode, String reason) {
                throw new AssertionError("nothing closes this connection");
            }
        };
    }

    private ChatMessage draft(long gid, String clientMsgId) {
        return new ChatMessage(gid, 0, alice, "alice", "text", "hi " + clientMsgId, null, clientMsgId,
                System.currentTimeMillis());
    }
}
