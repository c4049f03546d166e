package io.parley.server.store.sqlite;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Everything survives a restart on the same data dir; mids continue where they stopped. */
public class PersistenceTest extends ServerTestBase {

    @Test
    public void historyAndMidsSurviveARestart() throws Exception {
        TestClient alice = login("alice");
        long gid = createGroup(alice, "durable", 5, "bob");
        for (int i = 1; i <= 3; i++) {
            sendToGroup(alice, gid, "m" + i, "before restart " + i);
        }
        long direct = sendTo(alice, "bob", "d1", "direct before").path("gid").asLong();
        int oldPort = server.port();

        restart(server.config().toBuilder().port(0).build());
        assertEquals("stopping closes connections with 1001", 1001, alice.awaitClose());
        assertTrue(server.port() > 0 && oldPort > 0);

        TestClient bob = login("bob");
        JsonNode h = history(bob, gid, -1, 10);
        assertEquals(3, h.path("total").asLong());
        assertEquals("before restart 3", h.path("msgs").get(0).path("content").asText());
        assertEquals(4, sendToGroup(bob, gid, "b4", "after restart").path("mid").asLong());
        JsonNode d = sendTo(bob, "alice", "d2", "direct after");
        assertEquals("same direct conversation after restart", direct, d.path("gid").asLong());
        assertEquals(2, d.path("mid").asLong());
        // de-duplication also survives: the old clientMsgId gets the old ack
        TestClient alice2 = login("alice");
        JsonNode dup = sendToGroup(alice2, gid, "m2", "repeat");
        assertEquals(2, dup.path("mid").asLong());
        assertEquals(4, count("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
    }
}
