package io.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server under test running as its own JVM (Parley's Main or the {@link BareRelay}), so its CPU
 * time and heap can be read apart from the load generator's: CPU from /proc/PID/stat, heap with jcmd.
 * The multi-node tests run their nodes with it too (and {@link #kill()} one).
 */
public final class ServerProcess implements AutoCloseable, CpuMeter {
    /** Which server a process runs. */
    public enum Kind {
        RELAY("relay", "io.parley.bench.BareRelay"),
        PARLEY("Parley", "io.parley.server.Main");

        final String label;
        final String mainClass;

        Kind(String label, String mainClass) {
            this.label = label;
            this.mainClass = mainClass;
        }
    }

    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*garbage-first heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern ANY_USED = Pattern.compile("used (\\d+)K");

    final Kind kind;
    private final Process process;
    private final Path dir;
    private final Path log;
    private final int port;
    private final long clockTicksPerSecond;
    private String label;

    private ServerProcess(Kind kind, Process process, Path dir, Path log, int port, long ticks) {
        this.kind = kind;
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.clockTicksPerSecond = ticks;
        this.label = kind.label;
    }

    /** Starts kind with classpath and jvmOptions, in a fresh temporary data directory; waits for its port. */
    static ServerProcess start(Kind kind, String classpath, List<String> jvmOptions, String secret) throws IOException,
            InterruptedException {
        return start(kind, kind.mainClass, classpath, jvmOptions, secret, List.of());
    }

    /** Like {@link #start(Kind, String, List, String)} with extra server flags (limits, for attack tests). */
    static ServerProcess start(Kind kind, String classpath, List<String> jvmOptions, String secret,
                               List<String> serverArgs) throws IOException, InterruptedException {
        return start(kind, kind.mainClass, classpath, jvmOptions, secret, serverArgs);
    }

    /** Like {@link #start(Kind, String, List, String)} with another main class (a moved Parley entry point). */
    static ServerProcess start(Kind kind, String mainClass, String classpath, List<String> jvmOptions, String secret)
            throws IOException, InterruptedException {
        return start(kind, mainClass, classpath, jvmOptions, secret, List.of());
    }

    /** Parley (Main) in this JVM's classpath with extra flags (e.g. --db, --fanout): a cluster node. */
    public static ServerProcess startParley(String secret, List<String> args) throws IOException, InterruptedException {
        return start(Kind.PARLEY, Kind.PARLEY.mainClass, System.getProperty("java.class.path"),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), secret, args);
    }

    /** With extra server flags (serverArgs) after the standard ones. */
    static ServerProcess start(Kind kind, String mainClass, String classpath, List<String> jvmOptions,
                               String secret, List<String> serverArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("parley-bench-" + kind.name().toLowerCase() + "-");
        Path portFile = dir.resolve("port");
        Path log = dir.resolve("server.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of("--port", "0", "--port-file", portFile.toString(), "--token-secret", secret));
        if (kind == Kind.PARLEY) {
            cmd.addAll(List.of("--data", dir.resolve("data").toString()));
        }
        cmd.addAll(serverArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(kind.label + " did not start (" + (p.isAlive() ? "no port after 60 s" : "exit "
                        + p.exitValue()) + "); its log:\n" + tail(log));
            }
            Thread.sleep(20);
        }
        int port = Integer.parseInt(Files.readString(portFile).trim());
        return new ServerProcess(kind, p, dir, log, port, clockTicks());
    }

    public int port() {
        return port;
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** User + system CPU time the server process has used so far, in nanoseconds (resolution 1 clock tick). */
    @Override
    public long cpuNanos() {
        return CpuMeter.cpuNanosOf(process.pid(), clockTicksPerSecond);
    }

    @Override
    public long jitNanos() {
        return CpuMeter.jitNanosOf(process.pid(), clockTicksPerSecond);
    }

    @Override
    public String label() {
        return label;
    }

    /** Names this process in reports (node1, node2); default the kind's label. */
    ServerProcess labelled(String name) {
        this.label = name;
        return this;
    }

    /** Bytes of heap in use after a full GC (jcmd GC.run, then GC.heap_info); -1 if jcmd failed. */
    long heapAfterFullGc() throws InterruptedException {
        jcmd("GC.run");
        Thread.sleep(200);
        jcmd("GC.run"); // a second pass picks up what finalization/reference processing freed
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            m = ANY_USED.matcher(info);
            if (!m.find()) {
                return -1;
            }
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String command) throws InterruptedException {
        try {
            Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), command).redirectErrorStream(true).start();
            String out = new String(j.getInputStream().readAllBytes());
            j.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        }
    }

    /** The server's whole output so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** The last lines of the server's output, for failure reports. */
    public String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100; // Linux's USER_HZ almost everywhere
        }
    }

    /** SIGKILL: the process gets no chance to close anything (a crashed or unplugged node). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
