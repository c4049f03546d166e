package io.parley.server.auth;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

/**
 * The signed {@code name} claim over the wire (docs/EMBEDDING.md "Identity"): in a 1:1 chat and in
 * a group every message carries the sender's name from their token, in the push, the ack and history,
 * whatever nickName a packet claims; a name is cleaned and cut like every name.
 */
public class DisplayNameTest extends ServerTestBase {
    private TestClient loginNamed(String pin, String name) throws Exception {
        TestClient c = connect();
        String token = server.tokenService().sign(pin, APP, System.currentTimeMillis() / 1000 + 600, name);
        c.request(authPacket("login", token, pin, APP), "auth_ok");
        return c;
    }

    @Test
    public void oneToOneMessagesCarryTheSendersSignedName() throws Exception {
        TestClient doctor = loginNamed("doctor-7", "Dr. Wang Li");
        TestClient patient = loginNamed("patient-1", "张三");
        JsonNode ack = sendTo(patient, "doctor-7", "c1", "hello doctor");
        assertEquals("张三", ack.path("message").path("from").path("nickName").asText());
        JsonNode push = doctor.await("chat_message").path("msg");
        assertEquals("patient-1", push.path("from").path("pin").asText());
        assertEquals("张三", push.path("from").path("nickName").asText());
        sendTo(doctor, "patient-1", "c2", "hello patient");
        assertEquals("Dr. Wang Li", patient.await("chat_message").path("msg").path("from").path("nickName").asText());

        long gid = ack.path("message").path("gid").asLong();
        List<String> names = new ArrayList<>();
        for (JsonNode m : history(loginNamed("patient-1", "张三"), gid, -1, 10).path("msgs")) {
            names.add(m.path("from").path("nickName").asText());
        }
        assertEquals(List.of("Dr. Wang Li", "张三"), names); // newest first
    }

    @Test
    public void inAGroupTheTokensNameBeatsThePacketsNickName() throws Exception {
        TestClient doctor = loginNamed("doctor-7", "Dr.\u202E Wang\n Li"); // cleaned: bidi override and line break
        TestClient patient = loginNamed("patient-1", "x".repeat(80)); // cut to 64 characters
        long gid = createGroup(doctor, "Consultation", 10, "patient-1"); // asks for nickName "owner-nick"
        JsonNode group = doctor.request(TestClient.obj("type", "create_group", "id", "u", "group",
                TestClient.obj("gid", gid, "modifyFiled", 2, "nickName", "someone else")), "create_group_result");
        assertEquals("Dr. Wang Li", group.path("group").path("nickName").asText());
        sendToGroup(patient, gid, "g1", "hi all");
        assertEquals("x".repeat(64), doctor.await("chat_message").path("msg").path("from").path("nickName").asText());
        sendToGroup(doctor, gid, "g2", "welcome");
        assertEquals("Dr. Wang Li", patient.await("chat_message").path("msg").path("from").path("nickName").asText());
        JsonNode members = doctor.request(TestClient.obj("type", "read_state", "id", "r", "gid", gid),
                "read_state_result").path("members");
        for (JsonNode m : members) {
            if (m.path("pin").asText().equals("doctor-7")) {
                assertEquals("Dr. Wang Li", m.path("nickName").asText());
            }
        }
    }

    /** The name of read_state_result's member. */
    private static String memberName(TestClient c, long gid, String pin) throws Exception {
        for (JsonNode m : c.request(TestClient.obj("type", "read_state", "id", "r" + pin, "gid", gid),
                "read_state_result").path("members")) {
            if (m.path("pin").asText().equals(pin)) {
                return m.path("nickName").asText();
            }
        }
        throw new AssertionError(pin + " is not a member of " + gid);
    }

    /**
     * Member lists name an invited member by their token's name once they have connected, also where
     * they have not written, and in conversations made afterwards while they are away.
     */
    @Test
    public void memberListsNameInvitedMembersByTheirTokensName() throws Exception {
        TestClient owner = loginNamed("doctor-7", "Dr. Wang Li");
        long before = createGroup(owner, "Before", 10, "patient-9");
        assertEquals("patient-9", memberName(owner, before, "patient-9")); // never connected: nothing else to show
        loginNamed("patient-9", "Ms. Zhao").close(); // connects once, writes nothing, leaves
        assertEquals("Ms. Zhao", memberName(owner, before, "patient-9"));
        long after = createGroup(owner, "After", 10, "patient-9"); // invited while away
        assertEquals("Ms. Zhao", memberName(owner, after, "patient-9"));
        // a one-to-one chat the doctor opens: the patient's name before they ever write in it
        long direct = sendTo(owner, "patient-9", "d1", "how are you?").path("message").path("gid").asLong();
        assertEquals("Ms. Zhao", memberName(owner, direct, "patient-9"));
        assertEquals("Dr. Wang Li", memberName(owner, direct, "doctor-7"));
    }
}
