package io.parley.bench;

import io.parley.protocol.Field;
import io.parley.protocol.PacketType;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.auth.UserId;
import io.parley.server.chat.DeskPushes;
import io.parley.server.limits.Limit;
import io.parley.server.store.ChatStore;
import io.parley.server.store.postgres.PostgresChatStore;
import io.parley.server.store.sqlite.SqliteChatStore;

/**
 * The desk benchmark (docs/BENCHMARKS.md "Conversation list"): a doctor with 10,000 conversations.
 * Times list_conversations over the wire (first page, a filtered page, a page deep in the list) as
 * p50/p99, then prices the conversation_updated push: the same message load from patients to the
 * doctor with the push on and off (the system property of {@link DeskPushes}), as CPU microseconds
 * of this process per message. Server and clients share this JVM, so the on-off difference also holds
 * the clients' parsing of the pushes (an upper bound of the server's cost).
 */
public final class DeskBench {
    static final String USAGE = String.join("\n",
            "usage: java -cp target/parley.jar io.parley.bench.DeskBench [options]",
            "  --conversations N   the doctor's conversations (default 10000)",
            "  --pages N           timed list requests of each kind (default 2000)",
            "  --senders N         patients writing at once in the push runs (default 50)",
            "  --messages N        messages per push run (default 20000)",
            "  --rounds N          off/on pairs of push runs (default 2)",
            "  --db URL            jdbc:postgresql://... of an EMPTY database (default: SQLite in a temp dir)");
    private static final String SECRET = "desk-bench-secret-" + Long.toHexString(System.nanoTime());
    private static final UserId DOCTOR = new UserId("doctor", BenchClient.APP);

