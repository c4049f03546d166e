package io.parley.server.chat;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;

/** history paging: newest first, total, end, and the startMid hand-off between pages. */
public class HistoryTest extends ServerTestBase {

    private static List<Long> mids(JsonNode result) {
        List<Long> out = new ArrayList<>();
        for (JsonNode m : result.path("msgs")) {
            out.add(m.path("mid").asLong());
        }
        return out;
    }

    @Test
    public void emptyConversation() throws Exception {
        TestClient alice = login("alice");
        JsonNode r = alice.request(TestClient.obj("type", "history", "id", "5", "toChat", "bob", "toAppId", APP,
                "startMid", -1, "count", 10), "history_result");
        assertEquals("5", r.path("id").asText());
        assertEquals(0, r.path("code").asInt());
        assertTrue(r.path("gid").asLong() > 0);
        assertTrue(r.path("msgs").isArray());
        assertEquals(0, r.path("msgs").size());
        assertEquals(0, r.path("total").asLong());
        assertTrue(r.path("end").asBoolean());
        assertTrue(r.path("end").isBoolean());

        long gid = createGroup(alice, "quiet", 5);
        JsonNode g = history(alice, gid, -1, 10);
        assertEquals(0, g.path("msgs").size());
        assertTrue(g.path("end").asBoolean());
    }

    @Test
    public void exactlyTenMessagesWithCountTen() throws Exception {
        TestClient alice = login("alice");
        long gid = createGroup(alice, "ten", 5);
        for (int i = 1; i <= 10; i++) {
            sendToGroup(alice, gid, "m" + i, "message " + i);
        }
        JsonNode r = history(alice, gid, -1, 10);
        assertEquals(List.of(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L), mids(r));
        assertEquals(10, r.path("total").asLong());
        assertTrue("nothing older than mid 1", r.path("end").asBoolean());
        assertEquals("message 10", r.path("msgs").get(0).path("content").asText());
    }

    @Test
    public void twentyFiveMessagesInPagesOfTen() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        for (int i = 1; i <= 25; i++) {
            assertEquals(i, sendTo(i % 2 == 0 ? bob : alice, i % 2 == 0 ? "alice" : "bob", "m" + i, "n" + i)
                    .path("mid").asLong());
        }
        List<Long> all = new ArrayList<>();
        long start = -1;
        int[] sizes = {10, 10, 5};
        for (int page = 0; page < 3; page++) {
            JsonNode r = alice.request(TestClient.obj("type", "history", "id", "p" + page, "toChat", "bob",
                    "toAppId", APP, "startMid", start, "count", 10), "history_result");
            List<Long> mids = mids(r);
            assertEquals("page " + page, sizes[page], mids.size());
            assertEquals(25, r.path("total").asLong());
            assertEquals("end only on the last page", page == 2, r.path("end").asBoolean());
            for (int i = 1; i < mids.size(); i++) {
                assertTrue("newest first", mids.get(i - 1) > mids.get(i));
            }
            if (!all.isEmpty()) {
                assertTrue("pages continue below the previous startMid", mids.get(0) < start);
            }
            all.addAll(mids);
            start = mids.get(mids.size() - 1);
        }
        List<Long> expected = new ArrayList<>();
        for (long m = 25; m >= 1; m--) {
            expected.add(m);
        }
        assertEquals("1..25, no gaps, no repeats", expected, all);
    }

    @Test
    public void startMidBeyondTheEnd() throws Exception {
        TestClient alice = login("alice");
        long gid = createGroup(alice, "g", 5);
        for (int i = 1; i <= 3; i++) {
            sendToGroup(alice, gid, "m" + i, "x" + i);
        }
        JsonNode r = history(alice, gid, 1, 10);
        assertEquals(0, r.path("msgs").size());
        assertTrue(r.path("end").asBoolean());
        JsonNode top = history(alice, gid, 1000, 2);
        assertEquals(List.of(3L, 2L), mids(top));
        assertFalse(top.path("end").asBoolean());
    }

    @Test
    public void badPagingParameters() throws Exception {
        TestClient alice = login("alice");
        long gid = createGroup(alice, "g", 5);
        Object[][] cases = {
            {"count", 0}, {"count", 101}, {"count", "ten"}, {"count", 1.5},
            {"startMid", 0}, {"startMid", -2}, {"startMid", "x"},
        };
        int n = 0;
        for (Object[] c : cases) {
            String id = "b" + n++;
            alice.send(TestClient.obj("type", "history", "id", id, "gid", gid, (String) c[0], c[1]));
            JsonNode e = alice.awaitError(ErrorCode.INVALID_FIELD, id);
            assertTrue(e.toString(), e.path("msg").asText().contains("'" + c[0] + "'"));
        }
        alice.send(TestClient.obj("type", "history", "id", "none"));
        alice.awaitError(ErrorCode.INVALID_FIELD, "none");
    }
}
