package io.parley.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import io.parley.server.auth.TokenService;

/**
 * A quick measurement of the write path (not a test, not the LoadBench): starts the server as its
 * own JVM, drives P sender→receiver pairs with W messages in flight each, and prints delivered
 * msg/s, p50/p99 send→push latency and the server process's CPU per message (from /proc).
 * Run: java -cp target/classes:target/test-classes:$(deps) io.parley.server.WritePathProbe [pairs] [inFlight] [seconds]
 * (PROBE_SERVER_CP=classpath runs another build of the server, e.g. the previous commit, for a comparison).
 */
public final class WritePathProbe {
    private static final String SECRET = "probe-secret-0123456789";
    private static final String APP = "probe";

    /** A lean client: counts pushes and records latency from the nanoTime carried in the content. */
    public static final class Peer implements Session.Listener.AutoDemanding {
        final CountDownLatch authed = new CountDownLatch(1);
        volatile Session session;
        final Semaphore window;
        final long[] latencies;
        final AtomicLong received = new AtomicLong();
        volatile boolean record;
        int n;

        Peer(int inFlight, int capacity) {
            window = new Semaphore(inFlight);
            latencies = new long[capacity];
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.startsWith("{\"type\":\"auth_ok\"")) {
                authed.countDown();
            } else if (text.startsWith("{\"type\":\"chat_message_ack\"")) {
                window.release();
            } else if (text.startsWith("{\"type\":\"chat_message\"")) {
                int i = text.indexOf("\"content\":\"t");
                long sentAt = Long.parseLong(text.substring(i + 12, text.indexOf('"', i + 12)));
                received.incrementAndGet();
                if (record) {
                    synchronized (this) {
                        if (n < latencies.length) {
                            latencies[n++] = System.nanoTime() - sentAt;
                        }
                    }
                }
            }
        }
    }

    static long cpuTicks(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("probe");
        Path portFile = dir.resolve("port");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Dio.parley.LEVEL=WARN",
                "-Dorg.eclipse.jetty.LEVEL=WARN",
                "-cp", System.getenv().getOrDefault("PROBE_SERVER_CP", System.getProperty("java.class.path")),
                "io.parley.server.Main", "--port", "0", "--port-file",
                portFile.toString(), "--data", dir.resolve("data").toString(), "--token-secret", SECRET,
                "--webapp", empty.toString()));
        cmd.addAll(io.parley.bench.LoadLimits.serverArgs());
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        try {
            while (!Files.exists(portFile)) {
                Thread.sleep(20);
            }
            URI uri = URI.create("ws://localhost:" + Files.readString(portFile).trim() + "/ws");
            TokenService tokens = new TokenService(SECRET);
            WebSocketClient ws = new WebSocketClient();
            ws.start();
            List<Peer> senders = new ArrayList<>();
            List<Peer> receivers = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                for (String pin : new String[] {"s" + i, "r" + i}) {
                    Peer peer = new Peer(inFlight, 2_000_000 / pairs);
                    ws.connect(peer, uri).get(5, TimeUnit.SECONDS);
                    peer.session.sendText("{\"type\":\"auth\",\"token\":\"" + tokens.sign(pin, APP,
                            System.currentTimeMillis() / 1000 + 3600) + "\",\"pin\":\"" + pin + "\",\"appId\":\"" + APP
                            + "\",\"toChat\":\"r" + i + "\"}", Callback.NOOP);
                    peer.authed.await(5, TimeUnit.SECONDS);
                    (pin.startsWith("s") ? senders : receivers).add(peer);
                }
            }
            AtomicLong phaseEnd = new AtomicLong(Long.MAX_VALUE);
            List<Thread> threads = new ArrayList<>();
            AtomicLong seq = new AtomicLong();
            for (Peer s : senders) {
                Thread t = new Thread(() -> {
                    try {
                        while (System.nanoTime() < phaseEnd.get()) {
                            if (!s.window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                            s.session.sendText("{\"type\":\"chat_message\",\"clientMsgId\":\"c" + seq.incrementAndGet()
                                    + "\",\"content\":\"t" + System.nanoTime() + "\"}", Callback.NOOP);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.setDaemon(true);
                threads.add(t);
            }
            threads.forEach(Thread::start);
            Thread.sleep(3000); // warm-up, then measure
            long cpu0 = cpuTicks(p.pid());
            long recv0 = receivers.stream().mapToLong(r -> r.received.get()).sum();
            receivers.forEach(r -> r.record = true);
            long t0 = System.nanoTime();
            
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            phaseEnd.set(0);
            long recv = receivers.stream().mapToLong(r -> r.received.get()).sum() - recv0;
            long cpu = cpuTicks(p.pid()) - cpu0;
            receivers.forEach(r -> r.record = false);
            List<Long> lat = new ArrayList<>();
            for (Peer r : receivers) {
                synchronized (r) {
                    for (int i = 0; i < r.n; i++) {
                        lat.add(r.latencies[i]);
                    }
                }
            }
            long[] l = lat.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(l);
            double secs = elapsed / 1e9;
            System.out.printf("pairs %d, in flight %d: %.0f delivered msg/s, p50 %.2f ms, p99 %.2f ms, "
                            + "server CPU %.1f us/msg (%d msgs in %.1f s)%n", pairs, inFlight, recv / secs,
                    l.length == 0 ? 0 : l[l.length / 2] / 1e6, l.length == 0 ? 0 : l[(int) (l.length * 0.99)] / 1e6,
                    recv == 0 ? 0 : cpu * 10_000.0 / recv, recv, secs);
            ws.stop();
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
