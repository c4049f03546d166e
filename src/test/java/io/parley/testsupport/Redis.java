package io.parley.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Redis for tests. {@link #shared()} is the machine's Redis on 127.0.0.1:6379 (./test starts it):
 * tests that need it fail, not skip, when it is missing. Tests isolate themselves on it with a
 * {@link #uniquePrefix()}. Tests that stop Redis run their own server ({@link #startOwn()}) on a free
 * port, never the shared one.
 */
public final class Redis implements AutoCloseable {
    public static final String SHARED_URI = "redis://127.0.0.1:6379";

    private final int port;
    private final Path dir;
    private Process process;

    private Redis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** The machine's Redis URI, after checking that it answers PING. */
    public static String shared() {
        if (!ping(6379)) {
            throw new AssertionError("Redis is not running on 127.0.0.1:6379; ./test starts it (or: redis-server"
                    + " --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no)");
        }
        return SHARED_URI;
    }

    /** A channel/key prefix no other test server uses. */
    public static String uniquePrefix() {
        return "parley-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** A redis-server of this test alone, on a free port, without persistence. */
    public static Redis startOwn() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Redis r = new Redis(port, Files.createTempDirectory("parley-redis"));
        r.start();
        return r;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** (Re)starts the server on its port and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        String binary = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
        process = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ping(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start on port " + port + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(20);
        }
    }

    /** Kills the server at once (SIGKILL): connections drop, every pub/sub message in flight is lost. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** True when something on 127.0.0.1:port answers a RESP PING with +PONG. */
    public static boolean ping(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
