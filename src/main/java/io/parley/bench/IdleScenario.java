package io.parley.bench;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Many authenticated connections that then stay silent: the server's heap after a full GC, before and
 * after they connect, divided by their number. Also the server CPU to open and authenticate each.
 */
final class IdleScenario implements Scenario {
    private final int connections;
    private final int concurrency;

    IdleScenario(int connections, int concurrency) {
        this.connections = connections;
        this.concurrency = concurrency;
    }

    @Override
    public String key() {
        return "idle";
    }

    @Override
    public List<String> rows() {
        return List.of(String.format("%,d idle authenticated connections (server heap per connection after full GC)",
                connections));
    }

    @Override
    public List<Measurement> run(Target t) throws Exception {
        String row = rows().get(0);
        WebSocketClient own = LoadBench.newClient(); // stopped at the end: drops all its connections at once
        own.start();
        try {
            long before = t.server().heapAfterFullGc();
            List<String> pins = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                pins.add("idle" + i);
            }
            long cpu0 = t.server().cpuNanos();
            List<BenchClient> clients = t.connect(own, pins, concurrency);
            long cpu1 = t.server().cpuNanos();
            Thread.sleep(500);
            long after = t.server().heapAfterFullGc();
            long closed = clients.stream().filter(c -> c.closed().isDone()).count();
            if (before < 0 || after < 0) {
                return List.of(Measurement.failed(row, t.kind(), "could not read the heap with jcmd"));
            }
            double kbPerConn = (after - before) / 1024.0 / connections;
            return List.of(new Measurement(row, t.kind(), kbPerConn, "KB/conn", false, Double.NaN, Double.NaN,
                    (cpu1 - cpu0) / 1000.0 / connections, "conn (connect+auth)",
                    closed == 0 ? null : closed + " of " + connections + " connections closed before the heap was read",
                    String.format("heap after full GC %,.1f → %,.1f MB", before / 1048576.0, after / 1048576.0)));
        } finally {
            own.stop();
        }
    }
}
