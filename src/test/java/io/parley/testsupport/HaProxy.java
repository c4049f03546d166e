package io.parley.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from Debian's package, run in the foreground with the repository's deploy/haproxy.cfg (the
 * file docs/DEPLOY.md shows), the listening and node addresses filled in through its environment
 * variables. Fails, never skips, when haproxy is not installed (./test installs it).
 */
public final class HaProxy implements AutoCloseable {
    public static final Path CONFIG = Path.of("deploy", "haproxy.cfg");
    /** TLS termination in front of one node (docs/EMBEDDING.md). */
    public static final Path TLS_CONFIG = Path.of("deploy", "haproxy-tls.cfg");

    private final Process process;
    private final int port;
    private final Path log;

    private HaProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts HAProxy on a free port in front of node1Port and node2Port; returns once it is listening. */
    public static HaProxy start(int node1Port, int node2Port) throws IOException, InterruptedException {
        String binary = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("parley-haproxy", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(binary, "-db", "-f", CONFIG.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("PARLEY_LB_BIND", "127.0.0.1:" + port);
        env.put("PARLEY_NODE1", "127.0.0.1:" + node1Port);
        env.put("PARLEY_NODE2", "127.0.0.1:" + node2Port);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("haproxy is not installed (./test installs Debian's haproxy): " + e.getMessage(), e);
        }
        HaProxy h = new HaProxy(p, port, log);
        h.awaitHealth(200);
        return h;
    }

    /**
     * Starts HAProxy with deploy/haproxy-tls.cfg on a free port, terminating TLS with pem (certificate and
     * key) in front of nodePort; returns once it accepts TCP connections.
     */
    public static HaProxy startTls(Path pem, int nodePort) throws IOException, InterruptedException {
        String binary = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("parley-haproxy-tls", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(binary, "-db", "-f", TLS_CONFIG.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PARLEY_TLS_BIND", "127.0.0.1:" + port);
        pb.environment().put("PARLEY_TLS_PEM", pem.toAbsolutePath().toString());
        pb.environment().put("PARLEY_NODE1", "127.0.0.1:" + nodePort);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("haproxy is not installed (./test installs Debian's haproxy): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("haproxy exited " + p.exitValue() + ": " + Files.readString(log));
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return new HaProxy(p, port, log);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("haproxy did not listen on " + port + "; log:\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    /** ws://127.0.0.1:PORT/ws, pinned to node ("node1", "node2") while it is up, or unpinned (null). */
    public URI wsUri(String node) {
        return URI.create("ws://127.0.0.1:" + port + "/ws" + (node == null ? "" : "?node=" + node));
    }

    /** Waits (up to 20 s) until GET /api/health through the proxy answers status. */
    public void awaitHealth(int status) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/api/health");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                last = http.send(HttpRequest.newBuilder(health).timeout(java.time.Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                last = -1; // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GET /api/health through haproxy stayed " + last + ", expected " + status + "; log:\n"
                + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
