package io.parley.server.ws;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** With heartbeatMs = 200 a connection silent for 3 intervals is closed with 1001; a chatty one stays. */
public class HeartbeatTest extends ServerTestBase {

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.heartbeatMs(200);
    }

    @Test
    public void authOkAnnouncesTheInterval() throws Exception {
        TestClient c = connect();
        JsonNode ok = c.request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
        assertEquals(200, ok.path("heartbeatMs").asLong());
    }

    @Test
    public void silentClientIsClosedWith1001() throws Exception {
        TestClient c = login("alice");
        assertEquals(1001, c.awaitClose(5000));
    }

    @Test
    public void silentUnauthenticatedClientIsClosedToo() throws Exception {
        TestClient c = connect();
        assertEquals(1001, c.awaitClose(5000));
    }

    @Test
    public void clientSendingHeartbeatsStaysOpen() throws Exception {
        TestClient chatty = login("alice");
        TestClient silent = login("bob");
        long until = System.currentTimeMillis() + 1500; // 7.5 intervals, 2.5 × the silence limit
        int n = 0;
        while (System.currentTimeMillis() < until) {
            JsonNode ack = chatty.request(TestClient.obj("type", "heartbeat", "id", "hb" + n), "heartbeat_ack");
            assertEquals("hb" + n, ack.path("id").asText());
            n++;
            Thread.sleep(100);
        }
        assertFalse("a client sending heartbeats must stay open", chatty.isClosed());
        assertEquals("the silent one was closed meanwhile", 1001, silent.awaitClose(5000));
        // and once it stops, it is closed as well
        assertEquals(1001, chatty.awaitClose(5000));
    }
}
