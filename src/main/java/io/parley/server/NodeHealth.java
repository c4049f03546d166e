package io.parley.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.parley.server.fanout.Fanout;
import io.parley.server.http.Health;
import io.parley.server.store.ChatStore;

/**
 * /api/health for a load balancer: the store answers a query within the timeout, and the fan-out
 * reaches the other nodes. A store that hangs costs one thread, not one per check: while a probe is
 * still running, later checks wait on the same probe.
 */
final class NodeHealth implements Health {
    static final long STORE_TIMEOUT_MS = 2000;

    private final ChatStore store;
    private final Fanout fanout;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-health");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<String> probe; // guarded by this

    NodeHealth(ChatStore store, Fanout fanout) {
        this.store = store;
        this.fanout = fanout;
    }

    @Override
    public CompletableFuture<Map<String, String>> check() {
        return storeProbe().completeOnTimeout("no answer within " + STORE_TIMEOUT_MS + " ms", STORE_TIMEOUT_MS,
                TimeUnit.MILLISECONDS).thenApply(storeState -> {
                    Map<String, String> parts = new LinkedHashMap<>();
                    parts.put("store", storeState);
                    String fan = fanout.problem();
                    parts.put("fanout", fan == null ? OK : fan);
                    return parts;
                });
    }

    private synchronized CompletableFuture<String> storeProbe() {
        if (probe == null || probe.isDone()) {
            probe = CompletableFuture.supplyAsync(() -> {
                try {
                    store.ping();
                    return OK;
                } catch (RuntimeException e) {
                    return "query failed: " + e.getMessage();
                }
            }, prober);
        }
        // a copy, so one caller's timeout does not complete the shared probe
        return probe.thenApply(s -> s);
    }

    void close() {
        prober.shutdownNow();
    }
}
