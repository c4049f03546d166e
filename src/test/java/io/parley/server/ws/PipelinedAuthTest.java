package io.parley.server.ws;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.Test;

/**
 * The SDK writes its first requests right behind {@code auth}, without waiting for {@code auth_ok}.
 * Each test here writes auth and the requests behind it in ONE TCP write (one flight), on a raw
 * socket, and checks that the server handles them in order: after a good auth they are answered,
 * after a bad one they get no data at all.
 */
public class PipelinedAuthTest extends ServerTestBase {
    private static final String SECRET_TEXT = "only for the two of us";

    /** A one-to-one conversation between alice and bob holding one message; its gid. */
    private long conversation() throws Exception {
        TestClient alice = login("alice");
        login("bob");
        JsonNode ack = sendTo(alice, "bob", "m1", SECRET_TEXT);
        return ack.path("gid").asLong();
    }

    private static String history(String id, long gid) {
        return TestClient.obj("type", "history", "id", id, "gid", gid, "startMid", -1, "count", 20).toString();
    }

    private static String sync(String id, long gid) {
        return TestClient.obj("type", "sync", "id", id, "gid", gid, "afterMid", 0, "limit", 50).toString();
    }

    @Test
    public void requestsRightBehindAGoodAuthAreAnsweredAfterAuthOk() throws Exception {
        long gid = conversation();
        try (RawSocket s = new RawSocket(server.port())) {
            s.sendInOneWrite(authPacket("a", token("bob", APP), "bob", APP).toString(), history("h", gid),
                    TestClient.obj("type", "unread", "id", "u").toString(), sync("s", gid));
            List<JsonNode> in = s.readUntilSeen("auth_ok", "history_result", "unread_result", "sync_result");
            assertEquals(in.toString(), "auth_ok", in.get(0).path("type").asText());
            JsonNode history = find(in, "history_result");
            assertEquals(in.toString(), 0, history.path("code").asInt());
            assertEquals(SECRET_TEXT, history.path("msgs").get(0).path("content").asText());
            assertEquals(0, find(in, "unread_result").path("code").asInt());
            assertEquals(SECRET_TEXT, find(in, "sync_result").path("msgs").get(0).path("content").asText());
        }
    }

    @Test
    public void aHistoryRightBehindABadAuthGetsNoData() throws Exception {
        long gid = conversation();
        String forged = token("bob", APP).substring(0, 20) + "x" + token("bob", APP).substring(21);
        String[][] badAuths = {
            {"bad_token", authPacket("a", forged, "bob", APP).toString()},
            {"identity_mismatch", authPacket("a", token("mallory", APP), "bob", APP).toString()},
            {"bad_token", TestClient.obj("type", "auth", "id", "a", "pin", "bob", "appId", APP).toString()},
        };
        for (String[] bad : badAuths) {
            try (RawSocket s = new RawSocket(server.port())) {
                s.sendInOneWrite(bad[1], history("h", gid), TestClient.obj("type", "unread", "id", "u").toString(),
                        sync("s", gid));
                List<JsonNode> in = s.readToClose();
                assertEquals(bad[0] + ": " + in, 1, in.size());
                assertEquals(in.toString(), "error", in.get(0).path("type").asText());
                assertEquals(in.toString(), bad[0], in.get(0).path("error").asText());
                assertEquals("closed as a policy violation", 1008, s.closeCode);
                assertFalse(s.text.toString(), s.text.toString().contains(SECRET_TEXT));
            }
        }
    }

    @Test
    public void anAuthRefusedWithoutCloseLeavesTheRequestsBehindItUnauthenticated() throws Exception {
        long gid = conversation();
        try (RawSocket s = new RawSocket(server.port())) {
            String auth = TestClient.obj("type", "auth", "id", "a", "token", token("bob", APP), "pin", "bob",
                    "appId", APP, "clientType", "toaster").toString();
            s.sendInOneWrite(auth, history("h", gid), sync("s", gid));
            List<JsonNode> in = s.readUntil(3);
            assertEquals(in.toString(), "invalid_field", in.get(0).path("error").asText());
            for (int i = 1; i < 3; i++) {
                assertEquals(in.toString(), "error", in.get(i).path("type").asText());
                assertEquals(in.toString(), "unauthenticated", in.get(i).path("error").asText());
            }
            assertEquals("h", in.get(1).path("id").asText());
            assertEquals("s", in.get(2).path("id").asText());
            assertFalse(s.text.toString(), s.text.toString().contains(SECRET_TEXT));
        }
    }

    private static JsonNode find(List<JsonNode> packets, String type) {
        return packets.stream().filter(p -> type.equals(p.path("type").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + packets));
    }

    /** A WebSocket client on a plain socket: several frames can go out in a single write. */
    private static final class RawSocket implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        final StringBuilder text = new StringBuilder();
        int closeCode = -1;

        RawSocket(int port) throws IOException {
            socket = new Socket("localhost", port);
            socket.setSoTimeout((int) TestClient.TIMEOUT_MS);
            String key = Base64.getEncoder().encodeToString("parley-pipelined".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertTrue(head.toString(), head.toString().startsWith("HTTP/1.1 101"));
        }

        /** Masked text frames, all in one buffer and one write. */
        void sendInOneWrite(String... packets) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] mask = {1, 2, 3, 4};
            for (String p : packets) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                buf.write(0x81);
                if (b.length < 126) {
                    buf.write(0x80 | b.length);
                } else {
                    buf.write(0x80 | 126);
                    buf.write(b.length >> 8);
                    buf.write(b.length & 0xff);
                }
                buf.write(mask);
                for (int i = 0; i < b.length; i++) {
                    buf.write(b[i] ^ mask[i & 3]);
                }
            }
            OutputStream out = socket.getOutputStream();
            out.write(buf.toByteArray());
            out.flush();
        }

        /** The next n text packets. */
        List<JsonNode> readUntil(int n) throws IOException {
            List<JsonNode> got = new ArrayList<>();
            while (got.size() < n) {
                JsonNode p = next();
                if (p == null) {
                    throw new AssertionError("closed (" + closeCode + ") after " + got);
                }
                got.add(p);
            }
            return got;
        }

        /** Text packets until one of each type has come (pushes may come in between). */
        List<JsonNode> readUntilSeen(String... types) throws IOException {
            List<JsonNode> got = new ArrayList<>();
            java.util.Set<String> missing = new java.util.HashSet<>(List.of(types));
            while (!missing.isEmpty()) {
                JsonNode p = next();
                if (p == null) {
                    throw new AssertionError("closed (" + closeCode + ") after " + got);
                }
                got.add(p);
                missing.remove(p.path("type").asText());
            }
            return got;
        }

        /** Every text packet until the server closes. */
        List<JsonNode> readToClose() throws IOException {
            List<JsonNode> got = new ArrayList<>();
            try {
                for (JsonNode p = next(); p != null; p = next()) {
                    got.add(p);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("not closed; got " + got);
            }
            return got;
        }

        /** The next text packet, or null at a close frame. */
        private JsonNode next() throws IOException {
            while (true) {
                int b0 = in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = (int) in.readLong();
                }
                byte[] payload = new byte[len];
                in.readFully(payload);
                int op = b0 & 0x0f;
                if (op == 0x8) {
                    closeCode = len >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return null;
                }
                if (op == 0x1) {
                    String s = new String(payload, StandardCharsets.UTF_8);
                    text.append(s).append('\n');
                    return TestClient.JSON.readTree(s);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
