package io.parley.server.store.sqlite;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.auth.TokenService;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server runs as its own JVM; while a client keeps messages in flight it is killed with
 * SIGKILL and restarted on the same data directory. Every message acked before the kill must be in
 * history with its mid; resending the unacked ones stores each exactly once, mids continuing.
 */
public class CrashTest {
    private static final String SECRET = "crash-secret-0123456789";
    private static final String APP = "parley.test";
    /** Messages kept in flight: the writer batches them, so the kill lands mid-batch under load. */
    private static final int WINDOW = 256;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private static WebSocketClient ws;
    private final TokenService tokens = new TokenService(SECRET);

    @BeforeClass
    public static void startClient() throws Exception {
        ws = new WebSocketClient();
        ws.setMaxTextMessageSize(4 << 20);
        ws.start();
    }

    @AfterClass
    public static void stopClient() throws Exception {
        ws.stop();
    }

    private Process startServer(Path data, Path portFile) throws Exception {
        Files.deleteIfExists(portFile);
        Path empty = tmp.getRoot().toPath().resolve("empty");
        Files.createDirectories(empty);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dio.parley.LEVEL=WARN", "-Dorg.eclipse.jetty.LEVEL=WARN",
                "-cp", System.getProperty("java.class.path"), "io.parley.server.Main", "--port", "0",
                "--port-file", portFile.toString(), "--data", data.toString(), "--token-secret", SECRET,
                "--webapp", empty.toString(), "--demo", empty.toString(),
                // a burst far past a person's pace is the point here, not the message limits
                "--max-messages-per-connection-minute", "1000000000", "--max-messages-per-user-minute", "1000000000");
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.getRoot().toPath().resolve("server-" + System.nanoTime() + ".log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("server process did not start (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
            }
            Thread.sleep(20);
        }
        return p;
    }

    private TestClient login(int port, String pin) throws Exception {
        TestClient c = TestClient.connect(ws, URI.create("ws://localhost:" + port + "/ws"));
        JsonNode ok = c.request(ServerTestBase.authPacket("a", tokens.sign(pin, APP, System.currentTimeMillis() / 1000
                + 3600), pin, APP), "auth_ok");
        assertEquals(0, ok.path("code").asInt());
        return c;
    }

    private static JsonNode message(long gid, String cid) {
        return TestClient.obj("type", "chat_message", "id", cid, "clientMsgId", cid, "gid", gid, "msgType", "text",
                "content", "crash test " + cid);
    }

    @Test
    public void ackedMessagesSurviveSigkill() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path portFile = tmp.getRoot().toPath().resolve("port");
        Process server = startServer(data, portFile);
        int port = Integer.parseInt(Files.readString(portFile).trim());
        Map<String, Long> acked = new LinkedHashMap<>();
        List<String> sent = new ArrayList<>();
        long gid;
        try {
            TestClient alice = login(port, "alice");
            JsonNode g = alice.request(TestClient.obj("type", "create_group", "id", "cg", "group",
                    TestClient.obj("name", "crash", "modifyFiled", 1, "invitees",
                            List.of(TestClient.obj("pin", "bob", "app", APP)))), "create_group_result");
            gid = g.path("gid").asLong();
            // keep WINDOW messages in flight; kill the server after 1.5 s of that
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            int next = 0;
            boolean killed = false;
            while (!killed) {
                while (sent.size() - acked.size() < WINDOW) {
                    String cid = "c" + next++;
                    sent.add(cid);
                    alice.send(message(gid, cid));
                }
                JsonNode ack = alice.poll("chat_message_ack", 5);
                if (ack != null) {
                    assertEquals(ack.toString(), 0, ack.path("code").asInt());
                    acked.put(ack.path("clientMsgId").asText(), ack.path("mid").asLong());
                }
                if (System.nanoTime() > killAt) {
                    server.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no checkpoint
                    killed = true;
                }
            }
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            assertEquals("killed by SIGKILL", 137, server.exitValue());
            // acks that were already on the wire when the process died still count as acked
            JsonNode late;
            while ((late = alice.poll("chat_message_ack", 200)) != null) {
                acked.put(late.path("clientMsgId").asText(), late.path("mid").asLong());
            }
        } catch (RuntimeException | AssertionError | InterruptedException e) {
            server.destroyForcibly();
            throw e;
        }
        int ackedBeforeKill = acked.size();
        int inFlight = sent.size() - ackedBeforeKill;
        assertTrue("enough traffic before the kill: " + ackedBeforeKill, ackedBeforeKill >= 100);

        server = startServer(data, portFile);
        try {
            port = Integer.parseInt(Files.readString(portFile).trim());
            TestClient bob = login(port, "bob");
            // everything in history, paged backwards
            Map<String, Long> stored = new HashMap<>();
            long start = -1;
            while (true) {
                JsonNode h = bob.request(TestClient.obj("type", "history", "id", "h", "gid", gid, "startMid", start,
                        "count", 100), "history_result");
                for (JsonNode m : h.path("msgs")) {
                    Long dup = stored.put(m.path("clientMsgId").asText(), m.path("mid").asLong());
                    assertEquals("no duplicate rows", null, dup);
                    start = m.path("mid").asLong();
                }
                if (h.path("end").asBoolean()) {
                    break;
                }
            }
            int foundAfterRestart = 0;
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                assertEquals("acked " + e.getKey() + " is in history with its mid", e.getValue(), stored.get(e.getKey()));
                foundAfterRestart++;
            }
            int committedButUnacked = stored.size() - ackedBeforeKill;

            // the client resends what it never got an ack for: stored once, mids continue
            TestClient alice = login(port, "alice");
            for (String cid : sent) {
                if (!acked.containsKey(cid)) {
                    alice.send(message(gid, cid));
                }
            }
            for (int i = 0; i < inFlight; i++) {
                JsonNode ack = alice.await("chat_message_ack");
                assertEquals(0, ack.path("code").asInt());
                String cid = ack.path("clientMsgId").asText();
                Long before = stored.get(cid);
                if (before != null) {
                    assertEquals("a resend of a committed message gets its original mid", (long) before,
                            ack.path("mid").asLong());
                }
                acked.put(cid, ack.path("mid").asLong());
            }
            JsonNode r = alice.request(TestClient.obj("type", "sync", "id", "s", "gid", gid, "afterMid", 0,
                    "limit", 500), "sync_result");
            long lastMid = r.path("lastMid").asLong();
            assertEquals("every message stored exactly once, mids 1..n without holes", sent.size(), lastMid);
            assertEquals(sent.size(), new java.util.HashSet<>(acked.values()).size());

            String report = String.format("[crash] sent %d, acked before SIGKILL %d, found after restart %d, "
                    + "in flight at the kill %d (of which committed but unacked %d), after resend: stored %d, "
                    + "duplicates 0, losses 0", sent.size(), ackedBeforeKill, foundAfterRestart, inFlight,
                    committedButUnacked, lastMid);
            System.out.println(report);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(new File(data.toFile(), "parley.db").exists());
    }
}
