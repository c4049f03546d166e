package io.parley.server.chat;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;

/**
 * Every malformed or invalid packet gets its named error, nothing is stored, and (unless the
 * protocol closes) the same connection still works afterwards.
 */
public class BadInputTest extends ServerTestBase {
    private TestClient alice;
    private long gid;
    private int okSends;

    @Before
    public void loginAndGroup() throws Exception {
        login("bob");
        alice = login("alice");
        gid = createGroup(alice, "g", 5, "bob");
    }

    private void assertStillWorks() throws Exception {
        okSends++;
        JsonNode ack = sendToGroup(alice, gid, "ok-" + okSends, "still here " + okSends);
        assertEquals(okSends, ack.path("mid").asLong());
        assertFalse(alice.isClosed());
        assertEquals("only valid messages are stored", okSends, count("SELECT COUNT(*) FROM messages"));
    }

    private JsonNode rejectRaw(String frame, ErrorCode code, String id) throws Exception {
        alice.sendRaw(frame);
        JsonNode e = alice.awaitError(code, id);
        assertStillWorks();
        return e;
    }

    private void rejectField(Map<String, Object> fields, String fieldName) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode p = TestClient.obj("type", "chat_message", "id", "bad");
        fields.forEach((k, v) -> p.set(k, TestClient.JSON.valueToTree(v)));
        alice.send(p);
        JsonNode e = alice.awaitError(ErrorCode.INVALID_FIELD, "bad");
        assertTrue("msg should name " + fieldName + ": " + e, e.path("msg").asText().contains("'" + fieldName + "'"));
        assertStillWorks();
    }

    @Test
    public void malformedJson() throws Exception {
        rejectRaw("{\"type\":\"heartbeat\"", ErrorCode.BAD_JSON, null);
        rejectRaw("not json at all", ErrorCode.BAD_JSON, null);
        rejectRaw("{\"type\":\"heartbeat\"} trailing", ErrorCode.BAD_JSON, null);
        rejectRaw("", ErrorCode.BAD_JSON, null);
    }

    @Test
    public void nonObjectJson() throws Exception {
        rejectRaw("[1,2,3]", ErrorCode.BAD_JSON, null);
        rejectRaw("\"hello\"", ErrorCode.BAD_JSON, null);
        rejectRaw("42", ErrorCode.BAD_JSON, null);
        rejectRaw("null", ErrorCode.BAD_JSON, null);
    }

    @Test
    public void unknownAndMissingType() throws Exception {
        JsonNode e = rejectRaw("{\"type\":\"launch_missiles\",\"id\":\"7\"}", ErrorCode.UNKNOWN_TYPE, "7");
        assertTrue(e.path("msg").asText().contains("launch_missiles"));
        rejectRaw("{\"id\":\"8\",\"content\":\"x\"}", ErrorCode.UNKNOWN_TYPE, "8");
        rejectRaw("{\"type\":5,\"id\":\"9\"}", ErrorCode.UNKNOWN_TYPE, "9");
    }

    @Test
    public void badId() throws Exception {
        rejectRaw("{\"type\":\"heartbeat\",\"id\":\"" + "x".repeat(65) + "\"}", ErrorCode.INVALID_FIELD, null);
        rejectRaw("{\"type\":\"heartbeat\",\"id\":12}", ErrorCode.INVALID_FIELD, null);
    }

    @Test
    public void missingOrWrongTypedFields() throws Exception {
        rejectField(Map.of("gid", gid, "content", "no client id"), "clientMsgId");
        rejectField(Map.of("clientMsgId", "", "gid", gid, "content", "x"), "clientMsgId");
        rejectField(Map.of("clientMsgId", "x".repeat(65), "gid", gid, "content", "x"), "clientMsgId");
        rejectField(Map.of("clientMsgId", 5, "gid", gid, "content", "x"), "clientMsgId");
        rejectField(Map.of("clientMsgId", "c", "gid", "x", "content", "x"), "gid");
        rejectField(Map.of("clientMsgId", "c", "gid", -3, "content", "x"), "gid");
        rejectField(Map.of("clientMsgId", "c", "gid", 1.5, "content", "x"), "gid");
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "content", 123), "content");
        rejectField(Map.of("clientMsgId", "c", "gid", gid), "content");
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "content", "x", "msgType", 3), "msgType");
        rejectField(Map.of("clientMsgId", "c", "content", "nowhere"), "gid");
        rejectField(Map.of("clientMsgId", "c", "toChat", 17, "content", "x"), "toChat");
    }

    @Test
    public void textLimits() throws Exception {
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "content", "x".repeat(5001)), "content");
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "content", ""), "content");
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "content", " \t\n\r\u3000\u00a0 "), "content");
        // exactly 5000 characters is fine
        JsonNode ack = alice.request(TestClient.obj("type", "chat_message", "id", "max", "clientMsgId", "max",
                "gid", gid, "content", "y".repeat(5000)), "chat_message_ack");
        assertEquals(0, ack.path("code").asInt());
        okSends++;
    }

    @Test
    public void badCustomTypes() throws Exception {
        Map<String, Object> payload = Map.of("k", "v");
        for (String bad : List.of("9lives", "system", "recall", "has space", "x".repeat(33), "", "ünï")) {
            rejectField(Map.of("clientMsgId", "c", "gid", gid, "msgType", bad, "payload", payload), "msgType");
        }
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "msgType", "order"), "payload");
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "msgType", "order", "payload", List.of(1)), "payload");
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "msgType", "order", "payload", "str"), "payload");
        rejectField(Map.of("clientMsgId", "c", "gid", gid, "msgType", "order",
                "payload", Map.of("big", "z".repeat(17 * 1024))), "payload");
    }

    @Test
    public void binaryFrame() throws Exception {
        alice.sendBinary(new byte[] {1, 2, 3});
        alice.awaitError(ErrorCode.BINARY_NOT_SUPPORTED, null);
        assertStillWorks();
    }

    @Test
    public void oversizedFrameIsRefusedAndClosedWith1009() throws Exception {
        String big = "{\"type\":\"chat_message\",\"id\":\"big\",\"clientMsgId\":\"big\",\"gid\":" + gid
                + ",\"content\":\"" + "x".repeat(70 * 1024) + "\"}";
        alice.sendRaw(big);
        alice.awaitError(ErrorCode.FRAME_TOO_LARGE, null);
        assertEquals(1009, alice.awaitClose());
        assertEquals(0, count("SELECT COUNT(*) FROM messages"));
    }

    @Test
    public void frameJustUnderTheLimitIsParsed() throws Exception {
        // 64 KiB of JSON passes the size check and then fails only on the text length rule
        String frame = "{\"type\":\"chat_message\",\"id\":\"near\",\"clientMsgId\":\"near\",\"gid\":" + gid
                + ",\"content\":\"" + "x".repeat(60 * 1024) + "\"}";
        JsonNode e = rejectRaw(frame, ErrorCode.INVALID_FIELD, "near");
        assertTrue(e.path("msg").asText().contains("'content'"));
    }
}