    private DeskBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the benchmark; 0 when it ran, 2 for a bad command line. Throws when the server misbehaved. */
    static int run(String... args) throws Exception {
        int conversations = 10_000;
        int pages = 2000;
        int senders = 50;
        int messages = 20_000;
        int rounds = 2;
        String db = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conversations" -> conversations = Integer.parseInt(args[++i]);
                case "--pages" -> pages = Integer.parseInt(args[++i]);
                case "--senders" -> senders = Integer.parseInt(args[++i]);
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--db" -> db = args[++i];
                case "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> {
                    System.err.println("deskbench: unknown option " + args[i] + "\n" + USAGE);
                    return 2;
                }
            }
        }
        Path dir = Files.createTempDirectory("parley-deskbench");
        ChatStore store = db == null ? SqliteChatStore.open(dir.resolve("data"))
                : PostgresChatStore.open(db, 512, 0, PostgresChatStore.DEFAULT_POOL_SIZE);
        long t0 = System.nanoTime();
        DeskSeed.directs(store, DOCTOR, conversations, BenchClient.APP, "patient-", "Patient "); // one message each
        System.err.printf("deskbench: seeded %d conversations in %.1f s%n", conversations, (System.nanoTime() - t0) / 1e9);
        WebSocketClient ws = new WebSocketClient();
        ws.start();
        BenchTokens tokens = new BenchTokens(SECRET);
        try {
            ParleyServer server = start(store, dir, true);
            try {
                listTimings(ws, tokens, server, pages);
            } finally {
                server.stop();
            }
            System.out.println();
            System.out.println("| push | messages | msg/s | CPU us/msg | conversation_updated received by the doctor |");
            System.out.println("|---|---|---|---|---|");
            for (int r = 0; r < rounds; r++) {
                for (boolean on : new boolean[] {false, true}) {
                    server = start(store, dir, on);
                    try {
                        pushRun(ws, tokens, server, on, senders, messages, conversations);
                    } finally {
                        server.stop();
                    }
                }
            }
        } finally {
            ws.stop();
            store.close();
        }
        return 0;
    }

    private static ParleyServer start(ChatStore store, Path dir, boolean push) throws Exception {
        System.setProperty(DeskPushes.PROPERTY, push ? "on" : "off");
        ServerConfig.Builder b = ServerConfig.builder().port(0).dataDir(dir.resolve("data")).tokenSecret(SECRET)
                .webappDir(Files.createDirectories(dir.resolve("webapp")))
                .demoDir(Files.createDirectories(dir.resolve("demo")));
        for (Limit l : new Limit[] {Limit.MESSAGES_PER_CONNECTION_MINUTE, Limit.MESSAGES_PER_USER_MINUTE,
                Limit.MESSAGE_BYTES_PER_CONNECTION_MINUTE, Limit.MESSAGE_BYTES_PER_USER_MINUTE,
                Limit.CONNECTIONS_PER_USER, Limit.CONNECTIONS_PER_IP}) {
            b.limit(l, 1L << 40);
        }
        return ParleyServer.start(b.build(), store);
    }

    private static URI uri(ParleyServer s) {
        return URI.create("ws://127.0.0.1:" + s.port() + "/ws");
    }

    private static void listTimings(WebSocketClient ws, BenchTokens tokens, ParleyServer server, int pages) throws Exception {
        BenchClient doctor = BenchClient.open(ws, uri(server), tokens, DOCTOR.pin()).get(10, TimeUnit.SECONDS);
        JsonNode deep = null;
        String cursor = null;
        for (int i = 0; i < 99; i++) { // walk to about the 9,900th conversation for the deep-page cursor
            ObjectNode p = listPacket("walk" + i, 100, cursor, null);
            deep = doctor.request(p).get(10, TimeUnit.SECONDS);
            if (deep.path(Field.END).asBoolean()) {
                break;
            }
            cursor = deep.path(Field.NEXT).asText();
        }
        for (int i = 0; i < 1500; i++) { // warm-up of all three kinds before any is timed
            doctor.request(listPacket("w" + i, 20, i % 3 == 2 ? cursor : null, i % 3 == 1 ? "Patient 12" : null))
                    .get(10, TimeUnit.SECONDS);
        }
        System.out.println("| list_conversations (limit 20) | p50 us | p99 us | max us | entries |");
        System.out.println("|---|---|---|---|---|");
        time(doctor, "first page", pages, i -> listPacket("f" + i, 20, null, null));
        time(doctor, "filtered page ('Patient 12', 111 matches)", pages, i -> listPacket("q" + i, 20, null, "Patient 12"));
        String deepCursor = cursor;
        time(doctor, "page after ~9,900 entries", pages, i -> listPacket("d" + i, 20, deepCursor, null));
        doctor.close();
    }

    private static ObjectNode listPacket(String id, int limit, String cursor, String filter) {
        ObjectNode p = BenchClient.JSON.createObjectNode().put(Field.TYPE, PacketType.LIST_CONVERSATIONS).put(Field.ID, id).put(Field.LIMIT, limit);
        if (cursor != null) {
            p.put(Field.BEFORE, cursor);
        }
        if (filter != null) {
            p.put(Field.FILTER, filter);
        }
        return p;
    }

    private static void time(BenchClient c, String label, int n, java.util.function.IntFunction<ObjectNode> packet)
            throws Exception {
        for (int i = 0; i < Math.min(500, n); i++) { // warm-up
            c.request(packet.apply(-i - 1)).get(10, TimeUnit.SECONDS);
        }
        Histogram h = new Histogram(3);
        int entries = 0;
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            JsonNode r = c.request(packet.apply(i)).get(10, TimeUnit.SECONDS);
            h.recordValue((System.nanoTime() - s) / 1000);
            if (r.path(Field.CODE).asInt(-1) != 0) {
                throw new IllegalStateException(label + ": " + r);
            }
            entries = r.path(Field.CONVERSATIONS).size();
            if (entries == 0) {
                throw new IllegalStateException(label + ": an empty page: " + r);
            }
        }
        System.out.printf("| %s | %d | %d | %d | %d |%n", label, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getMaxValue(), entries);
    }

    /** senders patients write total messages to the doctor, 5 in flight each; CPU of this process per message. */
    private static void pushRun(WebSocketClient ws, BenchTokens tokens, ParleyServer server, boolean on, int senders,
                                int total, int conversations) throws Exception {
        BenchClient doctor = BenchClient.open(ws, uri(server), tokens, DOCTOR.pin()).get(10, TimeUnit.SECONDS);
        AtomicLong updates = new AtomicLong();
        doctor.onPacket(p -> {
            if (PacketType.CONVERSATION_UPDATED.equals(p.path(Field.TYPE).asText())) {
                updates.incrementAndGet();
            }
        });
        List<BenchClient> patients = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            int k = (int) ((long) i * conversations / senders);
            patients.add(BenchClient.open(ws, uri(server), tokens, "patient-" + k).get(10, TimeUnit.SECONDS));
        }
        runLoad(patients, total / 4, "warm" + on + System.nanoTime()); // JIT and caches
        updates.set(0);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        runLoad(patients, total, "run" + on + System.nanoTime());
        long cpu = os.getProcessCpuTime() - cpu0;
        double secs = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(300); // the last window's push
        System.out.printf("| %s | %d | %.0f | %.1f | %d |%n", on ? "on" : "off", total, total / secs,
                cpu / 1000.0 / total, updates.get());
        if (on == (updates.get() == 0)) {
            throw new IllegalStateException("the push is " + (on ? "on" : "off") + " but the doctor got "
                    + updates.get() + " conversation_updated pushes");
        }
        patients.forEach(BenchClient::close);
        doctor.close();
    }

    private static void runLoad(List<BenchClient> patients, int total, String tag) throws Exception {
        int each = total / patients.size();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(patients.size()); // each blocks on its window
        for (BenchClient p : patients) {
            Semaphore window = new Semaphore(5);
            CompletableFuture<Void> all = CompletableFuture.runAsync(() -> {
                List<CompletableFuture<JsonNode>> acks = new ArrayList<>(each);
                for (int i = 0; i < each; i++) {
                    window.acquireUninterruptibly();
                    String id = tag + "-" + p.pin + "-" + i;
                    ObjectNode m = BenchClient.JSON.createObjectNode().put(Field.TYPE, PacketType.CHAT_MESSAGE).put(Field.ID, id)
                            .put(Field.CLIENT_MSG_ID, id).put(Field.TO_CHAT, DOCTOR.pin()).put(Field.TO_APP_ID, BenchClient.APP)
                            .put(Field.MSG_TYPE, "text").put(Field.CONTENT, "message " + i);
                    acks.add(p.request(m).whenComplete((a, e) -> window.release()));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).join();
            }, threads);
            done.add(all);
        }
        try {
            CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(10, TimeUnit.MINUTES);
        } finally {
            threads.shutdown();
        }
    }
}
