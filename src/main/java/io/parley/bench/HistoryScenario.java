package io.parley.bench;

import io.parley.protocol.Field;
import io.parley.protocol.PacketType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Random history pages on one long conversation: a one-member group is filled with `size` messages
 * (one member, so no unread bookkeeping slows the seeding), then `readers` connections of that member
 * each keep one `history` request in flight with a random startMid.
 */
final class HistoryScenario implements Scenario {
    private final int size;
    private final int readers;
    private final int count;
    private final long warmupMs;
    private final long measureMs;

    HistoryScenario(int size, int readers, int count, long warmupMs, long measureMs) {
        this.size = size;
        this.readers = readers;
        this.count = count;
        this.warmupMs = warmupMs;
        this.measureMs = measureMs;
    }

    @Override
    public String key() {
        return "history";
    }

    @Override
    public List<String> rows() {
        return List.of(String.format("history pages (count %d, random startMid) on %,d messages, %d readers (req/s)",
                count, size, readers));
    }

    @Override
    public List<Measurement> run(Target t) throws Exception {
        String row = rows().get(0);
        BenchClient owner = t.connect("h0");
        long gid = t.createGroup(owner, "history", List.of());
        MessageFlow seed = new MessageFlow("h", owner, "\"" + Field.GID + "\":" + gid, List.of(), 128, size, t.clock());
        seed.start();
        boolean seeded = seed.awaitDrained(900_000);
        owner.close();
        if (!seeded || seed.problems() != null) {
            return List.of(Measurement.failed(row, t.kind(), "seeding failed: " + seed.problems()));
        }
        String seedNote = String.format("seeded at %,.0f msg/s", size / (seed.firstSendToLastAckMs() / 1000));
        List<String> pins = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            pins.add("h0");
        }
        List<BenchClient> clients = t.connect(pins, readers);
        try {
            LoadClock clock = t.clock();
            List<Reader> rs = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                rs.add(new Reader(i, clients.get(i), gid, clock));
            }
            Scenario.warmThenMeasure(clock, warmupMs, measureMs, () -> rs.forEach(Reader::next),
                    () -> rs.forEach(r -> r.stopped = true));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (rs.stream().anyMatch(r -> r.outstanding != null && r.problem == null) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<String> problems = new ArrayList<>();
            for (Reader r : rs) {
                problems.add(r.problem != null ? r.problem
                        : r.outstanding != null ? "request " + r.outstanding + " unanswered" : null);
            }
            return List.of(Measurement.rate(row, t.kind(), clock.perSecond(), "req/s", clock.latency(),
                    clock.cpuMicrosPerOp(), "request").withFailure(Scenario.join(problems))
                    .withNote(String.format("answer %,d B; %s", rs.get(0).answerBytes.get(), seedNote))
                    .withNote(clock.generatorNote("request")));
        } finally {
            Target.closeAll(clients);
        }
    }

    /** One connection with one history request in flight; checks each answer has exactly `count` messages. */
    private final class Reader {
        private final int index;
        private final BenchClient client;
        private final long gid;
        private final LoadClock clock;
        private final AtomicLong answerBytes = new AtomicLong();
        volatile boolean stopped;
        volatile String outstanding;
        volatile String problem;
        private long seq;

        Reader(int index, BenchClient client, long gid, LoadClock clock) {
            this.index = index;
            this.client = client;
            this.gid = gid;
            this.clock = clock;
            client.onPacket(this::onPacket);
        }

        void next() {
            if (stopped || problem != null) {
                return;
            }
            String id = index + "-" + seq++ + "-" + System.nanoTime();
            long startMid = ThreadLocalRandom.current().nextLong(count + 1, size + 2); // every page is full
            outstanding = id;
            client.send("{\"" + Field.TYPE + "\":\"" + PacketType.HISTORY + "\",\"" + Field.ID + "\":\"" + id
                    + "\",\"" + Field.GID + "\":" + gid + ",\"" + Field.START_MID + "\":" + startMid + ",\"" + Field.COUNT + "\":" + count + "}");
        }

        private void onPacket(JsonNode p) {
            String id = p.path(Field.ID).asText();
            String type = p.path(Field.TYPE).asText();
            if (type.equals(PacketType.ERROR) || type.equals(PacketType.HISTORY_RESULT) && !id.equals(outstanding)) {
                problem = "unexpected answer (waiting for " + outstanding + "): " + p;
                return;
            }
            if (!type.equals(PacketType.HISTORY_RESULT)) {
                return; // pings and other pushes
            }
            if (p.path(Field.MSGS).size() != count) {
                problem = "page of " + p.path(Field.MSGS).size() + " messages instead of " + count + ": " + id;
            }
            if (answerBytes.get() == 0) {
                answerBytes.set(p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
            clock.completed(Long.parseLong(id.substring(id.lastIndexOf('-') + 1)));
            outstanding = null;
            next();
        }
    }
}
