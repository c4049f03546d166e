package io.parley.bench;

import io.parley.protocol.Field;
import java.util.List;

/**
 * A burst of messages sent all at once to one receiver: once with no backlog, once to a receiver that
 * holds `backlog` unread messages in the same conversation (sent while it was offline). Measures the
 * time from the first send to the last delivery.
 */
final class BurstScenario implements Scenario {
    /** Unmeasured bursts before the measured ones: without them the first measured burst ran 2-5x slower. */
    private static final int WARMUP_BURSTS = 3;
    private final int burst;
    private final int backlog;
    private final long warmupMs;

    BurstScenario(int burst, int backlog, long warmupMs) {
        this.burst = burst;
        this.backlog = backlog;
        this.warmupMs = warmupMs;
    }

    @Override
    public String key() {
        return "burst";
    }

    @Override
    public List<String> rows() {
        return List.of(String.format("burst of %,d to one receiver, no backlog (first send → last delivered)", burst),
                String.format("burst of %,d to a receiver holding %,d unread", burst, backlog));
    }

    @Override
    public List<Measurement> run(Target t) throws Exception {
        warmUp(t);
        for (int i = 0; i < WARMUP_BURSTS; i++) {
            measure(t, "w" + i, null); // a burst queues frames on both sides: paths the windowed warm-up never takes
        }
        Measurement fresh = measure(t, "n", rows().get(0));
        BenchClient seeder = t.connect("bs");
        MessageFlow seed = new MessageFlow("seed", seeder, to("br"), List.of(), 64, backlog, t.clock());
        seed.start();
        boolean seeded = seed.awaitDrained(600_000);
        seeder.close();
        if (!seeded || seed.problems() != null) {
            return List.of(fresh, Measurement.failed(rows().get(1), t.kind(), "seeding the backlog failed: " + seed.problems()));
        }
        Measurement withBacklog = measure(t, "b", rows().get(1))
                .withNote(String.format("backlog seeded at %,.0f msg/s", backlog / (seed.firstSendToLastAckMs() / 1000)));
        return List.of(fresh, withBacklog);
    }

    /** Unmeasured windowed traffic for warmupMs, so the JIT has compiled the message path before a burst. */
    private void warmUp(Target t) throws Exception {
        List<BenchClient> pair = t.connect(List.of("ws", "wr"), 2);
        try {
            MessageFlow flow = new MessageFlow("w", pair.get(0), to("wr"), List.of(pair.get(1)), 64, Long.MAX_VALUE,
                    t.clock());
            flow.start();
            Thread.sleep(warmupMs);
            flow.stop();
            flow.awaitDrained(60_000);
        } finally {
            Target.closeAll(pair);
        }
    }

    /** Sends the burst from pin prefix+"s" to prefix+"r" (sender reconnects if the seeder used its pin). */
    private Measurement measure(Target t, String prefix, String row) throws Exception {
        List<BenchClient> pair = t.connect(List.of(prefix + "s", prefix + "r"), 2);
        try {
            LoadClock clock = t.clock();
            MessageFlow flow = new MessageFlow(prefix, pair.get(0), to(prefix + "r"), List.of(pair.get(1)), burst, burst, clock);
            clock.start();
            flow.start();
            flow.awaitDrained(300_000);
            clock.stop();
            double ms = flow.firstSendToLastDeliveryMs();
            return new Measurement(row, t.kind(), ms, "ms", false, Double.NaN, Double.NaN, clock.cpuMicrosPerOp(), "msg",
                    null, String.format("%,.0f msg/s", burst / (ms / 1000)))
                    .withLatency(clock.latency()).withFailure(flow.problems()).withNote(clock.generatorNote("msg"));
        } finally {
            Target.closeAll(pair);
        }
    }

    private static String to(String pin) {
        return "\"" + Field.TO_CHAT + "\":\"" + pin + "\",\"" + Field.TO_APP_ID + "\":\"" + BenchClient.APP + "\"";
    }
}
