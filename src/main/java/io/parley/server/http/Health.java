package io.parley.server.http;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What GET /api/health reports: each part this node needs, with "ok" or what is wrong with it. */
@FunctionalInterface
public interface Health {
    String OK = "ok";

    /** Completes with part name → "ok" or the problem; the node is healthy when every part is "ok". */
    CompletableFuture<Map<String, String>> check();
}
