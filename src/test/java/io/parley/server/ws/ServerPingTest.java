package io.parley.server.ws;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The server pings every authenticated connection every heartbeatMs. */
public class ServerPingTest extends ServerTestBase {

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.heartbeatMs(150);
    }

    @Test
    public void authenticatedConnectionsArePinged() throws Exception {
        TestClient c = connect();
        assertNull("no ping before auth", c.poll("ping", 400));
        JsonNode ok = c.request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
        assertEquals(150, ok.path("pingMs").asLong());
        long t0 = System.nanoTime();
        JsonNode p1 = c.await("ping");
        JsonNode p2 = c.await("ping");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertNotNull(p1.get("serverTime"));
        assertTrue(p2.path("serverTime").asLong() >= p1.path("serverTime").asLong());
        assertTrue("two pings in " + elapsedMs + " ms", elapsedMs < 1500);
        assertNull("pings carry no id", p1.get("id"));
    }
}
