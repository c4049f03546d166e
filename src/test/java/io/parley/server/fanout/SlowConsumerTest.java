package io.parley.server.fanout;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.TreeSet;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.auth.UserId;

/**
 * A member whose client completes the WebSocket upgrade, logs in and then never reads: once its
 * outbound queue is full it is disconnected, while the sender and the other member get everything.
 */
public class SlowConsumerTest extends ServerTestBase {
    /** Frames a connection may queue (the binding limit here, not bytes). */
    private static final int QUEUE = 512;
    /**
     * Messages alice sends before she waits for their acks and bob's copies. It bounds what the server
     * queues for a reading client (alice: acks and updates, bob: messages) below QUEUE, so a reader that
     * stalls (GC, CPU contention on a loaded machine: one stalled client thread stalls alice and bob alike)
     * is only late, never cut off. Sent all at once, the readers had to keep up with the server's rate:
     * an injected 1 s stall of bob's client thread got alice cut off as a slow consumer (1013).
     */
    private static final int WINDOW = QUEUE / 8;
    /** 4 KB each, 12 MB in all: more than carol's socket buffers (up to 4 MB) plus two QUEUEs (queued, in flight). */
    private static final int MESSAGES = 3000;

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.outboundQueueFrames(QUEUE).outboundQueueBytes(64L << 20);
    }

    /** The next packet of type for who, or a failure that says how far it got and whether its connection was closed. */
    private static JsonNode next(TestClient c, String who, String type, int got) throws Exception {
        JsonNode p = c.poll(type, TestClient.TIMEOUT_MS);
        if (p == null) {
            fail(who + " got " + got + " of " + MESSAGES + " '" + type + "', then none for " + TestClient.TIMEOUT_MS
                    + " ms; " + who + "'s connection " + (c.isClosed() ? "was closed with " + c.awaitClose(1) : "is open")
                    + "; unconsumed: " + c.pending());
        }
        return p;
    }

    /** A WebSocket client on a plain socket: upgrades, sends text frames, and reads nothing after the 101. */
    public static final class DeafClient implements AutoCloseable {
        public final Socket socket = new Socket();
        private final OutputStream out;

        public DeafClient(int port) throws IOException {
            socket.setReceiveBufferSize(4096); // a small window, so the server's writes back up soon
            socket.connect(new java.net.InetSocketAddress("localhost", port));
            out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed during the upgrade: " + head);
                }
                head.write(b);
            }
            assertTrue(head.toString(StandardCharsets.US_ASCII), head.toString(StandardCharsets.US_ASCII)
                    .startsWith("HTTP/1.1 101"));
        }

        /** One masked text frame, as a client must send. */
        public void sendText(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(0x81);
            if (payload.length < 126) {
                f.write(0x80 | payload.length);
            } else {
                f.write(0x80 | 126);
                f.write(payload.length >> 8);
                f.write(payload.length & 0xff);
            }
            byte[] mask = new byte[4];
            new SecureRandom().nextBytes(mask);
            f.write(mask);
            for (int i = 0; i < payload.length; i++) {
                f.write(payload[i] ^ mask[i % 4]);
            }
            out.write(f.toByteArray());
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    public void aClientThatNeverReadsIsCutOffAndNobodyElseWaits() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        long gid = createGroup(alice, "g", 5, "bob", "carol");
        UserId carol = new UserId("carol", APP);
        try (DeafClient deaf = new DeafClient(server.port())) {
            deaf.sendText(authPacket("a", token("carol", APP), "carol", APP).toString());
            long until = System.currentTimeMillis() + 5000;
            while (server.fanout().connectionCount(carol) == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(10);
            }
            assertEquals("the deaf client logged in", 1, server.fanout().connectionCount(carol));

            String text = "x".repeat(4000);
            TreeSet<Long> mids = new TreeSet<>();
            for (int from = 0; from < MESSAGES; from += WINDOW) {
                int to = Math.min(from + WINDOW, MESSAGES);
                for (int i = from; i < to; i++) { // pipelined: acks are collected afterwards
                    alice.send(TestClient.obj("type", "chat_message", "id", "m" + i, "clientMsgId", "m" + i, "gid", gid,
                            "content", text));
                }
                for (int i = from; i < to; i++) {
                    JsonNode ack = next(alice, "alice", "chat_message_ack", i);
                    assertEquals(0, ack.path("code").asInt());
                }
                for (int i = from; i < to; i++) {
                    mids.add(next(bob, "bob", "chat_message", i).path("msg").path("mid").asLong());
                }
            }
            assertEquals("bob got each message once", MESSAGES, mids.size());
            assertEquals(MESSAGES, (long) mids.last());
            assertFalse("bob is still connected", bob.isClosed());
            until = System.currentTimeMillis() + 10_000;
            while (server.fanout().connectionCount(carol) > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            assertEquals("the deaf client was disconnected", 0, server.fanout().connectionCount(carol));
            // the others are still fine
            JsonNode ack = sendToGroup(bob, gid, "after", "still here");
            assertEquals(MESSAGES + 1, ack.path("mid").asLong());
            assertEquals("still here", alice.await("chat_message").path("msg").path("content").asText());
        }
    }
}
