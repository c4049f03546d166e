package io.parley.bench;

import io.parley.protocol.Field;
import java.util.ArrayList;
import java.util.List;

/** N sender→receiver one-to-one pairs, each keeping `window` messages in flight. */
final class PairsScenario implements Scenario {
    private final String key;
    private final int pairs;
    private final int window;
    private final long warmupMs;
    private final long measureMs;

    PairsScenario(String key, int pairs, int window, long warmupMs, long measureMs) {
        this.key = key;
        this.pairs = pairs;
        this.window = window;
        this.warmupMs = warmupMs;
        this.measureMs = measureMs;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public List<String> rows() {
        return List.of(String.format("%d pairs 1:1, %d in flight each (delivered msg/s)", pairs, window));
    }

    @Override
    public List<Measurement> run(Target t) throws Exception {
        List<String> pins = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            pins.add("s" + i);
            pins.add("r" + i);
        }
        List<BenchClient> clients = t.connect(pins, 32);
        try {
            LoadClock clock = t.clock();
            List<MessageFlow> flows = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                flows.add(new MessageFlow("p" + i, clients.get(2 * i),
                        "\"" + Field.TO_CHAT + "\":\"r" + i + "\",\"" + Field.TO_APP_ID + "\":\"" + BenchClient.APP + "\"",
                        List.of(clients.get(2 * i + 1)), window, Long.MAX_VALUE, clock));
            }
            Scenario.warmThenMeasure(clock, warmupMs, measureMs, () -> flows.forEach(MessageFlow::start),
                    () -> flows.forEach(MessageFlow::stop));
            String problems = MessageFlow.awaitAll(flows, 60_000);
            return List.of(Measurement.rate(rows().get(0), t.kind(), clock.perSecond(), "msg/s", clock.latency(),
                    clock.cpuMicrosPerOp(), "msg").withFailure(problems).withNote(clock.generatorNote("msg")).withNote(clock.cpuBreakdown("msg")));
        } finally {
            Target.closeAll(clients);
        }
    }
}
