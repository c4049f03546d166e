package io.parley.server.ws;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.SlowConsumerTest.DeafClient;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * A policy close (here a renew with another user's token: 1008) comes after the error that says why,
 * also when that error waits in the connection's queue behind frames the client has not read yet.
 * Closed at once, Jetty's close frame went out behind the frames already handed to Jetty but ahead of
 * the queued ones, and the error was lost.
 */
public class PolicyCloseTest extends ServerTestBase {
    /** 4 KB each, 6 MB in all: more than the socket buffers between the server and a client that doesn't read. */
    private static final int MESSAGES = 1500;
    private static final int WINDOW = 64;

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.outboundQueueFrames(4096).outboundQueueBytes(64L << 20); // room for all: no slow-consumer cut
    }

    @Test
    public void theErrorQueuedBehindUnreadFramesComesBeforeTheClose() throws Exception {
        TestClient bob = login("bob");
        try (DeafClient alice = new DeafClient(server.port())) {
            alice.sendText(authPacket("a", token("alice", APP), "alice", APP).toString());
            UserId aliceId = new UserId("alice", APP);
            long until = System.currentTimeMillis() + 5000;
            while (server.fanout().connectionCount(aliceId) == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(10);
            }
            long gid = sendTo(bob, "alice", "first", "hello").path("gid").asLong();
            String text = "x".repeat(4000);
            for (int from = 1; from < MESSAGES; from += WINDOW) { // alice reads nothing meanwhile
                int to = Math.min(from + WINDOW, MESSAGES);
                for (int i = from; i < to; i++) {
                    bob.send(TestClient.obj("type", "chat_message", "id", "m" + i, "clientMsgId", "m" + i, "gid", gid,
                            "content", text));
                }
                for (int i = from; i < to; i++) {
                    assertEquals(0, bob.await("chat_message_ack").path("code").asInt());
                }
            }
            alice.sendText(TestClient.obj("type", "renew", "id", "r", "token",
                    server.tokenService().sign("mallory", APP, System.currentTimeMillis() / 1000 + 600)).toString());

            List<JsonNode> texts = new ArrayList<>();
            int close = readUntilClose(alice, texts);
            assertEquals(1008, close);
            long messages = texts.stream().filter(p -> p.path("type").asText().equals("chat_message")).count();
            assertEquals("every message queued before the close", MESSAGES, messages);
            JsonNode last = texts.get(texts.size() - 1);
            assertEquals("the last frame before the close says why: " + last, ErrorCode.IDENTITY_MISMATCH.id,
                    last.path("error").asText());
            assertEquals("r", last.path("id").asText());
        }
    }

    /** Reads the server's frames (text, unmasked) into texts up to its close frame; returns the close code. */
    private static int readUntilClose(DeafClient c, List<JsonNode> texts) throws Exception {
        c.socket.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(c.socket.getInputStream());
        ObjectMapper json = new ObjectMapper();
        while (true) {
            int op = in.readUnsignedByte() & 0x0f;
            long len = in.readUnsignedByte() & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            if (op == 8) {
                assertTrue("a close frame with a code", payload.length >= 2);
                return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            }
            if (op == 1) {
                texts.add(json.readTree(new String(payload, StandardCharsets.UTF_8)));
            }
        }
    }
}
