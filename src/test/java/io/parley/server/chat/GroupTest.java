package io.parley.server.chat;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;

/** create_group (create and update), membership, ownership and the max cap. */
public class GroupTest extends ServerTestBase {

    /** The source's createGroup example, field for field. */
    static ObjectNode sourceGroup() throws Exception {
        // as in the source, except the avatar: "群自定义头像" is not a URL, and avatars must be files of this server
        return (ObjectNode) TestClient.JSON.readTree("{\"gid\":1111,\"name\":\"群test\",\"nickName\":\"aaa\","
                + "\"intro\":\"群组介绍test\",\"notice\":\"群公告group notice\",\"approvalRule\":\"identity\","
                + "\"sCode\":\"\",\"avatar\":\"\",\"modifyFiled\":1,\"canSearch\":1,\"max\":5,"
                + "\"kind\":1024,\"invitation\":\"邀请语hi join us\","
                + "\"invitees\":[{\"pin\":\"aaa\",\"app\":\"ee\",\"nickName\":\"咚咚\"},"
                + "{\"pin\":\"@im.jd.com\",\"app\":\"jd.waiter\",\"nickName\":\"京东客服\"}],"
                + "\"bizExt\":{\"accessType\":\"\"}}");
    }

    private static List<String> memberIds(JsonNode group) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : group.path("members")) {
            out.add(m.path("pin").asText() + "@" + m.path("appId").asText() + "=" + m.path("nickName").asText());
        }
        return out;
    }

    @Test
    public void createWithTheSourcesFieldsThenUpdateByOwner() throws Exception {
        TestClient owner = login("owner");
        String avatar = "http://localhost:" + server.port() + "/files/2026/11/" + "0123456789abcdef".repeat(2) + ".png";
        JsonNode r = owner.request(TestClient.obj("type", "create_group", "id", "2", "group",
                sourceGroup().put("avatar", avatar)),
                "create_group_result");
        assertEquals("2", r.path("id").asText());
        assertEquals(0, r.path("code").asInt());
        long gid = r.path("gid").asLong();
        assertTrue(gid > 0);
        assertNotEquals("a gid given on create is ignored", 1111, gid);
        JsonNode g = r.path("group");
        assertEquals(gid, g.path("gid").asLong());
        assertEquals("群test", g.path("name").asText());
        assertEquals("aaa", g.path("nickName").asText());
        assertEquals("群组介绍test", g.path("intro").asText());
        assertEquals("群公告group notice", g.path("notice").asText());
        assertEquals("identity", g.path("approvalRule").asText());
        assertEquals("", g.path("sCode").asText());
        assertEquals(avatar, g.path("avatar").asText());
        assertEquals(1, g.path("canSearch").asInt());
        assertEquals(5, g.path("max").asInt());
        assertEquals(1024, g.path("kind").asInt());
        assertEquals("邀请语hi join us", g.path("invitation").asText());
        assertEquals(TestClient.obj("accessType", ""), g.path("bizExt"));
        // invitees' nicknames are theirs to set, not the inviter's: they show as their pins
        assertEquals(List.of("owner@" + APP + "=aaa", "aaa@ee=aaa", "@im.jd.com@jd.waiter=@im.jd.com"), memberIds(g));

        ObjectNode update = TestClient.obj("gid", gid, "modifyFiled", 2, "name", "renamed", "notice", "new notice",
                "invitees", List.of(Map.of("pin", "carol", "app", APP, "nickName", "Carol")));
        JsonNode u = owner.request(TestClient.obj("type", "create_group", "id", "3", "group", update),
                "create_group_result");
        assertEquals(0, u.path("code").asInt());
        assertEquals(gid, u.path("gid").asLong());
        JsonNode ug = u.path("group");
        assertEquals("renamed", ug.path("name").asText());
        assertEquals("new notice", ug.path("notice").asText());
        assertEquals("fields not sent are kept", "群组介绍test", ug.path("intro").asText());
        assertEquals(5, ug.path("max").asInt());
        assertEquals(4, ug.path("members").size());
        assertTrue(memberIds(ug).contains("carol@" + APP + "=carol"));
    }

    @Test
    public void updateByNonOwnerIsRefused() throws Exception {
        TestClient owner = login("owner");
        long gid = createGroup(owner, "team", 10, "bob");
        TestClient bob = login("bob");
        bob.send(TestClient.obj("type", "create_group", "id", "u", "group",
                TestClient.obj("gid", gid, "modifyFiled", 2, "name", "hijacked", "invitees",
                        List.of(Map.of("pin", "mallory", "app", APP)))));
        bob.awaitError(ErrorCode.NOT_OWNER, "u");
        assertEquals("team", server.store().findGroup(gid).orElseThrow().name());
        assertEquals(2, count("SELECT COUNT(*) FROM members WHERE gid = " + gid));
    }

    @Test
    public void updateOfUnknownGroupAndWithoutGid() throws Exception {
        TestClient owner = login("owner");
        owner.send(TestClient.obj("type", "create_group", "id", "u", "group",
                TestClient.obj("gid", 999, "modifyFiled", 2, "name", "x")));
        owner.awaitError(ErrorCode.NOT_MEMBER, "u"); // the same answer as for a group one is not in
        owner.send(TestClient.obj("type", "create_group", "id", "v", "group",
                TestClient.obj("modifyFiled", 2, "name", "x")));
        JsonNode e = owner.awaitError(ErrorCode.INVALID_FIELD, "v");
        assertTrue(e.path("msg").asText().contains("'group.gid'"));
    }

    @Test
    public void maxExceededOnCreateStoresNothing() throws Exception {
        TestClient owner = login("owner");
        owner.send(TestClient.obj("type", "create_group", "id", "c", "group",
                TestClient.obj("name", "small", "modifyFiled", 1, "max", 2, "invitees",
                        List.of(Map.of("pin", "a", "app", APP), Map.of("pin", "b", "app", APP)))));
        JsonNode e = owner.awaitError(ErrorCode.GROUP_FULL, "c");
        assertTrue(e.path("msg").asText(), e.path("msg").asText().contains("2"));
        assertEquals(0, count("SELECT COUNT(*) FROM groups"));
        assertEquals(0, count("SELECT COUNT(*) FROM members"));
        // exactly at the cap is fine, creator included
        assertTrue(createGroup(owner, "ok", 3, "a", "b") > 0);
    }

    @Test
    public void maxExceededOnUpdateStoresNothing() throws Exception {
        TestClient owner = login("owner");
        long gid = createGroup(owner, "team", 3, "a");
        owner.send(TestClient.obj("type", "create_group", "id", "u", "group",
                TestClient.obj("gid", gid, "modifyFiled", 2, "name", "renamed", "invitees",
                        List.of(Map.of("pin", "b", "app", APP), Map.of("pin", "c", "app", APP)))));
        owner.awaitError(ErrorCode.GROUP_FULL, "u");
        assertEquals(2, count("SELECT COUNT(*) FROM members WHERE gid = " + gid));
        assertEquals("team", server.store().findGroup(gid).orElseThrow().name());

        owner.send(TestClient.obj("type", "create_group", "id", "v", "group",
                TestClient.obj("gid", gid, "modifyFiled", 2, "max", 1)));
        owner.awaitError(ErrorCode.GROUP_FULL, "v");
        assertEquals(3, server.store().findGroup(gid).orElseThrow().max());

        // re-inviting existing members does not count twice
        JsonNode ok = owner.request(TestClient.obj("type", "create_group", "id", "w", "group",
                TestClient.obj("gid", gid, "modifyFiled", 2, "invitees",
                        List.of(Map.of("pin", "a", "app", APP), Map.of("pin", "b", "app", APP)))), "create_group_result");
        assertEquals(3, ok.path("group").path("members").size());
    }

    @Test
    public void nonMemberCannotSendOrReadAndNothingIsStored() throws Exception {
        TestClient owner = login("owner");
        long gid = createGroup(owner, "team", 10, "bob");
        sendToGroup(owner, gid, "m1", "hello team");
        TestClient outsider = login("outsider");
        outsider.send(TestClient.obj("type", "chat_message", "id", "s", "clientMsgId", "x1", "gid", gid,
                "msgType", "text", "content", "let me in"));
        JsonNode e = outsider.awaitError(ErrorCode.NOT_MEMBER, "s");
        assertTrue(e.path("msg").asText().contains(String.valueOf(gid)));
        outsider.send(TestClient.obj("type", "history", "id", "h", "gid", gid, "startMid", -1, "count", 10));
        outsider.awaitError(ErrorCode.NOT_MEMBER, "h");
        assertEquals(1, count("SELECT COUNT(*) FROM messages"));
        assertEquals(1, history(owner, gid, -1, 10).path("total").asLong());
    }

    @Test
    public void unknownGroupIsNoSuchGroup() throws Exception {
        TestClient c = login("alice");
        c.send(TestClient.obj("type", "chat_message", "id", "s", "clientMsgId", "x", "gid", 4242, "content", "hi"));
        c.awaitError(ErrorCode.NOT_MEMBER, "s"); // not no_such_group: which gids exist stays hidden
        c.send(TestClient.obj("type", "history", "id", "h", "gid", 4242));
        c.awaitError(ErrorCode.NOT_MEMBER, "h");
    }

    @Test
    public void membersReceiveGroupMessagesWithTheirGroupNick() throws Exception {
        TestClient owner = login("owner");
        long gid = createGroup(owner, "team", 10, "bob", "carol");
        TestClient bob = login("bob");
        TestClient carol = login("carol");
        JsonNode ack = sendToGroup(bob, gid, "b1", "hi all");
        for (TestClient c : List.of(owner, carol)) {
            JsonNode msg = c.await("chat_message").path("msg");
            assertEquals(ack.path("mid").asLong(), msg.path("mid").asLong());
            assertEquals(gid, msg.path("gid").asLong());
            assertEquals("bob", msg.path("from").path("pin").asText());
            // the owner invited bob as "bob-nick", but only bob (or his token) names bob
            assertEquals("bob", msg.path("from").path("nickName").asText());
        }
        assertEquals("sender's own connection gets only the ack", null, bob.poll("chat_message", 300));
    }

    @Test
    public void fieldValidation() throws Exception {
        TestClient c = login("owner");
        Object[][] cases = {
            {"kind", 100, "'group.kind'"},
            {"kind", "1024", "'group.kind'"},
            {"max", 501, "'group.max'"},
            {"max", 0, "'group.max'"},
            {"canSearch", 2, "'group.canSearch'"},
            {"name", "", "'group.name'"},
            {"name", "x".repeat(65), "'group.name'"},
            {"name", 7, "'group.name'"},
            {"bizExt", List.of(1), "'group.bizExt'"},
            {"bizExt", Map.of("big", "x".repeat(5000)), "'group.bizExt'"},
            {"invitees", "bob", "'group.invitees'"},
            {"invitees", List.of(Map.of("app", APP)), "'group.invitees[0].pin'"},
            {"modifyFiled", "1", "'group.modifyFiled'"},
        };
        int n = 0;
        for (Object[] cse : cases) {
            ObjectNode g = TestClient.obj("name", "g", "modifyFiled", 1);
            g.set((String) cse[0], TestClient.JSON.valueToTree(cse[1]));
            String id = "v" + n++;
            c.send(TestClient.obj("type", "create_group", "id", id, "group", g));
            JsonNode e = c.awaitError(ErrorCode.INVALID_FIELD, id);
            assertTrue(e.toString(), e.path("msg").asText().contains((String) cse[2]));
        }
        c.send(TestClient.obj("type", "create_group", "id", "nog"));
        c.awaitError(ErrorCode.INVALID_FIELD, "nog");
        c.send(TestClient.obj("type", "create_group", "id", "noname", "group", TestClient.obj("modifyFiled", 1)));
        assertTrue(c.awaitError(ErrorCode.INVALID_FIELD, "noname").path("msg").asText().contains("'group.name'"));
        assertEquals(0, count("SELECT COUNT(*) FROM groups"));
    }

    @Test
    public void defaultsApplyOnCreate() throws Exception {
        TestClient c = login("owner");
        JsonNode r = c.request(TestClient.obj("type", "create_group", "id", "d", "group", TestClient.obj("name", "plain")),
                "create_group_result");
        JsonNode g = r.path("group");
        assertEquals(200, g.path("max").asInt());
        assertEquals(1024, g.path("kind").asInt());
        assertEquals("owner", g.path("nickName").asText());
        assertEquals(1, g.path("members").size());
    }
}
