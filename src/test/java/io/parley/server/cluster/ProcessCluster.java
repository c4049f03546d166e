package io.parley.server.cluster;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.parley.bench.LoadLimits;
import io.parley.bench.ServerProcess;
import io.parley.server.ServerTestBase;
import io.parley.server.auth.TokenService;
import io.parley.testsupport.HaProxy;
import io.parley.testsupport.Redis;
import io.parley.testsupport.TestPostgres;

/**
 * Two Parley nodes as separate processes (so one can be SIGKILLed) on one fresh PostgreSQL
 * database, fanning out through Redis under a prefix of their own, behind HAProxy running the
 * repository's deploy/haproxy.cfg.
 */
public final class ProcessCluster implements AutoCloseable {
    public final TestPostgres pg;
    public final List<ServerProcess> nodes = new ArrayList<>();
    private HaProxy lb;
    private final TokenService tokens = new TokenService(ServerTestBase.SECRET);

    private ProcessCluster(TestPostgres pg, String redisUri) throws IOException, InterruptedException {
        this.pg = pg;
        String prefix = Redis.uniquePrefix();
        try {
            for (int i = 0; i < 2; i++) {
                List<String> args = new ArrayList<>(List.of("--db", pg.url(), "--fanout", redisUri,
                        "--fanout-prefix", prefix));
                args.addAll(LoadLimits.serverArgs()); // the chaos runs send far faster than a person
                nodes.add(ServerProcess.startParley(ServerTestBase.SECRET, args));
            }
            this.lb = HaProxy.start(nodes.get(0).port(), nodes.get(1).port());
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Starts the database, both nodes and HAProxy; fails when PostgreSQL, Redis or HAProxy is missing. */
    public static ProcessCluster start() throws IOException, InterruptedException {
        String redis = Redis.shared();
        return new ProcessCluster(TestPostgres.create(), redis);
    }

    /** HAProxy in front of both nodes. */
    public HaProxy lb() {
        return lb;
    }

    /** ws://127.0.0.1:PORT/ws straight to node i (0 or 1), bypassing HAProxy. */
    public URI direct(int i) {
        return URI.create("ws://127.0.0.1:" + nodes.get(i).port() + "/ws");
    }

    public String token(String pin, String appId) {
        return tokens.sign(pin, appId, System.currentTimeMillis() / 1000 + 3600);
    }

    /** The last lines of every node's log (for failure messages). */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            b.append("--- node").append(i + 1).append(nodes.get(i).isAlive() ? "" : " (dead)").append(":\n")
                    .append(nodes.get(i).logTail()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            if (lb != null) {
                lb.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ServerProcess n : nodes) {
            n.close();
        }
        pg.close();
    }
}
