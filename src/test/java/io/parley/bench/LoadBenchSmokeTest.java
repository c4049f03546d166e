package io.parley.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.Test;

/**
 * Runs the load benchmark with tiny sizes against both real servers (each its own JVM) and checks
 * correctness only: every message acked and delivered exactly once, every history page full.
 * Never asserts a time or a rate.
 */
public class LoadBenchSmokeTest {

    @Test
    public void everyScenarioDeliversEverythingOnBothTargets() throws Exception {
        BenchOptions options = BenchOptions.parse("--smoke", "--idle", "30");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Measurement> results = LoadBench.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

        int rows = options.scenarioList().stream().mapToInt(s -> s.rows().size()).sum();
        assertEquals("one result per row and target", rows * 2, results.size());
        String failures = results.stream().filter(m -> !m.ok())
                .map(m -> m.row() + " on " + m.target().label + ": " + m.failure()).collect(Collectors.joining("\n"));
        assertTrue("failed rows:\n" + failures + "\nprogress:\n" + progress.toString(StandardCharsets.UTF_8),
                failures.isEmpty());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ReportTable.print(results, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertFalse(table.toString(StandardCharsets.UTF_8), table.toString(StandardCharsets.UTF_8).contains("FAILED"));
    }

    /** The check the bench relies on can fail: a receiver that is not in the group never gets the messages. */
    @Test
    public void aMissingDeliveryIsReported() throws Exception {
        BenchTokens tokens = new BenchTokens("smoke-secret");
        WebSocketClient ws = LoadBench.newClient();
        ws.start();
        try (ServerProcess relay = ServerProcess.start(ServerProcess.Kind.RELAY, System.getProperty("java.class.path"),
                List.of("-Xmx128m"), "smoke-secret")) {
            Target t = new Target(relay, ws, tokens, 0);
            List<BenchClient> c = t.connect(List.of("a", "b", "outsider"), 3);
            long gid = t.createGroup(c.get(0), "two", List.of("b"));
            MessageFlow flow = new MessageFlow("m", c.get(0), "\"gid\":" + gid, List.of(c.get(1), c.get(2)), 5, 5,
                    new LoadClock(relay));
            flow.start();
            assertFalse("an outsider cannot get everything", flow.awaitDrained(1500));
            String problems = flow.problems();
            assertNotNull(problems);
            assertTrue(problems, problems.contains("not delivered"));
            Target.closeAll(c);
        } finally {
            ws.stop();
        }
    }
}
