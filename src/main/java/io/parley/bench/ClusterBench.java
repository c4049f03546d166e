package io.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.client.WebSocketClient;

import io.parley.server.store.postgres.DbUrl;

/**
 * The cluster cost model (docs/BENCHMARKS.md, "Sizing"): the same scenarios as {@link LoadBench} against
 * one node on SQLite, one node on PostgreSQL + Redis, and N nodes on PostgreSQL + Redis, reporting the
 * CPU each process spends per delivered message: every node, the database's backends and Redis. On a
 * shared 2-core machine throughput is not the figure; µs of CPU per message is.
 * {@code java -cp target/parley.jar io.parley.bench.ClusterBench [--nodes N] [--pg-admin URL] [LoadBench options]}
 */
public final class ClusterBench {
    static final String DEFAULT_PG_ADMIN = "postgresql://127.0.0.1:5432/postgres?user=postgres&password=postgres";
    private static final String SECRET = "cluster-bench-" + Long.toHexString(System.nanoTime());

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = 2;
        String pgAdmin = DEFAULT_PG_ADMIN;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--pg-admin" -> pgAdmin = args[++i];
                default -> rest.add(args[i]);
            }
        }
        if (rest.stream().noneMatch(a -> a.equals("--steady-ms"))) {
            rest.addAll(List.of("--steady-ms", "40000")); // compare steady states: the slower deployment compiles later
        }
        if (rest.stream().noneMatch(a -> a.equals("--scenarios"))) {
            rest.addAll(List.of("--scenarios", "pairs1,group"));
        }
        BenchOptions options = BenchOptions.parse(rest.toArray(new String[0]));
        if (options.help) {
            System.out.println("ClusterBench [--nodes N (default 2)] [--pg-admin URL] [LoadBench options below]\n"
                    + BenchOptions.USAGE);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        WebSocketClient ws = LoadBench.newClient();
        ws.start();
        BenchTokens tokens = new BenchTokens(SECRET);
        out.println("| deployment | scenario | rate | p50 / p99 | CPU per op (all processes) | per process |");
        out.println("|---|---|---|---|---|---|");
        try {
            for (int n : List.of(0, 1, nodes).stream().distinct().toList()) { // --nodes 1: SQLite against one node only
                String name = n == 0 ? "1 node, SQLite" : n + (n == 1 ? " node" : " nodes") + ", PostgreSQL + Redis";
                for (Scenario scenario : options.scenarioList()) {
                    System.err.printf("clusterbench: %s, %s ...%n", scenario.key(), name);
                    try (Deployment d = Deployment.start(n, pgAdmin, options)) {
                        for (Measurement m : scenario.run(new Target(d.nodes, d.meters, ws, tokens, options.steadyMs))) {
                            out.printf("| %s | %s | %s | %s | %s | %s |%n", name, m.row(),
                                    m.ok() ? ReportTable.number(m.value()) + " " + m.unit() : "FAILED: " + m.failure(),
                                    ReportTable.number(m.p50Ms()) + " / " + ReportTable.number(m.p99Ms()) + " ms",
                                    ReportTable.number(m.cpuMicrosPerOp()) + " µs/" + m.op(),
                                    m.note() == null ? "" : m.note());
                        }
                    }
                }
            }
        } finally {
            ws.stop();
        }
        System.exit(0);
    }

    /** Nodes plus, for n >= 1, a fresh PostgreSQL database and a redis-server of its own. */
    private static final class Deployment implements AutoCloseable {
        final List<ServerProcess> nodes = new ArrayList<>();
        final List<CpuMeter> meters = new ArrayList<>();
        private String adminJdbc;
        private String db;
        private Process redis;

        /** A cluster node's flags: the shared database and Redis, limits lifted as in LoadBench. */
        private static List<String> nodeArgs(String dbUrl, String redis) {
            List<String> args = new ArrayList<>(List.of("--db", dbUrl, "--fanout", redis));
            args.addAll(LoadBench.UNLIMITED);
            return args;
        }

        static Deployment start(int n, String pgAdmin, BenchOptions o) throws Exception {
            Deployment d = new Deployment();
            try {
                if (n == 0) {
                    d.nodes.add(ServerProcess.start(ServerProcess.Kind.PARLEY, ServerProcess.Kind.PARLEY.mainClass,
                            o.classpath, o.jvmOptions, SECRET, LoadBench.UNLIMITED).labelled("node1"));
                } else {
                    d.adminJdbc = DbUrl.toJdbc(pgAdmin);
                    d.db = "parley_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    try (Connection c = DriverManager.getConnection(d.adminJdbc); Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + d.db);
                    }
                    String dbUrl = d.adminJdbc.replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + d.db);
                    int redisPort = freePort();
                    d.redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind",
                            "127.0.0.1", "--save", "", "--appendonly", "no").redirectErrorStream(true)
                            .redirectOutput(Files.createTempFile("bench-redis", ".log").toFile()).start();
                    Thread.sleep(300);
                    for (int i = 0; i < n; i++) {
                        d.nodes.add(ServerProcess.start(ServerProcess.Kind.PARLEY, ServerProcess.Kind.PARLEY.mainClass,
                                o.classpath, o.jvmOptions, SECRET, nodeArgs(dbUrl, "redis://127.0.0.1:" + redisPort))
                                .labelled("node" + (i + 1)));
                    }
                }
                d.meters.addAll(d.nodes);
                if (n > 0) {
                    long ticks = ServerProcess.clockTicks();
                    d.meters.add(CpuMeter.postgresBackends(d.db, ticks));
                    d.meters.add(CpuMeter.of("redis", d.redis.pid(), ticks));
                }
                return d;
            } catch (Exception e) {
                d.close();
                throw e;
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        @Override
        public void close() throws InterruptedException {
            nodes.forEach(ServerProcess::close);
            if (redis != null) {
                redis.destroy();
                redis.waitFor(5, TimeUnit.SECONDS);
            }
            if (db != null) {
                try (Connection c = DriverManager.getConnection(adminJdbc); Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                } catch (SQLException e) {
                    System.err.println("clusterbench: could not drop " + db + ": " + e.getMessage());
                }
            }
        }
    }
}
