package io.parley.server.postgres;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ParleyServer;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.testsupport.Mids;

/**
 * Two started Parley nodes (two servers on their own ports, pools and writers) sharing one PostgreSQL
 * database: senders on both nodes write to one conversation at the same moment, and mids stay gapless
 * and strictly increasing with no duplicates; a message resent to the other node gets the original ack.
 */
public class TwoNodeTest extends ServerTestBase {
    private ParleyServer nodeB;
    private final List<TestClient> clientsB = new ArrayList<>();

    @Override
    protected boolean onPostgres() {
        return true;
    }

    @After
    public void stopNodeB() {
        clientsB.forEach(TestClient::close);
        if (nodeB != null) {
            nodeB.stop();
        }
    }

    private void startNodeB() {
        nodeB = ParleyServer.start(server.config().toBuilder().port(0).dataDir(dataDir.resolveSibling("data-b")).build());
    }

    /** pin logged in on node B. */
    private TestClient loginB(String pin) throws Exception {
        TestClient c = TestClient.connect(ws, URI.create("ws://localhost:" + nodeB.port() + "/ws"));
        clientsB.add(c);
        JsonNode ok = c.request(authPacket("login", token(pin, APP), pin, APP), "auth_ok");
        assertEquals(0, ok.path("code").asInt());
        return c;
    }

    private static JsonNode message(long gid, String clientMsgId) {
        return TestClient.obj("type", "chat_message", "id", clientMsgId, "clientMsgId", clientMsgId, "gid", gid,
                "msgType", "text", "content", "text of " + clientMsgId);
    }

    @Test
    public void sendersOnBothNodesGetGaplessStrictlyIncreasingMids() throws Exception {
        startNodeB();
        TestClient alice = login("alice");
        long gid = createGroup(alice, "two nodes", 10, "bob", "carol", "dave");
        Map<String, TestClient> senders = new HashMap<>();
        senders.put("alice", alice);
        senders.put("bob", loginB("bob"));
        senders.put("carol", login("carol"));
        senders.put("dave", loginB("dave"));
        int perSender = 100;
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Long>>> runs = new ArrayList<>();
        for (Map.Entry<String, TestClient> s : senders.entrySet()) {
            runs.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perSender; i++) { // all in flight at once, acks read after
                    s.getValue().send(message(gid, s.getKey() + "-" + i));
                }
                List<Long> mids = new ArrayList<>();
                for (int i = 0; i < perSender; i++) {
                    JsonNode ack = s.getValue().await("chat_message_ack");
                    assertEquals(ack.toString(), 0, ack.path("code").asInt());
                    assertEquals("acks in send order", s.getKey() + "-" + i, ack.path("id").asText());
                    mids.add(ack.path("mid").asLong());
                }
                return mids;
            }));
        }
        go.countDown();
        List<List<Long>> got = new ArrayList<>();
        for (Future<List<Long>> r : runs) {
            got.add(r.get());
        }
        pool.shutdown();
        int total = senders.size() * perSender;
        Mids.assertGaplessAndIncreasing(got, total);
        assertEquals(total, count("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
        // both nodes read the same history
        assertEquals(total, history(alice, gid, -1, 1).path("total").asLong());
        assertEquals(total, history(senders.get("bob"), gid, -1, 1).path("total").asLong());
    }

    @Test
    public void aMessageResentToTheOtherNodeGetsTheOriginalAck() throws Exception {
        startNodeB();
        TestClient aliceOnA = login("alice");
        long gid = createGroup(aliceOnA, "resend", 5, "bob");
        JsonNode first = sendToGroup(aliceOnA, gid, "m1", "hello");
        sendToGroup(aliceOnA, gid, "m2", "again");
        aliceOnA.close(); // the connection drops; the SDK's outbox resends m1 through the balancer, to node B
        TestClient aliceOnB = loginB("alice");
        JsonNode resent = aliceOnB.request(message(gid, "m1"), "chat_message_ack");
        assertEquals(0, resent.path("code").asInt());
        assertEquals(first.path("mid").asLong(), resent.path("mid").asLong());
        assertEquals(first.path("timestamp").asLong(), resent.path("timestamp").asLong());
        assertEquals(2, count("SELECT COUNT(*) FROM messages WHERE gid = " + gid));

        // the same new message sent to both nodes at the same moment is stored once, both acks alike
        TestClient aliceOnA2 = login("alice");
        aliceOnA2.send(message(gid, "m3"));
        aliceOnB.send(message(gid, "m3"));
        JsonNode a = aliceOnA2.await("chat_message_ack");
        JsonNode b = aliceOnB.await("chat_message_ack");
        assertEquals(3, a.path("mid").asLong());
        assertEquals(3, b.path("mid").asLong());
        assertEquals(3, count("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
        assertEquals(3, sendToGroup(login("bob"), gid, "b1", "next").path("mid").asLong() - 1);
    }
}
