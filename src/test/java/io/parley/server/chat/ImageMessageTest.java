package io.parley.server.chat;

import io.parley.server.ServerConfig;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.media.TestImages;

import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;

/** chat_message with msgType "image" over the WebSocket: validation, storage, delivery, history. */
public class ImageMessageTest extends ServerTestBase {
    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.mediaOrigins(java.util.List.of("https://cdn.example")); // the URLs below are on that CDN
    }

    static ObjectNode imagePacket(String cmid, long gid, Object image) {
        ObjectNode p = obj("type", "chat_message", "id", cmid, "clientMsgId", cmid, "gid", gid, "msgType", "image");
        if (image != null) {
            p.set("image", TestClient.JSON.valueToTree(image));
        }
        return p;
    }

    @Test
    public void urlAndSizeAloneRoundTrip() throws Exception {
        TestClient a = login("patient-1");
        TestClient b = login("doctor-7");
        long gid = createGroup(a, "consult", 5, "doctor-7");
        JsonNode ack = a.request(imagePacket("i1", gid, obj("url", "https://cdn.example/x.png", "size", 1234)),
                "chat_message_ack");
        assertEquals(ack.toString(), 0, ack.path("code").asInt());
        JsonNode m = ack.path("message");
        assertEquals("image", m.path("type").asText());
        assertEquals("", m.path("content").asText());
        assertEquals("https://cdn.example/x.png", m.path("url").asText());
        assertEquals(1234, m.path("size").asLong());
        assertFalse(m.has("width"));
        assertFalse(m.has("height"));
        assertNull(m.get("payload"));
        JsonNode push = b.await("chat_message").path("msg");
        assertEquals(m, push);
    }

    @Test
    public void widthAndHeightAreKeptAndInHistory() throws Exception {
        TestClient a = login("patient-1");
        long gid = createGroup(a, "consult", 5);
        JsonNode ack = a.request(imagePacket("i2", gid, obj("url", "http://localhost:" + server.port() + "/files/2026/11/"
                + "0123456789abcdef0123456789abcdef.jpg", "size", 5, "width", 640, "height", 480, "extra", "ignored")),
                "chat_message_ack");
        assertEquals(ack.toString(), 0, ack.path("code").asInt());
        assertEquals(640, ack.path("message").path("width").asInt());
        assertEquals(480, ack.path("message").path("height").asInt());
        assertFalse(ack.path("message").has("extra"));
        JsonNode h = history(a, gid, -1, 10);
        JsonNode stored = h.path("msgs").get(0);
        assertEquals("image", stored.path("type").asText());
        assertEquals(ack.path("message").path("url"), stored.path("url"));
        assertEquals(640, stored.path("width").asInt());
        assertEquals(5, stored.path("size").asInt());
    }

    @Test
    public void badImagesAreInvalidFields() throws Exception {
        TestClient a = login("patient-1");
        long gid = createGroup(a, "consult", 5);
        Object[] bad = {
            null,                                                        // no image at all
            "https://cdn.example/x.png",                                 // not an object
            obj("size", 10),                                             // no url
            obj("url", "javascript:alert(1)", "size", 10),
            obj("url", "JavaScript:alert(1)//http://x", "size", 10),
            obj("url", "data:image/png;base64,AAAA", "size", 10),
            obj("url", "/files/2026/11/x.png", "size", 10),              // relative
            obj("url", "https://cdn.example/a b.png", "size", 10),
            obj("url", "https://" + "a".repeat(2048) + ".example/x.png", "size", 10),
            obj("url", "https://cdn.example/x.png"),                     // no size
            obj("url", "https://cdn.example/x.png", "size", 0),
            obj("url", "https://cdn.example/x.png", "size", -5),
            obj("url", "https://cdn.example/x.png", "size", "10"),
            obj("url", "https://cdn.example/x.png", "size", 1.5),
            obj("url", "https://cdn.example/x.png", "size", 10, "width", 0),
            obj("url", "https://cdn.example/x.png", "size", 10, "height", 100_001),
            obj("url", "https://cdn.example/x.png", "size", 10, "width", "640"),
        };
        int i = 0;
        for (Object image : bad) {
            String cmid = "bad-" + i++;
            a.send(imagePacket(cmid, gid, image));
            JsonNode e = a.awaitError(ErrorCode.INVALID_FIELD, cmid);
            assertTrue(e.toString(), e.path("msg").asText().contains("image"));
        }
        assertEquals(0, count("SELECT COUNT(*) FROM messages"));
    }

    @Test
    public void uploadThenSendTheAnswer() throws Exception {
        TestClient a = login("patient-1");
        long gid = createGroup(a, "consult", 5);
        HttpResponse<String> up = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri()
                .resolve("/api/upload")).header("Authorization", "Bearer " + token("patient-1", APP))
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.png(12, 6))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(up.body(), 200, up.statusCode());
        ObjectNode image = (ObjectNode) TestClient.JSON.readTree(up.body());
        JsonNode ack = a.request(imagePacket("up1", gid, image), "chat_message_ack");
        assertEquals(ack.toString(), 0, ack.path("code").asInt());
        JsonNode m = ack.path("message");
        assertEquals(image.path("url"), m.path("url"));
        assertEquals(image.path("size"), m.path("size"));
        assertEquals(12, m.path("width").asInt());
        assertEquals(6, m.path("height").asInt());
        assertFalse(m.has("mime"));
    }
}
