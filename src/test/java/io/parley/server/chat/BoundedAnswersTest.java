package io.parley.server.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.limits.Limit;

/** Answers that could be large stop at the response budget and page on without gaps; limits answer clearly. */
public class BoundedAnswersTest extends ServerTestBase {
    private static final int BUDGET = 16 * 1024;

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.limit(Limit.RESPONSE_BYTES, BUDGET).limit(Limit.UNREAD_PAGE, 2).limit(Limit.GROUPS_PER_USER, 3)
                .limit(Limit.INVITATIONS_PER_USER_HOUR, 4);
    }

    @Test
    public void historyIsCutAtTheBudgetAndPagesOnWithoutGaps() throws Exception {
        TestClient alice = login("alice");
        long gid = createGroup(alice, "g", 5);
        String text = "x".repeat(3000);
        for (int i = 1; i <= 20; i++) {
            sendToGroup(alice, gid, "m" + i, text);
        }
        long next = -1;
        int seen = 0;
        int pages = 0;
        boolean end = false;
        while (!end) {
            JsonNode page = history(alice, gid, next, 20);
            assertTrue(page.toString().length() <= BUDGET);
            for (JsonNode m : page.path("msgs")) {
                assertEquals(20 - seen, m.path("mid").asLong()); // newest to oldest, no gap
                seen++;
                next = m.path("mid").asLong();
            }
            end = page.path("end").asBoolean();
            pages++;
        }
        assertEquals(20, seen);
        assertTrue("pages " + pages, pages >= 4); // 20 × 3 KB do not fit 16 KiB at once

        JsonNode after = alice.request(TestClient.obj("type", "history", "id", "a", "gid", gid, "startMid", 0,
                "count", 20, "direction", "after"), "history_result");
        assertFalse(after.path("end").asBoolean());
        assertEquals(1, after.path("msgs").get(0).path("mid").asLong());
        assertTrue(after.path("msgs").size() < 20);

        JsonNode sync = alice.request(TestClient.obj("type", "sync", "id", "s", "gid", gid, "afterMid", 0),
                "sync_result");
        assertFalse("does not fit: start over from the newest page", sync.path("recovered").asBoolean());
        assertEquals(0, sync.path("msgs").size());
        assertEquals(20, sync.path("lastMid").asLong());
        JsonNode small = alice.request(TestClient.obj("type", "sync", "id", "s2", "gid", gid, "afterMid", 18),
                "sync_result");
        assertTrue(small.path("recovered").asBoolean());
        assertEquals(2, small.path("msgs").size());
    }

    @Test
    public void unreadIsPagedAndSaysSo() throws Exception {
        TestClient owner = login("owner");
        TestClient bob = login("bob");
        for (int i = 0; i < 3; i++) {
            long gid = createGroup(owner, "g" + i, 5, "bob");
            sendToGroup(owner, gid, "m" + i, "hello");
        }
        JsonNode u = bob.request(TestClient.obj("type", "unread", "id", "u"), "unread_result");
        assertEquals(2, u.path("conversations").size());
        assertTrue(u.path("more").asBoolean());
        assertEquals(3, u.path("total").asLong()); // the total still counts every conversation
    }

    @Test
    public void groupQuotaAndInvitationsAnswerWithTheLimitsName() throws Exception {
        TestClient owner = login("owner");
        createGroup(owner, "g1", 5, "a", "b");
        createGroup(owner, "g2", 5, "c", "d");
        owner.send(TestClient.obj("type", "create_group", "id", "x", "group", TestClient.obj("name", "g3",
                "modifyFiled", 1, "invitees", java.util.List.of(TestClient.obj("pin", "e")))));
        JsonNode e = owner.awaitError(ErrorCode.RATE_LIMITED, "x");
        assertEquals("max-invitations-per-user-hour", e.path("limit").asText());
        assertTrue(e.path("retryAfterMs").asLong() > 0);
        createGroup(owner, "g3", 5); // no invitees: passes
        owner.send(TestClient.obj("type", "create_group", "id", "y", "group", TestClient.obj("name", "g4",
                "modifyFiled", 1)));
        JsonNode q = owner.awaitError(ErrorCode.QUOTA_EXCEEDED, "y");
        assertEquals("max-groups-per-user", q.path("limit").asText());
        assertFalse(q.has("retryAfterMs"));
        assertEquals(3, count("SELECT COUNT(*) FROM groups WHERE kind = 'group'"));
    }
}
