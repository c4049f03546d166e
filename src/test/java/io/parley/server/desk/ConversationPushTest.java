package io.parley.server.desk;

import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

/**
 * conversation_updated over the wire: every connection of every member hears of a new last message,
 * unread count or name; a burst is coalesced per user into far fewer pushes than messages, and the last
 * push of a burst carries the final state.
 */
public class ConversationPushTest extends ServerTestBase {
    /** Every conversation_updated entry for gid that c receives within ms (the latest last). */
    static List<JsonNode> updates(TestClient c, long gid, long ms) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + ms;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            JsonNode p = left > 0 ? c.poll("conversation_updated", left) : null;
            if (p == null) {
                return out;
            }
            assertNull("a push carries no request id", p.get("id"));
            for (JsonNode e : p.path("conversations")) {
                if (e.path("gid").asLong() == gid) {
                    out.add(e);
                }
            }
        }
    }

    /** Waits until a conversation_updated for gid satisfying done arrives; returns it. */
    static JsonNode awaitUpdate(TestClient c, long gid, java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TestClient.TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            JsonNode p = c.poll("conversation_updated", Math.max(1, deadline - System.currentTimeMillis()));
            if (p == null) {
                break;
            }
            for (JsonNode e : p.path("conversations")) {
                if (e.path("gid").asLong() == gid && done.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no conversation_updated for " + gid + " as expected; unconsumed: " + c.pending());
    }

    @Test
    public void aMessageReachesEveryConnectionOfEveryMember() throws Exception {
        TestClient doctorDesk = login("doctor");
        TestClient doctorPhone = login("doctor");
        TestClient patient = login("patient");
        TestClient patientTab2 = login("patient");
        long gid = sendTo(patient, "doctor", "m1", "hello").path("message").path("gid").asLong();
        for (TestClient c : List.of(doctorDesk, doctorPhone)) {
            JsonNode e = awaitUpdate(c, gid, x -> x.path("lastMid").asLong() == 1);
            assertEquals(1, e.path("unread").asLong());
            assertEquals("hello", e.path("last").path("preview").asText());
            assertEquals("patient", e.path("name").asText());
        }
        for (TestClient c : List.of(patient, patientTab2)) { // the sender's own list moves too
            JsonNode e = awaitUpdate(c, gid, x -> x.path("lastMid").asLong() == 1);
            assertEquals(0, e.path("unread").asLong());
        }
        doctorDesk.request(obj("type", "read", "id", "r", "gid", gid, "mid", 1), "read_result");
        assertEquals(1, awaitUpdate(doctorPhone, gid, x -> x.path("unread").asLong() == 0).path("lastMid").asLong());
        long mid = sendTo(patient, "doctor", "m2", "second").path("message").path("mid").asLong();
        awaitUpdate(doctorDesk, gid, x -> x.path("lastMid").asLong() == 2);
        patient.request(obj("type", "recall", "id", "rc", "gid", gid, "mid", mid), "recall_result");
        JsonNode recalled = awaitUpdate(doctorDesk, gid, x -> x.path("last").path("recalled").asBoolean());
        assertEquals("[recalled]", recalled.path("last").path("preview").asText());
        assertEquals(0, recalled.path("unread").asLong());
    }

    @Test
    public void aRenameIsPushedToTheMembers() throws Exception {
        TestClient doctor = login("doctor");
        TestClient nurse = login("nurse");
        long gid = createGroup(doctor, "Ward 3", 10, "nurse");
        assertEquals("Ward 3", awaitUpdate(nurse, gid, x -> true).path("name").asText());
        doctor.request(obj("type", "create_group", "id", "u", "group", obj("gid", gid, "modifyFiled", 2,
                "name", "Ward 4")), "create_group_result");
        awaitUpdate(nurse, gid, x -> x.path("name").asText().equals("Ward 4"));
        awaitUpdate(doctor, gid, x -> x.path("name").asText().equals("Ward 4"));
    }

    @Test
    public void aBurstIsCoalescedPerUserAndEndsWithTheFinalState() throws Exception {
        TestClient doctor = login("doctor");
        TestClient patient = login("patient");
        long gid = sendTo(patient, "doctor", "w", "warm up").path("message").path("gid").asLong();
        awaitUpdate(doctor, gid, x -> x.path("lastMid").asLong() == 1);
        Thread.sleep(300); // a quiet window: the burst's first push goes out at once
        int n = 200;
        for (int i = 0; i < n; i++) {
            patient.send(obj("type", "chat_message", "id", "b" + i, "clientMsgId", "b" + i, "gid", gid,
                    "msgType", "text", "content", "burst " + i));
        }
        for (int i = 0; i < n; i++) {
            patient.await("chat_message_ack");
        }
        List<JsonNode> got = updates(doctor, gid, 1500);
        List<JsonNode> own = updates(patient, gid, 10);
        System.out.println("conversation_updated pushes for a burst of " + n + " messages: doctor " + got.size()
                + ", sender " + own.size());
        assertTrue("far fewer pushes than messages: " + got.size(), got.size() >= 1 && got.size() <= n / 10);
        JsonNode last = got.get(got.size() - 1);
        assertEquals("the last push is the final state", n + 1, last.path("lastMid").asLong());
        assertEquals(n + 1, last.path("unread").asLong());
        assertEquals("burst " + (n - 1), last.path("last").path("preview").asText());
        assertTrue(own.size() <= n / 10);
    }

    @Test
    public void severalConversationsOfAUserShareOnePushPerWindow() throws Exception {
        TestClient doctor = login("doctor");
        List<TestClient> patients = new ArrayList<>();
        List<Long> gids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestClient p = login("patient-" + i);
            patients.add(p);
            gids.add(sendTo(p, "doctor", "w" + i, "warm up").path("message").path("gid").asLong());
        }
        updates(doctor, -1, 400); // drain
        Thread.sleep(200);
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 5; i++) {
                patients.get(i).send(obj("type", "chat_message", "id", "r" + round, "clientMsgId", "r" + round,
                        "gid", gids.get(i), "msgType", "text", "content", "round " + round));
            }
        }
        for (TestClient p : patients) {
            for (int round = 0; round < 10; round++) {
                p.await("chat_message_ack");
            }
        }
        int pushes = 0;
        int entries = 0;
        long[] lastMid = new long[5];
        long deadline = System.currentTimeMillis() + 1500;
        JsonNode p;
        while ((p = doctor.poll("conversation_updated", Math.max(1, deadline - System.currentTimeMillis()))) != null) {
            pushes++;
            for (JsonNode e : p.path("conversations")) {
                entries++;
                lastMid[gids.indexOf(e.path("gid").asLong())] = e.path("lastMid").asLong();
            }
        }
        System.out.println("50 messages in 5 conversations: " + pushes + " pushes carrying " + entries + " entries");
        assertTrue("one push per window carries every changed conversation: " + pushes, pushes <= 10);
        for (long m : lastMid) {
            assertEquals(11, m);
        }
    }
}
