package io.parley.server.cluster;

import static io.parley.server.ServerTestBase.APP;
import static io.parley.server.ServerTestBase.authPacket;
import static io.parley.server.ServerTestBase.createGroup;
import static io.parley.server.ServerTestBase.sendToGroup;
import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.TestClient;

/**
 * Two node processes on PostgreSQL + Redis behind HAProxy (deploy/haproxy.cfg): a sender on one node
 * and a receiver on the other, directly and through the load balancer.
 */
public class MultiNodeTest {
    private static WebSocketClient ws;
    private ProcessCluster cluster;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeClass
    public static void startClient() throws Exception {
        ws = new WebSocketClient();
        ws.start();
    }

    @AfterClass
    public static void stopClient() throws Exception {
        ws.stop();
    }

    @Before
    public void startCluster() throws Exception {
        cluster = ProcessCluster.start();
    }

    @After
    public void stopCluster() {
        clients.forEach(TestClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private TestClient login(URI uri, String pin) throws Exception {
        TestClient c = TestClient.connect(ws, uri);
        clients.add(c);
        JsonNode ok = c.request(authPacket("login", cluster.token(pin, APP), pin, APP), "auth_ok");
        assertEquals(ok.toString(), 0, ok.path("code").asInt());
        return c;
    }

    @Test
    public void senderAndReceiverOnDifferentNodes() throws Exception {
        TestClient alice = login(cluster.direct(0), "alice");
        TestClient bob = login(cluster.direct(1), "bob");
        TestClient carol = login(cluster.lb().wsUri(null), "carol"); // wherever HAProxy puts her
        long gid = createGroup(alice, "care", 10, "bob", "carol");

        long mid = sendToGroup(alice, gid, "a1", "from node 1").path("mid").asLong();
        assertEquals(mid, bob.await("chat_message").path("msg").path("mid").asLong());
        assertEquals(mid, carol.await("chat_message").path("msg").path("mid").asLong());
        assertEquals(1, bob.await("unread").path("count").asLong());
        bob.request(obj("type", "read", "id", "r", "gid", gid, "mid", mid), "read_result");
        JsonNode receipt = alice.await("read_receipt");
        assertEquals("bob", receipt.path("reader").path("pin").asText());
        assertEquals(mid, receipt.path("mid").asLong());

        long back = sendToGroup(bob, gid, "b1", "from node 2").path("mid").asLong();
        assertEquals(mid + 1, back);
        assertEquals(back, alice.await("chat_message").path("msg").path("mid").asLong());

        alice.request(obj("type", "typing", "id", "t", "gid", gid), "typing_result");
        assertEquals("alice", bob.await("typing").path("from").path("pin").asText());
        alice.request(obj("type", "recall", "id", "rc", "gid", gid, "mid", mid), "recall_result");
        assertEquals(mid, bob.await("recalled").path("mid").asLong());

        // a resend of alice's message to the other node is answered with the original ack, not stored again
        TestClient aliceOnTwo = login(cluster.direct(1), "alice");
        JsonNode again = aliceOnTwo.request(obj("type", "chat_message", "id", "a1", "clientMsgId", "a1", "gid", gid,
                "msgType", "text", "content", "from node 1"), "chat_message_ack");
        assertEquals(mid, again.path("mid").asLong());
        assertNull("a resend is not pushed again", bob.poll("chat_message", 300));
        assertEquals(2, cluster.pg.number("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
    }
}
