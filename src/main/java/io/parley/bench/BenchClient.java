package io.parley.bench;

import io.parley.protocol.Field;
import io.parley.protocol.PacketType;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One generator connection speaking docs/PROTOCOL.md. Answers to {@link #request} complete its future
 * (matched by "id"); every other packet goes to the current handler. Sends are asynchronous.
 */
public final class BenchClient implements Session.Listener.AutoDemanding {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String APP = "parley.bench";

    final String pin;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Consumer<JsonNode> handler = p -> { };
    private volatile Session session;

    private BenchClient(String pin) {
        this.pin = pin;
    }

    /** Connects and authenticates as (pin, APP); completes after auth_ok. */
    static CompletableFuture<BenchClient> open(WebSocketClient ws, URI uri, BenchTokens tokens, String pin) {
        BenchClient c = new BenchClient(pin);
        try {
            return ws.connect(c, uri).thenCompose(s -> {
                ObjectNode auth = JSON.createObjectNode().put(Field.TYPE, PacketType.AUTH).put(Field.ID, "auth")
                        .put(Field.TOKEN, tokens.sign(pin, APP)).put(Field.PIN, pin).put(Field.APP_ID, APP).put(Field.CLIENT_TYPE, "comet");
                return c.request(auth);
            }).thenApply(ok -> {
                if (!PacketType.AUTH_OK.equals(ok.path(Field.TYPE).asText())) {
                    throw new IllegalStateException(pin + ": auth refused: " + ok);
                }
                return c;
            });
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Where packets that answer no {@link #request} go (pushes, acks of load messages). */
    void onPacket(Consumer<JsonNode> h) {
        handler = h;
    }

    /** Sends packet (which must carry a unique "id") and completes with the packet answering it. */
    CompletableFuture<JsonNode> request(ObjectNode packet) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(packet.path(Field.ID).asText(), answer);
        send(packet.toString());
        return answer;
    }

    void send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            throw new IllegalStateException(pin + ": connection is closed");
        }
        s.sendText(text, Callback.NOOP);
    }

    /** Completes with the close status once the connection is gone. */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
    }

    @Override
    public void onWebSocketText(String text) {
        JsonNode p;
        try {
            p = JSON.readTree(text);
        } catch (Exception e) {
            p = JSON.createObjectNode().put(Field.TYPE, "<unparseable>").put("raw", text);
        }
        JsonNode id = p.get(Field.ID);
        CompletableFuture<JsonNode> answer = id == null ? null : pending.remove(id.asText());
        if (answer != null) {
            answer.complete(p);
        } else {
            handler.accept(p);
        }
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        closed.complete(status);
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(pin + ": closed " + status
                + " " + reason)));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(-1);
        pending.values().forEach(f -> f.completeExceptionally(cause));
    }
}
