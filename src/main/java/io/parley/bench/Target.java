package io.parley.bench;

import io.parley.protocol.Field;
import io.parley.protocol.PacketType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A started deployment under load (steadyMaxMs: see {@link LoadClock#settle}): one or more server nodes (connections go to them in turn: the first
 * pin to the first node, the next to the second...), the processes whose CPU is charged to its work, and
 * the generator's means to reach it.
 */
record Target(List<ServerProcess> nodes, List<CpuMeter> meters, WebSocketClient ws, BenchTokens tokens, long steadyMaxMs) {

    Target(ServerProcess server, WebSocketClient ws, BenchTokens tokens, long steadyMaxMs) {
        this(List.of(server), List.of(server), ws, tokens, steadyMaxMs);
    }

    /** The first node (the only one of a single-node target). */
    ServerProcess server() {
        return nodes.get(0);
    }

    ServerProcess.Kind kind() {
        return server().kind;
    }

    /** A measuring window that charges every meter's CPU. */
    LoadClock clock() {
        return new LoadClock(meters, steadyMaxMs);
    }

    /** Opens and authenticates one connection per pin, at most concurrency at a time; in pin order. */
    List<BenchClient> connect(List<String> pins, int concurrency) throws Exception {
        return connect(ws, pins, concurrency);
    }

    List<BenchClient> connect(WebSocketClient client, List<String> pins, int concurrency) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<BenchClient>> opening = new ArrayList<>();
        int n = 0;
        for (String pin : pins) {
            slots.acquire();
            CompletableFuture<BenchClient> f = BenchClient.open(client, nodes.get(n++ % nodes.size()).wsUri(), tokens, pin);
            f.whenComplete((c, e) -> slots.release());
            opening.add(f);
        }
        List<BenchClient> out = new ArrayList<>();
        for (CompletableFuture<BenchClient> f : opening) {
            out.add(await(f, 60_000));
        }
        return out;
    }

    BenchClient connect(String pin) throws Exception {
        return connect(List.of(pin), 1).get(0);
    }

    /** Creates a group owned by owner with the given invitees (pins); returns its gid. */
    long createGroup(BenchClient owner, String name, List<String> invitees) throws Exception {
        ObjectNode packet = BenchClient.JSON.createObjectNode().put(Field.TYPE, PacketType.CREATE_GROUP).put(Field.ID, "cg-" + name);
        ObjectNode group = packet.putObject(Field.GROUP).put(Field.NAME, name).put(Field.MODIFY_FILED, 1)
                .put(Field.MAX, Math.max(2, invitees.size() + 1));
        if (!invitees.isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode list = group.putArray(Field.INVITEES);
            invitees.forEach(pin -> list.addObject().put(Field.PIN, pin).put(Field.APP, BenchClient.APP));
        }
        JsonNode answer = await(owner.request(packet), 30_000);
        if (!PacketType.CREATE_GROUP_RESULT.equals(answer.path(Field.TYPE).asText()) || !answer.path(Field.GID).canConvertToLong()) {
            throw new IllegalStateException("create_group refused: " + answer);
        }
        return answer.path(Field.GID).asLong();
    }

    static <T> T await(CompletableFuture<T> f, long timeoutMs) throws Exception {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer within " + timeoutMs + " ms");
        }
    }

    static void closeAll(List<BenchClient> clients) {
        clients.forEach(BenchClient::close);
    }
}
