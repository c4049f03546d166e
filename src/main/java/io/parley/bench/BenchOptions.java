package io.parley.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of {@link LoadBench}: which scenarios and targets, sizes, durations, JVM flags. */
final class BenchOptions {
    static final List<String> ALL_SCENARIOS = List.of("pairs1", "pairs50", "burst", "group", "idle", "history");
    static final String DEFAULT_JVM = "-Xms1g -Xmx1g -XX:+UseG1GC -Dorg.eclipse.jetty.LEVEL=WARN -Dio.parley.LEVEL=WARN";
    static final String USAGE = String.join("\n",
            "usage: java -cp target/parley.jar io.parley.bench.LoadBench [options]",
            "Starts a bare Jetty WebSocket relay (the ceiling) and Parley as separate JVMs, drives both with the",
            "same load generator over the wire protocol on 127.0.0.1 and prints a Markdown table on stdout",
            "(progress goes to stderr). Each scenario gets a freshly started server per target.",
            "  --scenarios A,B,..     of " + String.join(",", ALL_SCENARIOS) + " (default: all)",
            "  --targets A,B          relay,parley (default: both)",
            "  --warmup-ms N          unmeasured load before each timed window and before the bursts (default 8000)",
            "  --steady-ms N          after the warm-up, keep warming in 2 s slices until the server's JIT share is",
            "                         < 15 % and the rate steady (within 10 %), at most N ms more (default 0: off;",
            "                         ClusterBench: 40000), so slower deployments are compared in steady state too",
            "  --duration-ms N        timed window of pairs1, pairs50, group, history (default 5000)",
            "  --pairs N              sender->receiver pairs (default 50)",
            "  --window N             messages in flight per pair in pairs50 (default 50)",
            "  --burst N              burst size (default 1000)",
            "  --backlog N            unread messages the burst receiver holds (default 10000)",
            "  --group N              group members, sender included, 2..500 (default 100)",
            "  --group-window N       group messages in flight (default 10)",
            "  --idle N               idle connections (default 10000; mind ulimit -n)",
            "  --idle-concurrency N   connections being opened at once (default 50)",
            "  --history-size N       messages in the history conversation (default 100000)",
            "  --history-readers N    connections requesting pages, one in flight each (default 8)",
            "  --classpath CP         classpath of the server JVMs (default: this JVM's, i.e. target/parley.jar)",
            "  --parley-main CLASS    Parley's entry point (default io.parley.server.Main; flags --port 0 --port-file",
            "                         --data --token-secret)",
            "  --jvm-opts \"...\"       flags of both server JVMs (default: " + DEFAULT_JVM + ")",
            "  --smoke                tiny sizes and short windows (a correctness check, ~40 s)",
            "  --help                 this text");

    Set<String> scenarios = new LinkedHashSet<>(ALL_SCENARIOS);
    List<ServerProcess.Kind> targets = List.of(ServerProcess.Kind.RELAY, ServerProcess.Kind.PARLEY);
    long warmupMs = 8000; // C2 is still compiling after 2 s on 2 busy cores; its CPU is not per-message work
    long durationMs = 5000;
    long steadyMs = 0;
    int pairs = 50;
    int window = 50;
    int burst = 1000;
    int backlog = 10_000;
    int group = 100;
    int groupWindow = 10;
    int idle = 10_000;
    int idleConcurrency = 50;
    int historySize = 100_000;
    int historyReaders = 8;
    int historyCount = 20;
    String classpath = System.getProperty("java.class.path");
    String parleyMain = ServerProcess.Kind.PARLEY.mainClass;
    List<String> jvmOptions = split(DEFAULT_JVM);
    boolean help;

    static BenchOptions parse(String... args) {
        BenchOptions o = new BenchOptions();
        if (Arrays.asList(args).contains("--smoke")) {
            o.smoke(); // first, so explicit options given with it win
        }
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> o.help = true;
                case "--smoke" -> { }
                case "--scenarios" -> o.scenarios = names(value(args, ++i, flag), ALL_SCENARIOS, flag);
                case "--targets" -> o.targets = names(value(args, ++i, flag), List.of("relay", "parley"), flag).stream()
                        .map(n -> n.equals("relay") ? ServerProcess.Kind.RELAY : ServerProcess.Kind.PARLEY).toList();
                case "--warmup-ms" -> o.warmupMs = number(args, ++i, flag, 0, 600_000);
                case "--steady-ms" -> o.steadyMs = number(args, ++i, flag, 0, 600_000);
                case "--duration-ms" -> o.durationMs = number(args, ++i, flag, 100, 600_000);
                case "--pairs" -> o.pairs = number(args, ++i, flag, 1, 5000);
                case "--window" -> o.window = number(args, ++i, flag, 1, 10_000);
                case "--burst" -> o.burst = number(args, ++i, flag, 1, 1_000_000);
                case "--backlog" -> o.backlog = number(args, ++i, flag, 0, 10_000_000);
                case "--group" -> o.group = number(args, ++i, flag, 2, 500);
                case "--group-window" -> o.groupWindow = number(args, ++i, flag, 1, 10_000);
                case "--idle" -> o.idle = number(args, ++i, flag, 1, 100_000);
                case "--idle-concurrency" -> o.idleConcurrency = number(args, ++i, flag, 1, 10_000);
                case "--history-size" -> o.historySize = number(args, ++i, flag, 21, 10_000_000);
                case "--history-readers" -> o.historyReaders = number(args, ++i, flag, 1, 1000);
                case "--classpath" -> o.classpath = value(args, ++i, flag);
                case "--parley-main" -> o.parleyMain = value(args, ++i, flag);
                case "--jvm-opts" -> o.jvmOptions = split(value(args, ++i, flag));
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        return o;
    }

    /** Sizes small enough for a test: checks correctness end to end, measures nothing useful. */
    private void smoke() {
        warmupMs = 200;
        durationMs = 500;
        pairs = 4;
        window = 8;
        burst = 50;
        backlog = 200;
        group = 6;
        groupWindow = 4;
        idle = 40;
        idleConcurrency = 10;
        historySize = 300;
        historyReaders = 2;
        jvmOptions = split("-Xmx256m -XX:+UseG1GC -Dorg.eclipse.jetty.LEVEL=WARN -Dio.parley.LEVEL=WARN");
    }

    List<Scenario> scenarioList() {
        List<Scenario> out = new ArrayList<>();
        for (String s : scenarios) {
            out.add(switch (s) {
                case "pairs1" -> new PairsScenario("pairs1", pairs, 1, warmupMs, durationMs);
                case "pairs50" -> new PairsScenario("pairs50", pairs, window, warmupMs, durationMs);
                case "burst" -> new BurstScenario(burst, backlog, warmupMs);
                case "group" -> new GroupScenario(group, groupWindow, warmupMs, durationMs);
                case "idle" -> new IdleScenario(idle, idleConcurrency);
                case "history" -> new HistoryScenario(historySize, historyReaders, historyCount, warmupMs, durationMs);
                default -> throw new IllegalArgumentException(s);
            });
        }
        return out;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + flag + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, String flag, int min, int max) {
        String v = value(args, i, flag);
        try {
            int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("option " + flag + " must be an integer " + min + ".." + max + ", got '" + v + "'");
    }

    private static Set<String> names(String list, List<String> allowed, String flag) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : list.split(",")) {
            String name = n.trim().toLowerCase();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(flag + ": '" + n + "' is not one of " + String.join(",", allowed));
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs at least one name");
        }
        return out;
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
