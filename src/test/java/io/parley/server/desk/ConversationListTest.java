package io.parley.server.desk;

import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

/**
 * list_conversations over the wire (docs/PROTOCOL.md "Conversation list") against a started server:
 * newest activity first, previews of text, image, custom and recalled messages, the peers' signed names,
 * unread counts, paging through 1,000 conversations with no duplicate or gap, the prefix filter, and
 * every bad input answered with a clear error on a connection that stays usable.
 */
public class ConversationListTest extends ServerTestBase {
    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.mediaOrigins(List.of("https://cdn.example"));
    }

    protected TestClient loginNamed(String pin, String name) throws Exception {
        TestClient c = connect();
        String token = server.tokenService().sign(pin, APP, System.currentTimeMillis() / 1000 + 600, name);
        c.request(authPacket("login", token, pin, APP), "auth_ok");
        return c;
    }

    static JsonNode list(TestClient c, Object... fields) throws InterruptedException {
        ObjectNode p = obj("type", "list_conversations", "id", "l");
        for (int i = 0; i < fields.length; i += 2) {
            p.set((String) fields[i], TestClient.JSON.valueToTree(fields[i + 1]));
        }
        JsonNode r = c.request(p, "list_conversations_result");
        assertEquals(r.toString(), 0, r.path("code").asInt());
        assertEquals("l", r.path("id").asText());
        return r;
    }

    /** Returns once the clock shows a later millisecond than when called (message times are in ms). */
    static void nextMillisecond() throws InterruptedException {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() <= now) {
            Thread.sleep(1);
        }
    }

    static List<String> names(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("conversations").forEach(e -> out.add(e.path("name").asText()));
        return out;
    }

    static JsonNode entry(JsonNode result, long gid) {
        for (JsonNode e : result.path("conversations")) {
            if (e.path("gid").asLong() == gid) {
                return e;
            }
        }
        throw new AssertionError("no gid " + gid + " in " + result);
    }

    @Test
    public void newestFirstWithPreviewsNamesAndUnreadCounts() throws Exception {
        TestClient doctor = loginNamed("doctor-7", "Dr. Wang Li");
        TestClient anna = loginNamed("p-anna", "Anna");
        TestClient ben = loginNamed("p-ben", "Ben");
        TestClient chen = loginNamed("p-chen", "陈");
        long gAnna = sendTo(anna, "doctor-7", "a1", "hello doctor").path("message").path("gid").asLong();
        sendTo(anna, "doctor-7", "a2", "x".repeat(300));
        nextMillisecond(); // the list orders by time in ms: each step below must be strictly newer
        long gBen = ben.request(obj("type", "chat_message", "id", "b1", "clientMsgId", "b1", "toChat", "doctor-7",
                "toAppId", APP, "msgType", "image", "image", obj("url", "https://cdn.example/x.png", "size", 1234)),
                "chat_message_ack").path("message").path("gid").asLong();
        nextMillisecond();
        long gChen = chen.request(obj("type", "chat_message", "id", "c1", "clientMsgId", "c1", "toChat", "doctor-7",
                "toAppId", APP, "msgType", "rx.card", "payload", obj("drug", "x"), "fallbackText", "a prescription"),
                "chat_message_ack").path("message").path("gid").asLong();
        JsonNode page = list(doctor);
        assertEquals(List.of("陈", "Ben", "Anna"), names(page));
        assertTrue(page.path("end").asBoolean());
        assertNull("no next page", page.get("next"));

        JsonNode a = entry(page, gAnna);
        assertEquals("direct", a.path("kind").asText());
        assertEquals("p-anna", a.path("peer").path("pin").asText());
        assertEquals(APP, a.path("peer").path("appId").asText());
        assertEquals(2, a.path("unread").asLong());
        assertEquals(2, a.path("lastMid").asLong());
        assertEquals("x".repeat(120), a.path("last").path("preview").asText());
        assertEquals("Anna", a.path("last").path("from").path("nickName").asText());
        assertEquals(a.path("time").asLong(), a.path("last").path("timestamp").asLong());
        assertEquals("[image]", entry(page, gBen).path("last").path("preview").asText());
        assertEquals("image", entry(page, gBen).path("last").path("msgType").asText());
        assertEquals("a prescription", entry(page, gChen).path("last").path("preview").asText());
        assertEquals("rx.card", entry(page, gChen).path("last").path("msgType").asText());
        assertFalse(entry(page, gChen).path("last").has("recalled"));

        // the doctor answers Anna and recalls it: Anna's list shows the recall marker and no unread
        nextMillisecond();
        long mid = sendTo(doctor, "p-anna", "d1", "oops").path("message").path("mid").asLong();
        JsonNode forAnna = list(anna);
        assertEquals("Dr. Wang Li", entry(forAnna, gAnna).path("name").asText());
        assertEquals(1, entry(forAnna, gAnna).path("unread").asLong());
        doctor.request(obj("type", "recall", "id", "r", "gid", gAnna, "mid", mid), "recall_result");
        JsonNode recalled = entry(list(anna), gAnna);
        assertEquals("[recalled]", recalled.path("last").path("preview").asText());
        assertTrue(recalled.path("last").path("recalled").asBoolean());
        assertEquals(0, recalled.path("unread").asLong());
        JsonNode forDoctor = list(doctor);
        assertEquals("answering moved Anna to the top", List.of("Anna", "陈", "Ben"), names(forDoctor));
        assertEquals("sending reads everything before", 0, entry(forDoctor, gAnna).path("unread").asLong());
        assertEquals(1, entry(forDoctor, gBen).path("unread").asLong());

        long group = createGroup(doctor, "Cardiology", 10, "p-ben");
        JsonNode g = entry(list(ben), group);
        assertEquals("group", g.path("kind").asText());
        assertEquals("Cardiology", g.path("name").asText());
        assertFalse(g.has("peer"));
        assertFalse("no message yet", g.has("last"));
        assertEquals(0, g.path("lastMid").asLong());
    }

    @Test
    public void pagingThroughAThousandConversationsHasNoDuplicatesOrGaps() throws Exception {
        TestClient doctor = login("doctor");
        int n = 1000;
        for (int i = 0; i < n; i++) { // pipelined: the acks are awaited below
            doctor.send(obj("type", "chat_message", "id", "m" + i, "clientMsgId", "m" + i, "toChat", "patient-" + i,
                    "toAppId", APP, "msgType", "text", "content", "hello " + i));
        }
        Set<Long> sent = new HashSet<>();
        for (int i = 0; i < n; i++) {
            JsonNode ack = doctor.await("chat_message_ack");
            assertEquals(ack.toString(), 0, ack.path("code").asInt());
            sent.add(ack.path("message").path("gid").asLong());
        }
        assertEquals(n, sent.size());
        for (int limit : new int[] {100, 37}) {
            List<Long> seen = new ArrayList<>();
            long lastTime = Long.MAX_VALUE;
            long lastGid = Long.MAX_VALUE;
            String next = null;
            int pages = 0;
            while (true) {
                JsonNode page = next == null ? list(doctor, "limit", limit) : list(doctor, "limit", limit, "before", next);
                pages++;
                for (JsonNode e : page.path("conversations")) {
                    long t = e.path("time").asLong();
                    long gid = e.path("gid").asLong();
                    assertTrue("strictly after the previous entry", t < lastTime || (t == lastTime && gid < lastGid));
                    lastTime = t;
                    lastGid = gid;
                    seen.add(gid);
                }
                if (page.path("end").asBoolean()) {
                    assertNull(page.get("next"));
                    break;
                }
                assertEquals(limit, page.path("conversations").size());
                next = page.path("next").asText();
            }
            assertEquals(n, seen.size());
            assertEquals(sent, new HashSet<>(seen));
            assertEquals((n + limit - 1) / limit, pages);
        }
        assertEquals("the default page", 20, list(doctor).path("conversations").size());
    }

    @Test
    public void filterByNameOrPinPrefix() throws Exception {
        TestClient doctor = login("doctor");
        String[][] people = {{"p-anna", "Anna Li"}, {"p-andrew", "andrew"}, {"x-bob", "Bob"}, {"an-pin", "Zed"}};
        for (String[] p : people) {
            sendTo(loginNamed(p[0], p[1]), "doctor", "c-" + p[0], "hi");
        }
        assertEquals(List.of("Zed", "andrew", "Anna Li"), names(list(doctor, "filter", "an")));
        assertEquals(List.of("andrew", "Anna Li"), names(list(doctor, "filter", "AN")));
        assertEquals(List.of("andrew", "Anna Li"), names(list(doctor, "filter", "p-an")));
        assertEquals(List.of("Bob"), names(list(doctor, "filter", "  b ")));
        assertEquals("an empty filter is none", 4, list(doctor, "filter", "").path("conversations").size());
        assertEquals(0, list(doctor, "filter", "q").path("conversations").size());
        JsonNode first = list(doctor, "filter", "an", "limit", 2);
        assertEquals(List.of("Zed", "andrew"), names(first));
        assertEquals(List.of("Anna Li"), names(list(doctor, "filter", "an", "limit", 2, "before",
                first.path("next").asText())));
    }

    @Test
    public void aUserListsOnlyTheirOwnConversations() throws Exception {
        TestClient doctor = login("doctor");
        TestClient eve = login("eve");
        sendTo(login("patient"), "doctor", "p1", "private");
        assertEquals(1, list(doctor).path("conversations").size());
        assertEquals(0, list(eve).path("conversations").size());
        JsonNode asOther = list(eve, "pin", "doctor", "appId", APP, "gid", 1); // extra fields name nobody else
        assertEquals(0, asOther.path("conversations").size());
        String cursor = list(doctor, "limit", 1, "filter", "p").path("next").asText(null);
        assertNull("one conversation: no next page", cursor);
        TestClient anonymous = connect();
        anonymous.send(obj("type", "list_conversations", "id", "x"));
        anonymous.awaitError(ErrorCode.UNAUTHENTICATED, "x");
    }

    @Test
    public void badInputGetsAClearErrorAndTheConnectionStaysUsable() throws Exception {
        TestClient doctor = login("doctor");
        Object[][] bad = {
            {"limit", 0}, {"limit", 101}, {"limit", "10"}, {"limit", 1.5},
            {"filter", 7}, {"filter", "x".repeat(65)}, {"filter", "a\u0000b"}, {"filter", List.of("a")},
            {"before", ""}, {"before", "!!!"}, {"before", "YWJj"}, {"before", "x".repeat(65)}, {"before", 12},
            {"before", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTkuMQ"}, {"before", "LjE"}, {"before", "MS4yLjM"},
        };
        for (Object[] b : bad) {
            ObjectNode p = obj("type", "list_conversations", "id", "bad");
            p.set((String) b[0], TestClient.JSON.valueToTree(b[1]));
            doctor.send(p);
            JsonNode e = doctor.awaitError(ErrorCode.INVALID_FIELD, "bad");
            assertTrue(e.toString(), e.path("msg").asText().contains("'" + b[0] + "'"));
        }
        assertNotNull(list(doctor, "limit", 100).get("conversations"));
    }
}
