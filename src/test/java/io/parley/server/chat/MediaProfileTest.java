package io.parley.server.chat;

import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

/**
 * Over a real server: image and avatar URLs must be this server's files or an allowed media origin,
 * names lose bidi and control characters, a member's name is theirs (or the token's), and an
 * outsider cannot tell an existing gid from a missing one.
 */
public class MediaProfileTest extends ServerTestBase {
    private static final String CDN = "https://cdn.clinic.example";

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.mediaOrigins(List.of(CDN));
    }

    private String ownFile() {
        return "http://localhost:" + server.port() + "/files/2026/11/" + "0123456789abcdef".repeat(2) + ".jpg";
    }

    private static JsonNode image(TestClient c, String id, long gid, String url) throws InterruptedException {
        c.send(obj("type", "chat_message", "id", id, "clientMsgId", id, "gid", gid, "msgType", "image",
                "image", obj("url", url, "size", 100)));
        return answer(c, "chat_message_ack");
    }

    /** The answer of the given type or an error, whichever comes first (up to 5 s). */
    private static JsonNode answer(TestClient c, String type) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            JsonNode ok = c.poll(type, 0);
            JsonNode error = ok == null ? c.poll("error", 10) : null;
            if (ok != null || error != null) {
                return ok != null ? ok : error;
            }
        }
        throw new AssertionError("no answer: " + c.pending());
    }

    @Test
    public void imageUrlsMustBeOwnFilesOrAllowedOrigins() throws Exception {
        TestClient a = login("patient-1");
        long gid = createGroup(a, "consult", 5, "doctor-7");
        assertEquals(0, image(a, "own", gid, ownFile()).path("code").asInt());
        assertEquals(0, image(a, "cdn", gid, CDN + "/scans/x.png").path("code").asInt());
        String[] refused = {"http://169.254.169.254/latest/meta-data/iam", "http://127.0.0.1:8080/files/x.png",
            "https://tracker.example/pixel.gif?u=patient-1", "javascript:alert(1)", ownFile() + "?x",
            "http://localhost:" + server.port() + "/api/health", CDN + ".evil.example/x.png"};
        int i = 0;
        for (String url : refused) {
            JsonNode e = image(a, "bad" + i++, gid, url);
            assertEquals(e.toString(), ErrorCode.INVALID_FIELD.id, e.path("error").asText());
            assertTrue(e.toString(), e.path("msg").asText().contains("'image.url'"));
            assertTrue(e.toString(), e.path("msg").asText().contains(url.startsWith("javascript") ? "http(s)" : "/files/"));
        }
        assertEquals(2, count("SELECT COUNT(*) FROM messages"));
    }

    private JsonNode createGroup(TestClient c, String id, JsonNode group) throws InterruptedException {
        c.send(obj("type", "create_group", "id", id, "group", group));
        return answer(c, "create_group_result");
    }

    @Test
    public void avatarsFollowTheSameRule() throws Exception {
        TestClient a = login("owner");
        for (String bad : new String[] {"javascript:alert(document.cookie)", "https://evil.example/a.png",
            "data:image/svg+xml,<svg onload=alert(1)>", "群自定义头像"}) {
            JsonNode e = createGroup(a, "g", obj("name", "g", "avatar", bad));
            assertEquals(e.toString(), ErrorCode.INVALID_FIELD.id, e.path("error").asText());
            assertTrue(e.toString(), e.path("msg").asText().contains("'group.avatar'"));
        }
        assertEquals(0, count("SELECT COUNT(*) FROM groups"));
        JsonNode ok = createGroup(a, "g2", obj("name", "g", "avatar", ownFile()));
        assertEquals(ownFile(), ok.path("group").path("avatar").asText());
        assertEquals("", createGroup(a, "g3", obj("name", "g", "avatar", "")).path("group").path("avatar").asText());
        long gid = ok.path("gid").asLong();
        JsonNode e = createGroup(a, "u", obj("gid", gid, "modifyFiled", 2, "avatar", "javascript:x"));
        assertEquals(ErrorCode.INVALID_FIELD.id, e.path("error").asText());
        JsonNode u = createGroup(a, "u2", obj("gid", gid, "modifyFiled", 2, "avatar", CDN + "/a.png"));
        assertEquals(CDN + "/a.png", u.path("group").path("avatar").asText());
    }

    @Test
    public void namesLoseBidiAndControlsAndInviteesNameThemselves() throws Exception {
        TestClient owner = login("mallory");
        JsonNode r = createGroup(owner, "c", obj("name", "Care\u202E team\u0007", "nickName", "\u2067Dr.\u200B Who\u2069",
                "invitees", List.of(obj("pin", "bob", "app", APP, "nickName", "alice (owner)"))));
        assertEquals(r.toString(), 0, r.path("code").asInt());
        JsonNode g = r.path("group");
        assertEquals("Care team", g.path("name").asText());
        assertEquals("Dr. Who", g.path("nickName").asText());
        String members = g.path("members").toString();
        assertTrue(members, members.contains("\"pin\":\"bob\""));
        assertTrue("the inviter cannot name bob: " + members, !members.contains("alice (owner)"));
        long gid = r.path("gid").asLong();
        assertEquals(1, count("SELECT COUNT(*) FROM members WHERE pin = 'bob' AND nick_name IS NULL"));
        // a name of nothing visible is refused, not stored empty
        JsonNode e = createGroup(owner, "blank", obj("name", "\u202E\u200B "));
        assertEquals(ErrorCode.INVALID_FIELD.id, e.path("error").asText());
        // bob's messages show his pin until he names himself
        TestClient bob = login("bob");
        JsonNode ack = sendToGroup(bob, gid, "b1", "hi");
        assertEquals("bob", ack.path("message").path("from").path("nickName").asText());
    }

    @Test
    public void theTokensSignedNameIsTheDisplayName() throws Exception {
        TestClient c = connect();
        String token = server.tokenService().sign("p-9", APP, System.currentTimeMillis() / 1000 + 3600,
                "Ann \u202ELee\u0000");
        assertEquals(0, c.request(authPacket("a", token, "p-9", APP), "auth_ok").path("code").asInt());
        JsonNode r = createGroup(c, "c", obj("name", "g", "nickName", "the admin"));
        assertEquals("Ann Lee", r.path("group").path("nickName").asText());
        JsonNode ack = sendToGroup(c, r.path("gid").asLong(), "m", "hello");
        assertEquals("Ann Lee", ack.path("message").path("from").path("nickName").asText());
    }

    @Test
    public void unknownAndForeignGroupsGetTheSameAnswer() throws Exception {
        TestClient owner = login("owner");
        long gid = createGroup(owner, "private", 5);
        TestClient eve = login("eve");
        long missing = gid + 1000;
        for (String type : new String[] {"history", "sync", "read_state", "typing"}) {
            JsonNode a = eve.request(obj("type", type, "id", "x", "gid", gid, "afterMid", 0), "error");
            JsonNode b = eve.request(obj("type", type, "id", "x", "gid", missing, "afterMid", 0), "error");
            assertEquals(a.toString(), ErrorCode.NOT_MEMBER.id, a.path("error").asText());
            assertEquals(b.toString(), ErrorCode.NOT_MEMBER.id, b.path("error").asText());
            assertEquals(a.path("msg").asText().replace(String.valueOf(gid), "N"),
                    b.path("msg").asText().replace(String.valueOf(missing), "N"));
        }
        JsonNode a = createGroup(eve, "u", obj("gid", gid, "modifyFiled", 2, "name", "x"));
        JsonNode b = createGroup(eve, "u", obj("gid", missing, "modifyFiled", 2, "name", "x"));
        assertEquals(a.toString(), ErrorCode.NOT_MEMBER.id, a.path("error").asText());
        assertEquals(b.toString(), ErrorCode.NOT_MEMBER.id, b.path("error").asText());
        // a member who is not the owner learns nothing new from not_owner
        TestClient member = login("m1");
        long shared = createGroup(owner, "shared", 5, "m1");
        assertEquals(ErrorCode.NOT_OWNER.id, createGroup(member, "u", obj("gid", shared, "modifyFiled", 2, "name", "x"))
                .path("error").asText());
    }
}
