package io.parley.server.desk;

import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.bench.DeskSeed;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.testsupport.DeskSeeder;

/**
 * The tests' desk seeder: 1,000 conversations written into a started server's store are exactly what
 * the user then pages through over the wire (order, names, previews, unread), and the seeded
 * conversations are live ones (a message to one moves it to the top).
 */
public class DeskSeederTest extends ServerTestBase {
    @Test
    public void thousandConversationsPageInSeededOrder() throws Exception {
        long t0 = System.nanoTime();
        List<DeskSeed.Seeded> seeded = DeskSeeder.seed(server, "doctor-7", "parley.doctor", 1000);
        System.out.printf("DeskSeederTest: seeded 1,000 conversations in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals(1000, seeded.size());
        assertEquals("newest first", 999, seeded.get(0).index());

        TestClient doctor = login("doctor-7", "parley.doctor");
        List<JsonNode> listed = new ArrayList<>();
        String before = null;
        int pages = 0;
        while (true) {
            ObjectNode p = obj("type", "list_conversations", "id", "p" + pages, "limit", 100);
            if (before != null) {
                p.put("before", before);
            }
            JsonNode r = doctor.request(p, "list_conversations_result");
            assertEquals(r.toString(), 0, r.path("code").asInt());
            pages++;
            r.path("conversations").forEach(listed::add);
            if (r.path("end").asBoolean()) {
                break;
            }
            before = r.path("next").asText();
            assertTrue("more pages than conversations", pages <= 10);
        }
        assertEquals(10, pages);
        assertEquals(1000, listed.size());
        Set<Long> gids = new HashSet<>();
        for (int i = 0; i < listed.size(); i++) {
            JsonNode e = listed.get(i);
            DeskSeed.Seeded s = seeded.get(i);
            assertTrue("no repeats: " + e, gids.add(e.path("gid").asLong()));
            assertEquals(e.toString(), s.gid(), e.path("gid").asLong());
            assertEquals(e.toString(), "direct", e.path("kind").asText());
            assertEquals(e.toString(), s.name(), e.path("name").asText());
            assertEquals(e.toString(), s.peer().pin(), e.path("peer").path("pin").asText());
            assertEquals(e.toString(), DeskSeeder.PEER_APP, e.path("peer").path("appId").asText());
            assertEquals(e.toString(), s.text(), e.path("last").path("preview").asText());
            assertEquals(e.toString(), s.time(), e.path("time").asLong());
            assertEquals(e.toString(), 1, e.path("lastMid").asLong());
            assertEquals(e.toString(), 1, e.path("unread").asLong());
        }

        // the filter sees the seeded names too: "Patient 12" is 12, 120..129 and 120..129's hundreds
        JsonNode f = doctor.request(obj("type", "list_conversations", "id", "f", "limit", 100, "filter", "Patient 12"),
                "list_conversations_result");
        assertEquals(f.toString(), 11, f.path("conversations").size());

        // live conversations: the oldest one gets a message and comes first
        DeskSeed.Seeded oldest = seeded.get(999);
        TestClient patient = login(oldest.peer().pin(), DeskSeeder.PEER_APP);
        JsonNode ack = patient.request(obj("type", "chat_message", "id", "m", "clientMsgId", "m", "gid", oldest.gid(),
                "msgType", "text", "content", "still there?"), "chat_message_ack");
        assertEquals(ack.toString(), 0, ack.path("code").asInt());
        assertEquals(2, ack.path("mid").asLong());
        JsonNode top = doctor.request(obj("type", "list_conversations", "id", "t", "limit", 1), "list_conversations_result")
                .path("conversations").get(0);
        assertEquals(top.toString(), oldest.gid(), top.path("gid").asLong());
        assertEquals(top.toString(), 2, top.path("unread").asLong());
        assertFalse(top.path("last").path("preview").asText().isEmpty());
    }
}
