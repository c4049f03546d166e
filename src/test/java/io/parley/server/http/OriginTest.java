package io.parley.server.http;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.concurrent.ExecutionException;

import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.Test;

/** WebSocket upgrades: foreign origins get HTTP 403; own, configured and (dev) localhost origins pass. */
public class OriginTest extends ServerTestBase {

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.allowedOrigins(List.of("https://shop.example", "http://partner.example:8081"));
    }

    private void assertForbidden(String origin) throws Exception {
        try {
            connect(origin);
            fail("upgrade with Origin " + origin + " should be refused");
        } catch (ExecutionException e) {
            assertTrue("cause: " + e.getCause(), e.getCause() instanceof UpgradeException);
            assertEquals(403, ((UpgradeException) e.getCause()).getResponseStatusCode());
        }
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
