package io.parley.server.auth;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;

/** Login: every bad token is refused with its error and close 1008; a good one yields auth_ok. */
public class AuthTest extends ServerTestBase {

    private void assertRefused(JsonNode auth, ErrorCode expected) throws Exception {
        TestClient c = connect();
        c.send(auth);
        c.awaitError(expected, auth.path("id").asText());
        assertEquals(1008, c.awaitClose());
    }

    @Test
    public void goodTokenGetsAuthOk() throws Exception {
        TestClient c = connect();
        JsonNode ok = c.request(authPacket("a1", token("alice", APP), "alice", APP), "auth_ok");
        assertEquals("a1", ok.path("id").asText());
        assertEquals(0, ok.path("code").asInt());
        assertEquals("alice", ok.path("pin").asText());
        assertEquals(APP, ok.path("appId").asText());
        assertEquals(30000, ok.path("heartbeatMs").asLong());
        assertTrue(Math.abs(ok.path("serverTime").asLong() - System.currentTimeMillis()) < 60_000);
        assertEquals(1, server.fanout().connectionCount(new UserId("alice", APP)));
    }

    @Test
    public void authOkCarriesTheServersLimits() throws Exception {
        JsonNode ok = connect().request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
        JsonNode limits = ok.path("limits");
        assertEquals(server.config().recallWindowMs(), limits.path("recallWindowMs").asLong());
        assertEquals(io.parley.protocol.Limits.MAX_TEXT_CHARS, limits.path("maxTextChars").asLong());
        assertEquals(io.parley.protocol.Limits.TYPING_MIN_INTERVAL_MS, limits.path("typingIntervalMs").asLong());
        assertEquals(io.parley.protocol.Limits.TYPING_TTL_MS, limits.path("typingTtlMs").asLong());
        assertEquals(server.config().maxUploadBytes(), limits.path("maxUploadBytes").asLong());
        assertEquals(server.config().maxUploadPixels(), limits.path("maxUploadPixels").asLong());
        assertEquals(6, limits.size());
    }

    @Test
    public void missingToken() throws Exception {
        assertRefused(TestClient.obj("type", "auth", "id", "1", "pin", "alice", "appId", APP), ErrorCode.BAD_TOKEN);
    }

    @Test
    public void tokenOfWrongType() throws Exception {
        assertRefused(TestClient.obj("type", "auth", "id", "1", "token", 42, "pin", "alice", "appId", APP),
                ErrorCode.BAD_TOKEN);
    }

    @Test
    public void forgedToken() throws Exception {
        String forged = new TokenService("some-other-secret").sign("alice", APP, System.currentTimeMillis() / 1000 + 3600);
        assertRefused(authPacket("1", forged, "alice", APP), ErrorCode.BAD_TOKEN);
    }

    @Test
    public void tamperedClaims() throws Exception {
        String good = token("alice", APP);
        String otherBody = token("mallory", APP).split("\\.")[0];
        assertRefused(authPacket("1", otherBody + "." + good.split("\\.")[1], "mallory", APP), ErrorCode.BAD_TOKEN);
    }

    @Test
    public void expiredToken() throws Exception {
        long skew = server.config().clockSkewSeconds();
        String expired = server.tokenService().sign("alice", APP, System.currentTimeMillis() / 1000 - skew - 5);
        assertRefused(authPacket("1", expired, "alice", APP), ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    public void aTokenJustPastExpPassesWithinTheClockSkew() throws Exception {
        assertEquals(30, server.config().clockSkewSeconds()); // the documented default
        String late = server.tokenService().sign("alice", APP, System.currentTimeMillis() / 1000 - 10);
        assertEquals("alice", connect().request(authPacket("1", late, "alice", APP), "auth_ok").path("pin").asText());
        restart(server.config().toBuilder().port(0).clockSkewSeconds(0).build());
        late = server.tokenService().sign("alice", APP, System.currentTimeMillis() / 1000 - 10);
        assertRefused(authPacket("2", late, "alice", APP), ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    public void anExpInMillisecondsIsRefusedWithAMessageSayingSo() throws Exception {
        String millis = server.tokenService().sign("alice", APP, System.currentTimeMillis() + 600_000);
        TestClient c = connect();
        c.send(authPacket("ms", millis, "alice", APP));
        JsonNode e = c.awaitError(ErrorCode.BAD_TOKEN, "ms");
        assertTrue(e.toString(), e.path("msg").asText().startsWith("exp must be in seconds"));
        assertEquals(1008, c.awaitClose());
    }

    @Test
    public void malformedTokens() throws Exception {
        for (String bad : new String[] {"", "abc", "a.b.c", "!!!.@@@", ".", "eyJwaW4iOiJhIn0."}) {
            assertRefused(authPacket("m", bad, "alice", APP), ErrorCode.BAD_TOKEN);
        }
    }

    @Test
    public void pinMismatch() throws Exception {
        assertRefused(authPacket("1", token("alice", APP), "bob", APP), ErrorCode.IDENTITY_MISMATCH);
    }

    @Test
    public void appIdMismatch() throws Exception {
        assertRefused(authPacket("1", token("alice", APP), "alice", "other.app"), ErrorCode.IDENTITY_MISMATCH);
    }

    @Test
    public void missingPinIsAMismatch() throws Exception {
        assertRefused(TestClient.obj("type", "auth", "id", "1", "token", token("alice", APP), "appId", APP),
                ErrorCode.IDENTITY_MISMATCH);
    }

    @Test
    public void refusedConnectionIsNotRegistered() throws Exception {
        assertRefused(authPacket("1", token("alice", APP), "bob", APP), ErrorCode.IDENTITY_MISMATCH);
        assertEquals(0, server.fanout().connectionCount(new UserId("alice", APP)));
        assertEquals(0, server.fanout().connectionCount(new UserId("bob", APP)));
    }

    @Test
    public void packetBeforeAuthIsUnauthenticatedAndSocketStaysUsable() throws Exception {
        TestClient c = connect();
        c.send(TestClient.obj("type", "heartbeat", "id", "hb"));
        c.awaitError(ErrorCode.UNAUTHENTICATED, "hb");
        c.send(TestClient.obj("type", "chat_message", "id", "m", "clientMsgId", "x", "toChat", "bob", "content", "hi"));
        c.awaitError(ErrorCode.UNAUTHENTICATED, "m");
        assertFalse(c.isClosed());
        c.request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
        sendTo(c, "bob", "after-auth", "hello");
        assertEquals("nothing stored before auth", 1, count("SELECT COUNT(*) FROM messages"));
    }

    @Test
    public void secondAuthIsRefusedButConnectionStaysOpen() throws Exception {
        TestClient c = login("alice");
        c.send(authPacket("again", token("alice", APP), "alice", APP));
        c.awaitError(ErrorCode.ALREADY_AUTHENTICATED, "again");
        JsonNode ack = c.request(TestClient.obj("type", "heartbeat", "id", "hb"), "heartbeat_ack");
        assertEquals("hb", ack.path("id").asText());
        assertFalse(c.isClosed());
    }

    @Test
    public void badClientTypeIsInvalidFieldAndNotLoggedIn() throws Exception {
        TestClient c = connect();
        JsonNode auth = authPacket("a", token("alice", APP), "alice", APP).put("clientType", "fax");
        c.send(auth);
        JsonNode e = c.awaitError(ErrorCode.INVALID_FIELD, "a");
        assertTrue(e.path("msg").asText().contains("clientType"));
        c.send(TestClient.obj("type", "heartbeat", "id", "hb"));
        c.awaitError(ErrorCode.UNAUTHENTICATED, "hb");
    }
}
