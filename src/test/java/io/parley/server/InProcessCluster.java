package io.parley.server;

import io.parley.testsupport.TestServer;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.store.ChatStore;
import io.parley.server.store.sqlite.SqliteChatStore;

/**
 * Parley nodes in this JVM that fan out through Redis and share one store object (SQLite), so
 * the fan-out can be tested on its own; separate processes on PostgreSQL are MultiNode tests.
 */
public final class InProcessCluster implements AutoCloseable {
    public final ChatStore store;
    public final List<ParleyServer> nodes = new ArrayList<>();
    private final String redisUri;
    private final String prefix;
    private final Path dir;
    private final WebSocketClient ws;
    private final List<TestClient> clients = new ArrayList<>();

    public InProcessCluster(String redisUri, String prefix, int nodeCount, WebSocketClient ws) throws Exception {
        this.redisUri = redisUri;
        this.prefix = prefix;
        this.ws = ws;
        this.dir = Files.createTempDirectory("parley-cluster");
        this.store = SqliteChatStore.open(dir.resolve("data"));
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(startNode());
        }
    }

    public ParleyServer startNode() throws Exception {
        ServerConfig config = TestServer.liftMessageRates(ServerConfig.builder()).port(0).dataDir(dir.resolve("data")).tokenSecret(ServerTestBase.SECRET)
                .webappDir(Files.createDirectories(dir.resolve("webapp"))).demoDir(Files.createDirectories(dir.resolve("demo")))
                .fanout(redisUri).fanoutPrefix(prefix).build();
        return ParleyServer.start(config, store);
    }

    /** The shared SQLite data directory. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    public ParleyServer node(int i) {
        return nodes.get(i);
    }

    public URI wsUri(int node) {
        return URI.create("ws://127.0.0.1:" + nodes.get(node).port() + "/ws");
    }

    public String token(String pin) {
        return nodes.get(0).tokenService().sign(pin, ServerTestBase.APP, System.currentTimeMillis() / 1000 + 3600);
    }

    /** A connection to node, authenticated as pin@APP. */
    public TestClient login(int node, String pin) throws Exception {
        TestClient c = TestClient.connect(ws, wsUri(node));
        clients.add(c);
        JsonNode ok = c.request(ServerTestBase.authPacket("login", token(pin), pin, ServerTestBase.APP), "auth_ok");
        assertEquals(0, ok.path("code").asInt());
        return c;
    }

    @Override
    public void close() {
        for (TestClient c : clients) {
            c.close();
        }
        for (ParleyServer n : nodes) {
            n.stop();
        }
        store.close();
    }
}
