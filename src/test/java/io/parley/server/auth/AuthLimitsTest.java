package io.parley.server.auth;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.protocol.Limits;
import io.parley.protocol.ServerLimits;
import org.junit.Test;

/** auth_ok tells clients the server's limits, so they follow the server instead of literals. */
public class AuthLimitsTest extends ServerTestBase {
    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.recallWindowMs(4321);
    }

    @Test
    public void authOkCarriesTheConfiguredRecallWindowAndTheTextAndTypingLimits() throws Exception {
        TestClient c = connect();
        JsonNode limits = c.request(authPacket("a1", token("alice", APP), "alice", APP), "auth_ok").path(ServerLimits.FIELD);
        assertEquals(4321, limits.path(ServerLimits.RECALL_WINDOW_MS).asLong());
        assertEquals(Limits.MAX_TEXT_CHARS, limits.path(ServerLimits.MAX_TEXT_CHARS).asInt());
        assertEquals(Limits.TYPING_MIN_INTERVAL_MS, limits.path(ServerLimits.TYPING_INTERVAL_MS).asInt());
        assertEquals(Limits.TYPING_TTL_MS, limits.path(ServerLimits.TYPING_TTL_MS).asInt());
        assertEquals(ServerConfig.DEFAULT_MAX_UPLOAD_BYTES, limits.path(ServerLimits.MAX_UPLOAD_BYTES).asLong());
        assertEquals(ServerConfig.DEFAULT_MAX_UPLOAD_PIXELS, limits.path(ServerLimits.MAX_UPLOAD_PIXELS).asLong());
    }
}
