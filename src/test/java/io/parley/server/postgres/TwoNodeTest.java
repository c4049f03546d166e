package io.parley.server.postgres;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import io.parley.server.media.TestImages;
import io.parley.testsupport.Mids;

/**
 * Two started Parley nodes (two servers on their own ports, pools and writers) sharing one PostgreSQL
 * database: senders on both nodes write to one conversation at the same moment, and mids stay gapless
 * and strictly increasing with no duplicates; a message resent to the other node gets the original ack;
 * an image uploaded through one node is served by the other (no shared filesystem: separate data dirs).
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

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<byte[]> get(int port, String path, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POST /api/upload as the SDK does it: the raw bytes with the user's token. */
    private static HttpResponse<String> upload(int port, byte[] body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/upload"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void anImageUploadedThroughOneNodeIsServedByTheOther() throws Exception {
        startNodeB();
        byte[] png = TestImages.png(21, 13);
        HttpResponse<String> up = upload(server.port(), png, token("alice", APP));
        assertEquals(up.body(), 200, up.statusCode());
        String path = URI.create(TestClient.JSON.readTree(up.body()).path("url").asText()).getPath();

        HttpResponse<byte[]> onB = get(nodeB.port(), path, "GET");
        assertEquals(200, onB.statusCode());
        assertArrayEquals(png, onB.body());
        assertEquals("image/png", onB.headers().firstValue("Content-Type").orElse(""));
        assertEquals("public, max-age=31536000, immutable", onB.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("nosniff", onB.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("default-src 'none'", onB.headers().firstValue("Content-Security-Policy").orElse(""));
        HttpResponse<byte[]> head = get(nodeB.port(), path, "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(png.length), head.headers().firstValue("Content-Length").orElse(""));

        // an id nobody uploaded is 404 on either node; so is a name outside the pattern
        String unknown = path.substring(0, path.lastIndexOf('/') + 1) + "0".repeat(32) + ".png";
        assertEquals(404, get(nodeB.port(), unknown, "GET").statusCode());
        assertEquals(404, get(server.port(), unknown, "GET").statusCode());
        assertEquals(404, get(nodeB.port(), path.replace(".png", ".gif"), "GET").statusCode());

        // uploading still needs a valid token, on either node
        assertEquals(401, upload(nodeB.port(), png, null).statusCode());
        assertEquals(401, upload(nodeB.port(), png, token("alice", APP) + "x").statusCode());
        assertEquals(1, count("SELECT COUNT(*) FROM media"));
        assertEquals(1, count("SELECT COUNT(*) FROM uploads WHERE owner_pin = 'alice'"));
        // nothing went to either node's disk
        assertFalse(Files.exists(dataDir.resolve("files")));
        assertFalse(Files.exists(dataDir.resolveSibling("data-b").resolve("files")));
        // B takes uploads too, and A serves them
        HttpResponse<String> upB = upload(nodeB.port(), TestImages.gif(3, 3), token("bob", APP));
        assertEquals(upB.body(), 200, upB.statusCode());
        String pathB = URI.create(TestClient.JSON.readTree(upB.body()).path("url").asText()).getPath();
        assertArrayEquals(TestImages.gif(3, 3), get(server.port(), pathB, "GET").body());
    }
}
