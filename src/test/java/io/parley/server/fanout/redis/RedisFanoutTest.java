package io.parley.server.fanout.redis;

import static io.parley.server.ServerTestBase.createGroup;
import static io.parley.server.ServerTestBase.sendToGroup;
import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.parley.server.InProcessCluster;
import io.parley.server.ParleyServer;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.ConnectionIds;
import io.parley.server.fanout.Endpoint;
import io.parley.server.fanout.Frame;
import io.parley.testsupport.Redis;

/**
 * Two Parley nodes in this JVM on one store, fanning out through real Redis: what one node produces
 * reaches the members connected to the other; presence expires with a dead node; /api/health reports
 * a lost Redis; after a Redis restart clients are told to resume and catch up by mid.
 */
public class RedisFanoutTest {
    private static final String APP = ServerTestBase.APP;
    private static WebSocketClient ws;

    @BeforeClass
    public static void startClient() throws Exception {
        ws = new WebSocketClient();
        ws.start();
    }

    @AfterClass
    public static void stopClient() throws Exception {
        ws.stop();
    }

    @Test
    public void messageRecallReadUnreadAndTypingReachTheOtherNode() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(Redis.shared(), Redis.uniquePrefix(), 2, ws)) {
            TestClient alice = cluster.login(0, "alice");
            TestClient aliceOnB = cluster.login(1, "alice");
            TestClient bob = cluster.login(1, "bob");
            long gid = createGroup(alice, "care", 10, "bob");

            JsonNode ack = sendToGroup(alice, gid, "m1", "hello from A");
            long mid = ack.path("mid").asLong();
            JsonNode push = bob.await("chat_message");
            assertEquals(mid, push.path("msg").path("mid").asLong());
            assertEquals("hello from A", push.path("msg").path("content").asText());
            assertEquals("the sender's other tab, on the other node", mid,
                    aliceOnB.await("chat_message").path("msg").path("mid").asLong());
            assertNull("not echoed to the sending connection", alice.poll("chat_message", 300));
            JsonNode unread = bob.await("unread");
            assertEquals(gid, unread.path("gid").asLong());
            assertEquals(1, unread.path("count").asLong());

            bob.request(obj("type", "read", "id", "r", "gid", gid, "mid", mid), "read_result");
            JsonNode receipt = alice.await("read_receipt");
            assertEquals("bob", receipt.path("reader").path("pin").asText());
            assertEquals(mid, receipt.path("mid").asLong());

            bob.request(obj("type", "typing", "id", "t", "gid", gid), "typing_result");
            assertEquals("bob", alice.await("typing").path("from").path("pin").asText());

            alice.request(obj("type", "recall", "id", "rc", "gid", gid, "mid", mid), "recall_result");
            JsonNode recalled = bob.await("recalled");
            assertEquals(mid, recalled.path("mid").asLong());
            assertEquals("alice", recalled.path("by").path("pin").asText());

            // and the other way round, one to one
            JsonNode back = bob.request(obj("type", "chat_message", "id", "b1", "clientMsgId", "b1", "toChat", "alice",
                    "toAppId", APP, "msgType", "text", "content", "hi from B"), "chat_message_ack");
            assertEquals(back.path("mid").asLong(), alice.await("chat_message").path("msg").path("mid").asLong());
        }
    }

    @Test
    public void presenceSeesUsersOnOtherNodesAndForgetsThemWhenTheyLeave() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(Redis.shared(), Redis.uniquePrefix(), 2, ws)) {
            UserId carol = new UserId("carol", APP);
            ParleyServer a = cluster.node(0);
            TestClient c = cluster.login(1, "carol");
            assertEquals(0, a.fanout().connectionCount(carol));
            eventually("node A sees carol, connected to node B", () -> a.fanout().isOnline(carol));
            c.close();
            eventually("node A sees carol gone", () -> !a.fanout().isOnline(carol));
        }
    }

    @Test
    public void framesReachTheUsersAndConnectionsOfTheOtherNodeOnly() throws Exception {
        String prefix = Redis.uniquePrefix();
        RedisFanout a = RedisFanout.connect(new RedisFanout.Options(Redis.shared(), prefix));
        RedisFanout b = RedisFanout.connect(new RedisFanout.Options(Redis.shared(), prefix));
        try {
            UserId erin = new UserId("erin", APP);
            List<String> onA = new ArrayList<>();
            List<String> onB = new ArrayList<>();
            List<String> otherTabOnB = new ArrayList<>();
            Endpoint sending = endpoint(erin, onA);
            a.register(sending);
            b.register(endpoint(erin, onB));
            Endpoint tab = endpoint(erin, otherTabOnB);
            b.register(tab);
            a.toUsers(List.of(erin), Frame.of("{\"n\":1}"), sending.connectionId());
            a.toConnection(tab.connectionId(), Frame.of("{\"n\":2}"));
            b.toUsers(List.of(erin), Frame.of("{\"n\":3}"), null);
            eventually("every frame arrived", () -> size(onA) == 1 && size(onB) == 2 && size(otherTabOnB) == 3);
            Thread.sleep(200); // and nothing more
            // frames from one node keep their order; frames from two nodes may interleave either way
            assertEquals(List.of("{\"n\":3}"), onA);
            assertEquals(Set.of("{\"n\":1}", "{\"n\":3}"), Set.copyOf(onB));
            assertEquals(Set.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), Set.copyOf(otherTabOnB));
            assertTrue("A's two frames in order", otherTabOnB.indexOf("{\"n\":1}") < otherTabOnB.indexOf("{\"n\":2}"));
        } finally {
            a.close();
            b.close();
        }
    }

    /** A burst of pushes crosses in order, several to a publication, not one PUBLISH each. */
    @Test
    public void aBurstCrossesInOrderInFewerPublicationsThanFrames() throws Exception {
        String prefix = Redis.uniquePrefix();
        RedisClient raw = RedisClient.create(Redis.shared());
        StatefulRedisPubSubConnection<String, String> watcher = raw.connectPubSub();
        AtomicInteger publications = new AtomicInteger();
        watcher.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                publications.incrementAndGet();
            }
        });
        watcher.sync().subscribe(prefix + "fanout");
        RedisFanout a = RedisFanout.connect(new RedisFanout.Options(Redis.shared(), prefix));
        RedisFanout b = RedisFanout.connect(new RedisFanout.Options(Redis.shared(), prefix));
        try {
            UserId fay = new UserId("fay", APP);
            List<String> onB = new ArrayList<>();
            b.register(endpoint(fay, onB));
            Thread.sleep(200); // B's ONLINE announcement is out of the way
            int before = publications.get();
            int frames = 500;
            for (int i = 0; i < frames; i++) {
                a.toUsers(List.of(fay), Frame.of("{\"n\":" + i + ",\"t\":\"\u00e9\\n\"}"), null);
            }
            eventually("the burst arrived", () -> size(onB) == frames);
            for (int i = 0; i < frames; i++) {
                assertEquals("{\"n\":" + i + ",\"t\":\"\u00e9\\n\"}", onB.get(i));
            }
            int used = publications.get() - before;
            assertTrue(frames + " frames in " + used + " publications", used < frames / 2);
        } finally {
            a.close();
            b.close();
            watcher.close();
            raw.shutdown();
        }
    }

    private static int size(List<String> l) {
        synchronized (l) {
            return l.size();
        }
    }

    /** A node that dies (no goodbye to Redis) stops counting once its entries expire: no ghosts. */
    @Test
    public void aDeadNodeLeavesNoGhosts() throws Exception {
        String prefix = Redis.uniquePrefix();
        RedisFanout survivor = RedisFanout.connect(new RedisFanout.Options(Redis.shared(), prefix, 600));
        RedisFanout dying = RedisFanout.connect(new RedisFanout.Options(Redis.shared(), prefix, 600));
        try {
            UserId dave = new UserId("dave", APP);
            List<String> got = new ArrayList<>();
            dying.register(endpoint(dave, got));
            eventually("the survivor sees dave", () -> survivor.isOnline(dave));
            Thread.sleep(1500); // heartbeats keep dave online past the TTL
            assertTrue("still online while his node lives", survivor.isOnline(dave) && survivor.isOnline(dave));
            dying.crash();
            eventually("dave expires with his node", () -> !survivor.isOnline(dave));
        } finally {
            survivor.close();
            dying.close();
        }
    }

    @Test
    public void healthIsServiceUnavailableWhileRedisIsDown() throws Exception {
        try (Redis redis = Redis.startOwn();
             InProcessCluster cluster = new InProcessCluster(redis.uri(), Redis.uniquePrefix(), 1, ws)) {
            URI health = cluster.node(0).baseUri().resolve("/api/health");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(up.body(), 200, up.statusCode());
            assertTrue(up.body(), up.body().contains("\"store\":\"ok\"") && up.body().contains("\"fanout\":\"ok\""));

            redis.kill();
            HttpResponse<String> down = awaitStatus(http, health, 503);
            assertTrue(down.body(), down.body().contains("\"ok\":false") && down.body().contains("Redis"));
            assertTrue(down.body(), down.body().contains("\"store\":\"ok\""));

            redis.start();
            awaitStatus(http, health, 200);
        }
    }

    /**
     * Redis restarts while alice (node A) keeps sending to bob (node B): everything is acked (the store
     * works), the frames published meanwhile are lost, so node B closes bob with 1012 once it is subscribed
     * again, and bob's resume (sync after his last mid) brings every message exactly once.
     */
    @Test
    public void afterARedisRestartClientsAreToldToResumeAndCatchUpByMid() throws Exception {
        try (Redis redis = Redis.startOwn();
             InProcessCluster cluster = new InProcessCluster(redis.uri(), Redis.uniquePrefix(), 2, ws)) {
            TestClient alice = cluster.login(0, "alice");
            TestClient bob = cluster.login(1, "bob");
            long gid = createGroup(alice, "restart", 10, "bob");
            sendToGroup(alice, gid, "before", "before the restart");
            long lastSeen = bob.await("chat_message").path("msg").path("mid").asLong();

            redis.kill();
            for (int i = 0; i < 5; i++) {
                sendToGroup(alice, gid, "during-" + i, "while Redis is down " + i);
            }
            redis.start();
            assertEquals("bob is told to resume", RedisFanout.CLOSE_RESYNC, bob.awaitClose(15_000));
            assertEquals("so is alice: her node was cut off too", RedisFanout.CLOSE_RESYNC, alice.awaitClose(15_000));

            // a connection may be told to resume twice (its node re-subscribed, then the other node announced
            // its lost publications, every 200 ms): log in again once both have settled
            eventually("both nodes fan out again", () -> cluster.node(0).fanout().problem() == null
                    && cluster.node(1).fanout().problem() == null);
            Thread.sleep(1000);
            TestClient bob2 = cluster.login(1, "bob");
            JsonNode sync = bob2.request(obj("type", "sync", "id", "s", "gid", gid, "afterMid", lastSeen), "sync_result");
            assertTrue(sync.toString(), sync.path("recovered").asBoolean());
            List<String> cids = new ArrayList<>();
            for (JsonNode m : sync.path("msgs")) {
                cids.add(m.path("clientMsgId").asText());
            }
            assertEquals(List.of("during-0", "during-1", "during-2", "during-3", "during-4"), cids);

            // and fan-out works again
            JsonNode ack = sendToGroup(cluster.login(0, "alice"), gid, "after", "after the restart");
            assertEquals(ack.path("mid").asLong(), bob2.await("chat_message").path("msg").path("mid").asLong());
        }
    }

    private static HttpResponse<String> awaitStatus(HttpClient http, URI uri, int status) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        HttpResponse<String> r;
        do {
            r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == status) {
                return r;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("health stayed " + r.statusCode() + " " + r.body() + ", expected " + status);
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    static Endpoint endpoint(UserId user, List<String> received) {
        String id = ConnectionIds.next();
        return new Endpoint() {
            @Override
            public String connectionId() {
                return id;
            }

            @Override
            public UserId user() {
                return user;
            }

            @Override
            public void send(Frame frame) {
                synchronized (received) {
                    received.add(frame.text());
                }
            }

            @Override
            public void close(int statusCode, String reason) {
                synchronized (received) {
                    received.add("close " + statusCode);
                }
            }
        };
    }
}
