package io.parley.server.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.limits.Limit;

/** renew, revocation through the admin endpoint, the maximum token lifetime and the auth deadline. */
public class SessionTest extends ServerTestBase {
    private static final String ADMIN = "admin-secret-0123456789";

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.adminSecret(ADMIN).limit(Limit.TOKEN_LIFETIME_SECONDS, 7200).limit(Limit.AUTH_DEADLINE_MS, 300);
    }

    private String tokenFor(String pin, long lifetimeSeconds) {
        return server.tokenService().sign(pin, APP, System.currentTimeMillis() / 1000 + lifetimeSeconds);
    }

    @Test
    public void renewKeepsTheConnectionAndItsIdentity() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        long exp = System.currentTimeMillis() / 1000 + 3000;
        JsonNode ok = alice.request(TestClient.obj("type", "renew", "id", "r", "token",
                server.tokenService().sign("alice", APP, exp)), "renew_ok");
        assertEquals(exp, ok.path("exp").asLong());
        sendTo(alice, "bob", "after-renew", "still here"); // same connection, same identity
        bob.await("chat_message");

        alice.send(TestClient.obj("type", "renew", "id", "r2", "token", tokenFor("mallory", 600)));
        alice.awaitError(ErrorCode.IDENTITY_MISMATCH, "r2");
        assertEquals(1008, alice.awaitClose());
    }

    @Test
    public void aBadRenewTokenIsAnErrorAndTheSessionStays() throws Exception {
        TestClient alice = login("alice");
        alice.send(TestClient.obj("type", "renew", "id", "r", "token", "nonsense"));
        alice.awaitError(ErrorCode.BAD_TOKEN, "r");
        alice.send(TestClient.obj("type", "renew", "id", "r3", "token", tokenFor("alice", 99_999)));
        alice.awaitError(ErrorCode.BAD_TOKEN, "r3"); // over the maximum lifetime
        alice.request(TestClient.obj("type", "heartbeat", "id", "h"), "heartbeat_ack");
    }

    @Test
    public void aTokenBeyondTheMaximumLifetimeIsRefused() throws Exception {
        TestClient c = connect();
        c.send(authPacket("a", tokenFor("alice", 7300), "alice", APP));
        JsonNode e = c.awaitError(ErrorCode.BAD_TOKEN, "a");
        assertTrue(e.toString(), e.path("msg").asText().contains("maximum of 7200 s"));
        assertEquals(1008, c.awaitClose());
    }

    @Test
    public void revocationClosesEverySocketOfTheUserWithinASecond() throws Exception {
        TestClient a1 = login("alice");
        TestClient a2 = login("alice");
        TestClient bob = login("bob");
        String oldToken = token("alice", APP);
        long t0 = System.nanoTime();
        HttpResponse<String> r = revoke(ADMIN, "{\"pin\":\"alice\",\"appId\":\"" + APP + "\"}");
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals(2, TestClient.JSON.readTree(r.body()).path("closed").asInt());
        a1.awaitError(ErrorCode.REVOKED, null);
        assertEquals(1008, a1.awaitClose(1000));
        assertEquals(1008, a2.awaitClose(1000));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000);
        bob.request(TestClient.obj("type", "heartbeat", "id", "h"), "heartbeat_ack"); // others unaffected

        TestClient again = connect();
        again.send(authPacket("x", oldToken, "alice", APP));
        again.awaitError(ErrorCode.REVOKED, "x");
    }

    @Test
    public void revocationNeedsTheAdminSecret() throws Exception {
        assertEquals(401, revoke("wrong-secret-000000000", "{\"pin\":\"alice\",\"appId\":\"a\"}").statusCode());
        assertEquals(400, revoke(ADMIN, "{\"pin\":\"\"}").statusCode());
    }

    @Test
    public void anUnauthenticatedSocketIsClosedAtTheDeadlineEvenIfItSendsHeartbeats() throws Exception {
        TestClient c = connect();
        c.send(TestClient.obj("type", "heartbeat", "id", "h"));
        c.awaitError(ErrorCode.UNAUTHENTICATED, "h");
        c.awaitError(ErrorCode.AUTH_TIMEOUT, null);
        assertEquals(1008, c.awaitClose(2000));
    }

    private HttpResponse<String> revoke(String secret, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/admin/revoke")).header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
