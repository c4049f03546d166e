package io.parley.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The server load benchmark (docs/BENCHMARKS.md, "Server load"): for each scenario, starts the bare
 * relay and Parley as their own JVMs, one after the other, drives each with the same generator over the
 * wire protocol and prints one table. Run {@code java -cp target/parley.jar io.parley.bench.LoadBench --help}.
 */
public final class LoadBench {
    /**
     * The bench measures capacity from one address with few users, far past any person's pace: the abuse
     * limits (docs/SECURITY.md) are lifted (its connections may wait for seeding before they log in), and
     * the outbound budget is the one earlier runs measured with.
     */
    static final List<String> UNLIMITED = unlimited();

    private static List<String> unlimited() {
        List<String> args = new ArrayList<>(LoadLimits.serverArgs());
        args.addAll(List.of("--auth-deadline-ms", "3600000", "--outbound-queue-bytes", "8388608"));
        return List.copyOf(args);
    }

    static final String BUILD_HINT = "build the server jar first: mvn -B -q -o package -DskipTests";
    private static final String SECRET = "load-bench-secret-" + Long.toHexString(System.nanoTime());

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadbench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        String missing = missingServerClasses(options.classpath, options.parleyMain);
        if (missing != null) {
            System.err.println("loadbench: " + missing + "; " + BUILD_HINT);
            System.exit(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<Measurement> results = run(options, System.err);
        printMachine(out);
        ReportTable.print(results, out);
        System.exit(results.stream().allMatch(Measurement::ok) ? 0 : 1);
    }

    /** Runs every selected scenario against every selected target; progress goes to log. */
    static List<Measurement> run(BenchOptions options, PrintStream log) throws Exception {
        List<Measurement> results = new ArrayList<>();
        BenchTokens tokens = new BenchTokens(SECRET);
        WebSocketClient ws = newClient();
        ws.start();
        try {
            for (Scenario scenario : options.scenarioList()) {
                for (ServerProcess.Kind kind : options.targets) {
                    long t0 = System.nanoTime();
                    log.printf("loadbench: %s on %s ...%n", scenario.key(), kind.label);
                    List<Measurement> got;
                    String main = kind == ServerProcess.Kind.PARLEY ? options.parleyMain : kind.mainClass;
                    try (ServerProcess server = ServerProcess.start(kind, main, options.classpath, options.jvmOptions,
                            SECRET, main.equals(ServerProcess.Kind.PARLEY.mainClass) ? UNLIMITED : List.of())) {
                        try {
                            got = scenario.run(new Target(server, ws, tokens, options.steadyMs));
                            if (!server.isAlive()) {
                                got = failAll(scenario, kind, "server process died; log:\n" + server.logTail());
                            }
                        } catch (Exception e) {
                            got = failAll(scenario, kind, e.toString() + (server.isAlive() ? "" : "; server log:\n"
                                    + server.logTail()));
                        }
                    } catch (Exception e) {
                        got = failAll(scenario, kind, "could not start: " + e.getMessage());
                    }
                    for (Measurement m : got) {
                        log.printf("loadbench:   %s | %s%s%n", m.row(), m.ok() ? ReportTable.number(m.value()) + " " + m.unit()
                                : "FAILED: " + m.failure(), m.note() == null ? "" : " (" + m.note() + ")");
                    }
                    log.printf("loadbench:   (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
                    results.addAll(got);
                }
            }
        } finally {
            ws.stop();
        }
        return results;
    }

    private static List<Measurement> failAll(Scenario scenario, ServerProcess.Kind kind, String why) {
        return scenario.rows().stream().map(r -> Measurement.failed(r, kind, why)).toList();
    }

    /** The generator's WebSocket client: many connections to one host, no idle timeout during a run. */
    static WebSocketClient newClient() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 8);
        threads.setName("loadbench-client");
        threads.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(200_000);
        http.setMaxRequestsQueuedPerDestination(200_000);
        WebSocketClient ws = new WebSocketClient(http);
        ws.setIdleTimeout(Duration.ofMinutes(10));
        ws.setMaxTextMessageSize(1 << 20);
        ws.setStopAtShutdown(false);
        return ws;
    }

    /** Null when the classpath holds both servers' main classes, else what is missing. */
    static String missingServerClasses(String classpath, String parleyMain) {
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            java.nio.file.Path p = java.nio.file.Path.of(entry);
            if (!java.nio.file.Files.exists(p)) {
                return "classpath entry " + entry + " does not exist";
            }
        }
        ClassLoader cl = LoadBench.class.getClassLoader();
        boolean sameClasspath = classpath.equals(System.getProperty("java.class.path"));
        if (sameClasspath && cl.getResource(parleyMain.replace('.', '/') + ".class") == null) {
            return parleyMain + " is not on the classpath";
        }
        return null;
    }

    /** The header: machine, JDK and date, so a pasted table says where it came from. */
    private static void printMachine(PrintStream out) {
        String model = "?";
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: leave "?"
        }
        out.printf("Machine: %d cores (%s), %s %s, %s%n%n", Runtime.getRuntime().availableProcessors(), model,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0));
    }
}
