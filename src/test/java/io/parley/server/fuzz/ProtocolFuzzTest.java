package io.parley.server.fuzz;

import static io.parley.server.TestClient.obj;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

/**
 * The protocol fuzzer, run on every build: more than 10,000 invalid packets (see {@link PacketMutator})
 * over more than 40 connections, 4 at a time, against a started server with a real SQLite file.
 * Every packet must get exactly one well-formed error packet (never error 5000), only the inputs
 * that may close a connection (a bad token, an oversized frame) may close it, and afterwards the
 * server is alive, the well-behaved connections opened before the storm still work, and no table
 * of the database gained or lost a row. The seed is printed; {@code -Dparley.fuzz.seed=N} replays it.
 */
public class ProtocolFuzzTest extends ServerTestBase {
    private static final int WORKERS = 4;
    private static final int CONNECTIONS_PER_WORKER = 11;
    private static final int PACKETS_PER_CONNECTION = 240;
    private static final int UNAUTHENTICATED_PACKETS = 8;
    private static final String[] TABLES = {"groups", "members", "messages", "read_cursors", "uploads", "unread_counts",
        "meta"};

    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, AtomicInteger> byCategory = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byError = new ConcurrentHashMap<>();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @Test
    public void tenThousandInvalidPacketsChangeNothing() throws Exception {
        long seed = Long.getLong("parley.fuzz.seed", System.nanoTime());
        System.out.println("ProtocolFuzzTest seed " + seed + " (replay with -Dparley.fuzz.seed=" + seed + ")");
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        long goodGid = createGroup(alice, "care team", 10, "bob");
        sendToGroup(alice, goodGid, "before", "before the storm");
        bob.await("chat_message");
        String[] fuzzPins = new String[WORKERS * CONNECTIONS_PER_WORKER];
        for (int i = 0; i < fuzzPins.length; i++) {
            fuzzPins[i] = "fuzz-" + i;
        }
        TestClient owner = login("fuzz-owner");
        long fuzzGid = createGroup(owner, "fuzz room", 500, fuzzPins);
        String ownFile = "http://localhost:" + server.port() + "/files/2026/11/" + "0123456789abcdef".repeat(2) + ".png";
        Map<String, Long> before = rowCounts();

        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Random random = new Random(seed + w);
            done.add(pool.submit(() -> {
                PacketMutator mutator = new PacketMutator(random, fuzzGid, goodGid, ownFile);
                for (int c = 0; c < CONNECTIONS_PER_WORKER; c++) {
                    storm(mutator, fuzzPins[worker * CONNECTIONS_PER_WORKER + c]);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        System.out.println("ProtocolFuzzTest: " + sent.get() + " packets over " + connections.get() + " connections; "
                + "by category " + new java.util.TreeMap<>(byCategory) + "; answers " + new java.util.TreeMap<>(byError)
                + "; closed by the server " + closes.get());
        assertTrue(failures.size() + " failures, first: " + failures.subList(0, Math.min(10, failures.size())),
                failures.isEmpty());
        assertTrue("packets: " + sent.get(), sent.get() >= 10_000);
        assertTrue("connections: " + connections.get(), connections.get() >= 40);
        assertEquals("no row written or removed by invalid input", before, rowCounts());

        // the server is alive and the well-behaved connections still work
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.port() + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        JsonNode ack = sendToGroup(alice, goodGid, "after", "after the storm");
        assertEquals("after the storm", bob.await("chat_message").path("msg").path("content").asText());
        sendToGroup(bob, goodGid, "reply", "still here");
        assertEquals("still here", alice.await("chat_message").path("msg").path("content").asText());
        JsonNode page = history(alice, goodGid, -1, 10);
        assertEquals(3, page.path("msgs").size());
        assertEquals(ack.path("mid").asLong() + 1, page.path("msgs").get(0).path("mid").asLong());
    }

    /** One connection: a few packets before auth, then authenticated fuzz until done or closed. */
    private void storm(PacketMutator mutator, String pin) throws Exception {
        TestClient c = fresh();
        for (int i = 0; i < UNAUTHENTICATED_PACKETS && !c.isClosed(); i++) {
            if (!exchange(c, mutator.beforeAuth())) {
                c = fresh();
            }
        }
        c = authenticated(c, pin);
        for (int i = 0; i < PACKETS_PER_CONNECTION; i++) {
            if (!exchange(c, mutator.next())) {
                c = authenticated(fresh(), pin); // closed as it may be: carry on over a new connection
            }
        }
        c.close();
    }

    private TestClient fresh() throws Exception {
        connections.incrementAndGet();
        return connect();
    }

    private TestClient authenticated(TestClient c, String pin) throws Exception {
        if (c.isClosed()) {
            c = fresh();
        }
        JsonNode ok = c.request(authPacket("login", token(pin, APP), pin, APP), "auth_ok");
        assertEquals(0, ok.path("code").asInt());
        return c;
    }

    /** Sends one fuzz input and checks the answer; false when the connection is closed afterwards. */
    private boolean exchange(TestClient c, PacketMutator.Fuzz fuzz) throws Exception {
        sent.incrementAndGet();
        byCategory.computeIfAbsent(fuzz.category(), k -> new AtomicInteger()).incrementAndGet();
        try {
            if (fuzz.text() != null) {
                c.sendRaw(fuzz.text());
            } else {
                c.sendBinary(fuzz.binary());
            }
        } catch (RuntimeException e) {
            if (!fuzz.mayClose()) {
                failures.add("send failed (" + e + ") for " + fuzz);
            }
            closes.incrementAndGet();
            return false;
        }
        JsonNode answer = c.poll("error", fuzz.mayClose() ? 2_000 : 5_000);
        for (JsonNode other : c.pending()) {
            if (!other.path("type").asText().equals("ping")) {
                failures.add("a non-error answer " + other + " to " + fuzz);
            }
            c.poll(other.path("type").asText(), 0);
        }
        if (answer == null) {
            if (!(fuzz.mayClose() && c.isClosed())) {
                failures.add("no error answer to " + fuzz);
            }
        } else {
            checkError(answer, fuzz);
        }
        if (fuzz.mayClose()) {
            try {
                c.awaitClose(5_000);
            } catch (AssertionError e) {
                failures.add("not closed after " + fuzz);
            }
            closes.incrementAndGet();
            return false;
        }
        if (c.isClosed()) {
            closes.incrementAndGet();
            failures.add("connection closed after " + fuzz);
            return false;
        }
        return true;
    }

    private void checkError(JsonNode e, PacketMutator.Fuzz fuzz) {
        boolean wellFormed = e.isObject() && e.path("code").isInt() && e.path("error").isTextual()
                && e.path("error").asText().matches("[a-z_]+") && e.path("msg").isTextual()
                && !e.path("msg").asText().isEmpty() && (!e.has("id") || e.get("id").isTextual());
        if (!wellFormed) {
            failures.add("malformed error " + e + " for " + fuzz);
        }
        int code = e.path("code").asInt();
        if (code == 5000 || code < 4000 || code > 4999) {
            failures.add("error code " + code + " " + e + " for " + fuzz);
        }
        if (e.has("id") && fuzz.text() != null && !fuzz.text().contains("\"id\":\"" + e.get("id").asText() + "\"")) {
            failures.add("answer id " + e.get("id") + " is not the request's, for " + fuzz);
        }
        byError.computeIfAbsent(e.path("error").asText(), k -> new AtomicInteger()).incrementAndGet();
    }

    private Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : TABLES) {
            out.put(t, count("SELECT COUNT(*) FROM " + t));
        }
        out.put("max(mid)", count("SELECT COALESCE(MAX(mid), 0) FROM messages"));
        return out;
    }
}
