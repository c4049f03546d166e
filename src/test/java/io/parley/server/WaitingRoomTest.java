package io.parley.server;

import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.dev.DevWaitingRoom;
import io.parley.testsupport.TestServer;

/**
 * The --dev waiting room: simulated patients (demo code loaded from target/demo-classes) write to the
 * demo doctor over real WebSockets, so the doctor's list_conversations fills and moves, conversation_updated
 * pushes arrive, and a doctor's reply is marked read by the patient. Off without --dev and with
 * --no-waiting-room; servers the tests start never have it unless a test opens it.
 */
public class WaitingRoomTest extends ServerTestBase {
    /** Fast enough for a test: first lines within 0.3 s, then one every 0.3-0.9 s per patient. */
    static final DevWaitingRoom.Pace FAST = new DevWaitingRoom.Pace(300, 300, 900);
    static final String DOCTOR = "doctor-7";
    static final String DOCTOR_APP = "parley.doctor";
    static final String PATIENT_APP = "parley.patient";
    static final String ADMIN_SECRET = "admin-secret-0123456789";

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.dev(true).adminSecret(ADMIN_SECRET);
    }

    private static DevWaitingRoom.Room open(ParleyServer s) throws Exception {
        return TestServer.openWaitingRoom(s, FAST);
    }

    /** The doctor's first page, by peer pin. */
    static Map<String, JsonNode> listByPeer(TestClient doctor) throws InterruptedException {
        JsonNode r = doctor.request(obj("type", "list_conversations", "id", "l", "limit", 50), "list_conversations_result");
        assertEquals(r.toString(), 0, r.path("code").asInt());
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode e : r.path("conversations")) {
            out.put(e.path("peer").path("pin").asText() + "@" + e.path("peer").path("appId").asText(), e);
        }
        return out;
    }

    /** Lists until done holds (10 s at most). */
    static Map<String, JsonNode> awaitList(TestClient doctor, Predicate<Map<String, JsonNode>> done, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        Map<String, JsonNode> last;
        do {
            last = listByPeer(doctor);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(what + "; last list: " + last.values());
    }

    private static long sum(Map<String, JsonNode> list, List<String> pins, String field) {
        return pins.stream().mapToLong(p -> list.get(p).path(field).asLong()).sum();
    }

    @Test
    public void patientsWriteAndTheDoctorsListMoves() throws Exception {
        try (DevWaitingRoom.Room room = open(server)) {
            List<String> patients = room.patients();
            assertTrue("several patients: " + patients, patients.size() >= 4);
            assertEquals(DOCTOR + "@" + DOCTOR_APP, room.doctor());
            TestClient doctor = login(DOCTOR, DOCTOR_APP);

            Map<String, JsonNode> first = awaitList(doctor, l -> patients.stream().allMatch(p -> l.containsKey(p)
                    && l.get(p).path("lastMid").asLong() >= 1 && l.get(p).path("unread").asLong() >= 1),
                    "every patient has written to the doctor");
            for (String p : patients) {
                JsonNode e = first.get(p);
                assertEquals(e.toString(), "direct", e.path("kind").asText());
                assertFalse("the patient's signed display name, not the pin: " + e,
                        p.startsWith(e.path("name").asText() + "@"));
                assertTrue("a preview of what they wrote: " + e, !e.path("last").path("preview").asText().isBlank());
            }
            Set<String> names = new java.util.HashSet<>();
            first.values().forEach(e -> names.add(e.path("name").asText()));
            assertTrue("zh-CN and English names: " + names, names.contains("李娜") && names.contains("Emma Clarke"));

            long mids = sum(first, patients, "lastMid");
            long unread = sum(first, patients, "unread");
            awaitList(doctor, l -> sum(l, patients, "lastMid") >= mids + patients.size()
                    && sum(l, patients, "unread") >= unread + patients.size(), "patients keep writing, unread grows");

            JsonNode push = doctor.await("conversation_updated");
            JsonNode entry = push.path("conversations").get(0);
            assertTrue("a push about a patient's conversation: " + push,
                    patients.contains(entry.path("peer").path("pin").asText() + "@" + PATIENT_APP));

            // the stored history is what the list says: the patient's own messages, under their name
            String lina = "patient-lina@" + PATIENT_APP;
            long gid = first.get(lina).path("gid").asLong();
            JsonNode h = history(doctor, gid, -1, 5);
            int hers = 0;
            for (JsonNode m : h.path("msgs")) {
                if ("patient-lina".equals(m.path("from").path("pin").asText())) {
                    assertEquals(m.toString(), "李娜", m.path("from").path("nickName").asText());
                    hers++;
                }
            }
            assertTrue(h.toString(), hers >= 1);

            // a custom type with its fallbackText: 张伟's second line is his blood pressure
            String zhang = "patient-zhangwei@" + PATIENT_APP;
            long zgid = awaitList(doctor, l -> l.get(zhang).path("lastMid").asLong() >= 2, "张伟 wrote twice").get(zhang)
                    .path("gid").asLong();
            JsonNode vitals = null;
            for (JsonNode m : history(doctor, zgid, 3, 1).path("msgs")) {
                vitals = m;
            }
            assertNotNull(vitals);
            assertEquals(vitals.toString(), 2, vitals.path("mid").asLong());
            assertEquals(vitals.toString(), "vitals", vitals.path("type").asText());
            assertEquals(vitals.toString(), 148, vitals.path("payload").path("systolic").asInt());
            assertTrue(vitals.toString(), vitals.path("fallbackText").asText().startsWith("[血压]"));
        }
    }

    /**
     * The doctor's reply is marked read by the patient's own read (a read_receipt up to its mid). Slow
     * writers here (8-9 s between lines, reading after 1-2 s, answers after 4 s or more), because a
     * patient's own next message would move their read cursor first and no receipt would be pushed.
     */
    @Test
    public void theDoctorsReplyIsMarkedRead() throws Exception {
        try (DevWaitingRoom.Room room = TestServer.openWaitingRoom(server, new DevWaitingRoom.Pace(300, 8000, 9000))) {
            TestClient doctor = login(DOCTOR, DOCTOR_APP);
            String lina = "patient-lina@" + PATIENT_APP;
            long gid = awaitList(doctor, l -> l.containsKey(lina), "patient-lina has written").get(lina).path("gid").asLong();
            JsonNode ack = doctor.request(obj("type", "chat_message", "id", "r1", "clientMsgId", "r1", "toChat",
                    "patient-lina", "toAppId", PATIENT_APP, "msgType", "text", "content", "多喝水，注意休息。"),
                    "chat_message_ack");
            assertEquals(ack.toString(), 0, ack.path("code").asInt());
            long mid = ack.path("mid").asLong();
            assertEquals(gid, ack.path("gid").asLong());
            long deadline = System.currentTimeMillis() + TestClient.TIMEOUT_MS;
            while (true) {
                JsonNode r = doctor.poll("read_receipt", Math.max(1, deadline - System.currentTimeMillis()));
                if (r == null) {
                    fail("patient-lina never read the doctor's reply; unconsumed: " + doctor.pending());
                }
                if (r.path("gid").asLong() == gid && "patient-lina".equals(r.path("reader").path("pin").asText())
                        && r.path("mid").asLong() >= mid) {
                    break;
                }
            }
            JsonNode state = doctor.request(obj("type", "read_state", "id", "rs", "gid", gid), "read_state_result");
            boolean found = false;
            for (JsonNode m : state.path("members")) {
                if ("patient-lina".equals(m.path("pin").asText())) {
                    found = true;
                    assertTrue(state.toString(), m.path("lastReadMid").asLong() >= mid);
                    assertEquals(state.toString(), "李娜", m.path("nickName").asText());
                }
            }
            assertTrue(state.toString(), found);
        }
    }

    /** A patient whose connection is cut (here: revoked) dials again with a fresh token and writes on. */
    @Test
    public void aPatientCutOffReconnects() throws Exception {
        try (DevWaitingRoom.Room room = open(server)) {
            TestClient doctor = login(DOCTOR, DOCTOR_APP);
            String emma = "patient-emma@" + PATIENT_APP;
            awaitList(doctor, l -> l.containsKey(emma), "patient-emma has written");
            java.net.http.HttpResponse<String> revoked = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(server.baseUri().resolve("/api/admin/revoke"))
                            .header("Authorization", "Bearer " + ADMIN_SECRET)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    obj("pin", "patient-emma", "appId", PATIENT_APP).toString())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(revoked.body(), 200, revoked.statusCode());
            assertEquals(revoked.body(), 1, TestClient.JSON.readTree(revoked.body()).path("closed").asInt());
            long after = listByPeer(doctor).get(emma).path("lastMid").asLong();
            awaitList(doctor, l -> l.get(emma).path("lastMid").asLong() >= after + 2, "patient-emma writes again");
        }
    }

    @Test
    public void closingTheRoomStopsThePatients() throws Exception {
        DevWaitingRoom.Room room = open(server);
        TestClient doctor = login(DOCTOR, DOCTOR_APP);
        awaitList(doctor, l -> l.size() >= room.patients().size(), "every patient has written");
        room.close();
        room.close(); // idempotent
        Thread.sleep(300); // what was in flight when it closed lands
        long mids = sum(listByPeer(doctor), room.patients(), "lastMid");
        Thread.sleep(FAST.maxGapMs() * 2);
        assertEquals("no patient writes once the room is closed", mids, sum(listByPeer(doctor), room.patients(), "lastMid"));
    }

    @Test
    public void onlyWithDevAndNotWithNoWaitingRoom() throws Exception {
        Map<String, String> env = Map.of();
        assertTrue(Main.parse(new String[] {"--dev"}, env).waitingRoom());
        assertFalse(Main.parse(new String[] {"--dev", "--no-waiting-room"}, env).waitingRoom());
        Main.Parsed prod = Main.parse(new String[] {"--token-secret", SECRET}, env);
        assertFalse(prod.waitingRoom());
        assertFalse(Main.parse(new String[] {"--token-secret", SECRET, "--serve-demo"}, env).waitingRoom());

        ParleyServer plain = ParleyServer.start(ServerConfig.builder().port(0).dataDir(tmp.newFolder("plain").toPath())
                .tokenSecret(SECRET).webappDir(tmp.newFolder("w").toPath()).demoDir(tmp.newFolder("d").toPath()).build());
        try {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            assertNull(Main.waitingRoom(prod, plain, new PrintStream(log, true, StandardCharsets.UTF_8)));
            assertEquals("", log.toString(StandardCharsets.UTF_8));
            try {
                DevWaitingRoom.start(plain, TestServer.demoClasses(), FAST, new StringBuilder());
                fail("the waiting room opened on a server without --dev");
            } catch (IllegalStateException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("--dev"));
            }
            TestClient doctor = TestClient.connect(ws, java.net.URI.create("ws://localhost:" + plain.port() + "/ws"));
            try {
                String token = plain.tokenService().sign(DOCTOR, DOCTOR_APP, System.currentTimeMillis() / 1000 + 600);
                assertEquals(0, doctor.request(authPacket("a", token, DOCTOR, DOCTOR_APP), "auth_ok").path("code").asInt());
                Thread.sleep(FAST.firstWithinMs() + FAST.maxGapMs());
                assertTrue("nobody wrote to the doctor", listByPeer(doctor).isEmpty());
            } finally {
                doctor.close();
            }
        } finally {
            plain.stop();
        }
    }

    @Test
    public void theRunCommandsPathOpensItFromTheBuiltDemoClasses() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        assertNull(Main.waitingRoom(Main.parse(new String[] {"--dev", "--no-waiting-room"}, Map.of()), server, out));
        assertEquals("", log.toString(StandardCharsets.UTF_8));
        // Main looks in target/demo-classes of the working folder, the README's run command's
        try (DevWaitingRoom.Room room = Main.waitingRoom(Main.parse(new String[] {"--dev"}, Map.of()), server, out)) {
            assertNotNull(log.toString(StandardCharsets.UTF_8), room);
            assertTrue(log.toString(StandardCharsets.UTF_8),
                    log.toString(StandardCharsets.UTF_8).contains("Waiting room: " + room.patients().size()
                            + " simulated patients are writing to " + DOCTOR + "@" + DOCTOR_APP));
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("/demo/desk.html"));
        }
    }
}
