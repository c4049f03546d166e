package io.parley.server;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A real WebSocket client for tests: send JSON, await packets by type, await the close code. */
public final class TestClient implements Session.Listener.AutoDemanding, AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final long TIMEOUT_MS = 5000;

    private final List<JsonNode> inbox = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Session session;

    private TestClient() {
    }

    public static TestClient connect(WebSocketClient ws, URI wsUri) throws Exception {
        return connect(ws, wsUri, null);
    }

    /** Connects with the given Origin header (null: none, like a non-browser client). */
    public static TestClient connect(WebSocketClient ws, URI wsUri, String origin) throws Exception {
        return connectWith(ws, wsUri, origin == null ? java.util.Map.of() : java.util.Map.of("Origin", origin));
    }

    /** Connects with these upgrade request headers (Origin, X-Forwarded-Proto, ...). */
    public static TestClient connectWith(WebSocketClient ws, URI wsUri, java.util.Map<String, String> headers)
            throws Exception {
        TestClient c = new TestClient();
        ClientUpgradeRequest req = new ClientUpgradeRequest();
        headers.forEach(req::setHeader);
        c.session = ws.connect(c, wsUri, req).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return c;
    }

    /** {"k1":v1,"k2":v2,...}; values are converted by Jackson (maps, lists, numbers, nodes...). */
    public static ObjectNode obj(Object... keyValues) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return o;
    }

    public void send(JsonNode packet) {
        sendRaw(packet.toString());
    }

    public void sendRaw(String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> done.complete(null), done::completeExceptionally));
        join(done);
    }

    public void sendBinary(byte[] bytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.from(() -> done.complete(null), done::completeExceptionally));
        join(done);
    }

    /** Sends packet and returns the next received packet of the given type. */
    public JsonNode request(JsonNode packet, String answerType) throws InterruptedException {
        send(packet);
        return await(answerType);
    }

    /** The oldest not yet consumed packet of this type, waiting up to TIMEOUT_MS. */
    public JsonNode await(String type) throws InterruptedException {
        JsonNode p = poll(type, TIMEOUT_MS);
        if (p == null) {
            fail("no '" + type + "' packet within " + TIMEOUT_MS + " ms; unconsumed: " + pending());
        }
        return p;
    }

    /** Like await, but returns null after timeoutMs; a null type takes the oldest packet of any type. */
    public JsonNode poll(String type, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (inbox) {
            while (true) {
                for (Iterator<JsonNode> it = inbox.iterator(); it.hasNext(); ) {
                    JsonNode p = it.next();
                    if (type == null || type.equals(p.path("type").asText())) {
                        it.remove();
                        return p;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                inbox.wait(left);
            }
        }
    }

    /** Awaits an error packet and checks its code/error and id. */
    public JsonNode awaitError(io.parley.protocol.ErrorCode code, String id) throws InterruptedException {
        JsonNode e = await("error");
        assertEquals("error code in " + e, code.code, e.path("code").asInt());
        assertEquals("error name in " + e, code.id, e.path("error").asText());
        assertNotNull("error msg in " + e, e.get("msg"));
        if (id == null) {
            assertEquals("no id expected in " + e, null, e.get("id"));
        } else {
            assertEquals("id in " + e, id, e.path("id").asText());
        }
        return e;
    }

    public List<JsonNode> pending() {
        synchronized (inbox) {
            return new ArrayList<>(inbox);
        }
    }

    /** The close status the server sent, waiting up to timeoutMs. */
    public int awaitClose(long timeoutMs) throws Exception {
        try {
            return closed.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection not closed within " + timeoutMs + " ms");
        }
    }

    public int awaitClose() throws Exception {
        return awaitClose(TIMEOUT_MS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onWebSocketText(String message) {
        JsonNode p;
        try {
            p = JSON.readTree(message);
        } catch (Exception e) {
            p = obj("type", "<unparseable>", "raw", message);
        }
        synchronized (inbox) {
            inbox.add(p);
            inbox.notifyAll();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(statusCode);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }

    private static void join(CompletableFuture<Void> f) {
        try {
            f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("send failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
