package io.parley.server.http;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;
import org.junit.Test;

/**
 * WebSocket upgrades: a foreign origin gets error origin_not_allowed and close 1008 (a browser could not
 * see an HTTP 403); own, configured and (dev) localhost origins pass.
 */
public class OriginTest extends ServerTestBase {

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.allowedOrigins(List.of("https://shop.example", "http://partner.example:8081"));
    }

    private void assertForbidden(String origin) throws Exception {
        assertRefused(connect(origin), origin);
    }

    /** The refused socket says why and closes 1008, nothing else. */
    static void assertRefused(TestClient c, String origin) throws Exception {
        JsonNode e = c.awaitError(ErrorCode.ORIGIN_NOT_ALLOWED, null);
        assertTrue(e.toString(), e.path("msg").asText().contains("--allowed-origins") && e.path("msg").asText().contains(origin));
        assertEquals(1008, c.awaitClose());
        assertEquals("nothing but the refusal: " + c.pending(), 0, c.pending().size());
    }

    private void assertAllowed(String origin) throws Exception {
        TestClient c = connect(origin);
        c.request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
    }

    @Test
    public void foreignOriginIsForbidden() throws Exception {
        assertForbidden("https://evil.example");
        assertForbidden("http://shop.example");          // scheme differs from the allowed https one
        assertForbidden("https://shop.example.evil.com");
        assertForbidden("null");
    }

    @Test
    public void localhostIsForbiddenWithoutDev() throws Exception {
        assertForbidden("http://localhost:5173");
        assertForbidden("http://127.0.0.1:3000");
    }

    @Test
    public void ownOriginIsAllowed() throws Exception {
        assertAllowed("http://localhost:" + server.port());
    }

    @Test
    public void configuredOriginsAreAllowed() throws Exception {
        assertAllowed("https://shop.example");
        assertAllowed("https://SHOP.example:443");
        assertAllowed("http://partner.example:8081");
    }

    @Test
    public void noOriginIsAllowed() throws Exception {
        assertAllowed(null);
    }
}
