package io.parley.bench;

import io.parley.protocol.Field;
import java.util.ArrayList;
import java.util.List;

/** One sender in a group whose members are all connected; counts deliveries (messages × other members). */
final class GroupScenario implements Scenario {
    private final int members;
    private final int window;
    private final long warmupMs;
    private final long measureMs;

    GroupScenario(int members, int window, long warmupMs, long measureMs) {
        this.members = members;
        this.window = window;
        this.warmupMs = warmupMs;
        this.measureMs = measureMs;
    }

    @Override
    public String key() {
        return "group";
    }

    @Override
    public List<String> rows() {
        return List.of(String.format("group of %d connected members, one sender, %d in flight (deliveries/s)",
                members, window));
    }

    @Override
    public List<Measurement> run(Target t) throws Exception {
        List<String> pins = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            pins.add("g" + i);
        }
        List<BenchClient> clients = t.connect(pins, 32);
        try {
            long gid = t.createGroup(clients.get(0), "bench group", pins.subList(1, members));
            LoadClock clock = t.clock();
            MessageFlow flow = new MessageFlow("g", clients.get(0), "\"" + Field.GID + "\":" + gid, clients.subList(1, members), window,
                    Long.MAX_VALUE, clock);
            Scenario.warmThenMeasure(clock, warmupMs, measureMs, flow::start, flow::stop);
            String problems = MessageFlow.awaitAll(List.of(flow), 60_000);
            return List.of(Measurement.rate(rows().get(0), t.kind(), clock.perSecond(), "deliveries/s", clock.latency(),
                    clock.cpuMicrosPerOp(), "delivery").withFailure(problems).withNote(clock.generatorNote("delivery")).withNote(clock.cpuBreakdown("delivery")));
        } finally {
            Target.closeAll(clients);
        }
    }
}
