package io.parley.server.desk;

import static io.parley.server.desk.ConversationPushTest.awaitUpdate;
import static io.parley.server.desk.ConversationPushTest.updates;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;

import org.junit.After;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.testsupport.Redis;

/**
 * Two started nodes on one PostgreSQL database, fanning out through Redis: a message stored through
 * node A updates the conversation list of a member connected only to node B, and of both connections
 * of a member connected to both, coalesced there too. The list reads the same from either node.
 */
public class ConversationPushTwoNodeTest extends ServerTestBase {
    private ParleyServer nodeB;
    private TestClient onB;

    @Override
    protected boolean onPostgres() {
        return true;
    }

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.fanout(Redis.shared()).fanoutPrefix(Redis.uniquePrefix());
    }

    @After
    public void stopNodeB() {
        if (onB != null) {
            onB.close();
        }
        if (nodeB != null) {
            nodeB.stop();
        }
    }

    private TestClient loginB(String pin) throws Exception {
        TestClient c = TestClient.connect(ws, URI.create("ws://localhost:" + nodeB.port() + "/ws"));
        c.request(authPacket("login", token(pin, APP), pin, APP), "auth_ok");
        return c;
    }

    @Test
    public void pushesReachAMemberOnTheOtherNode() throws Exception {
        nodeB = ParleyServer.start(server.config().toBuilder().port(0).dataDir(dataDir.resolveSibling("data-b")).build());
        onB = loginB("doctor"); // the doctor is connected to node B only
        TestClient patient = login("patient"); // node A
        long gid = sendTo(patient, "doctor", "m1", "hello from A").path("message").path("gid").asLong();
        JsonNode e = awaitUpdate(onB, gid, x -> x.path("lastMid").asLong() == 1);
        assertEquals("hello from A", e.path("last").path("preview").asText());
        assertEquals(1, e.path("unread").asLong());
        TestClient doctorOnA = login("doctor"); // and now to both
        sendTo(patient, "doctor", "m2", "to both").path("message").path("gid").asLong();
        awaitUpdate(doctorOnA, gid, x -> x.path("lastMid").asLong() == 2);
        awaitUpdate(onB, gid, x -> x.path("lastMid").asLong() == 2);

        int n = 100;
        for (int i = 0; i < n; i++) {
            patient.send(TestClient.obj("type", "chat_message", "id", "b" + i, "clientMsgId", "b" + i, "gid", gid,
                    "msgType", "text", "content", "burst " + i));
        }
        for (int i = 0; i < n; i++) {
            patient.await("chat_message_ack");
        }
        java.util.List<JsonNode> got = updates(onB, gid, 1500);
        System.out.println("two nodes: " + got.size() + " conversation_updated pushes on node B for " + n + " messages");
        assertTrue("coalesced across nodes too: " + got.size(), !got.isEmpty() && got.size() <= n / 10);
        assertEquals(n + 2, got.get(got.size() - 1).path("lastMid").asLong());
        assertEquals(n + 2, got.get(got.size() - 1).path("unread").asLong());
        JsonNode listedOnB = ConversationListTest.list(onB);
        assertEquals(n + 2, ConversationListTest.entry(listedOnB, gid).path("unread").asLong());
    }
}
