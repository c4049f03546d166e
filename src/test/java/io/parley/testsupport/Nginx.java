package io.parley.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx from Debian's package, run in the foreground with the {@code server} block that
 * docs/EMBEDDING.md shows (read from the guide, not copied), its listening port, certificate and
 * node address swapped for test ones. Fails, never skips, when nginx is not installed (./test installs it).
 */
public final class Nginx implements AutoCloseable {
    public static final Path DOC = Path.of("docs", "EMBEDDING.md");

    private final Process process;
    private final int port;
    private final Path log;

    private Nginx(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The guide's ```nginx block. */
    public static String docServerBlock() throws IOException {
        Matcher m = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        if (!m.find()) {
            throw new AssertionError("no ```nginx block in " + DOC);
        }
        return m.group(1);
    }

    /** The guide's server block with test values, checking each thing it replaces is there. */
    static String testServerBlock(int port, Path pem, int nodePort) throws IOException {
        String block = docServerBlock();
        String[][] swaps = {
            {"listen 443 ssl;", "listen 127.0.0.1:" + port + " ssl;"},
            {"/etc/nginx/certs/chat.example.com.crt", pem.toAbsolutePath().toString()},
            {"/etc/nginx/certs/chat.example.com.key", pem.toAbsolutePath().toString()},
            {"http://10.0.0.11:8080", "http://127.0.0.1:" + nodePort},
        };
        for (String[] s : swaps) {
            if (!block.contains(s[0])) {
                throw new AssertionError("the guide's nginx block no longer has " + s[0]);
            }
            block = block.replace(s[0], s[1]);
        }
        return block;
    }

    /**
     * Starts nginx on a free port in front of nodePort, terminating TLS with pem (certificate and key in
     * one file); returns once it accepts TCP connections.
     */
    public static Nginx startTls(Path pem, int nodePort, Path dir) throws IOException, InterruptedException {
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("error.log");
        Path temp = Files.createDirectories(dir.resolve("temp"));
        temp.toFile().setWritable(true, false); // workers may run as another user when we are root
        String conf = "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\nerror_log " + log + " info;\n"
                + "events { worker_connections 256; }\nhttp {\n  access_log off;\n"
                + "  client_body_temp_path " + temp + "/body;\n  proxy_temp_path " + temp + "/proxy;\n"
                + "  fastcgi_temp_path " + temp + "/fcgi;\n  uwsgi_temp_path " + temp + "/uwsgi;\n  scgi_temp_path " + temp + "/scgi;\n"
                + testServerBlock(port, pem, nodePort) + "}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        ProcessBuilder pb = new ProcessBuilder(List.of(binary, "-e", log.toString(), "-p", dir.toString(), "-c",
                confFile.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("nginx is not installed (./test installs Debian's nginx): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("nginx exited " + p.exitValue() + ": " + read(log) + read(dir.resolve("stdout.log")));
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return new Nginx(p, port, log);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("nginx did not listen on " + port + "; log:\n" + read(log));
                }
                Thread.sleep(50);
            }
        }
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    public int port() {
        return port;
    }

    /** nginx's error log so far (for failure messages). */
    public String log() throws IOException {
        return read(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
