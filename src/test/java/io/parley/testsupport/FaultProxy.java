package io.parley.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault-injecting TCP proxy of every test, on loopback in front of a target port. Faults:
 * <ul>
 * <li>{@link #cut()}: drops every live connection and refuses new ones until {@link #resume()};</li>
 * <li>{@link #freeze()}: the live connections silently carry no more bytes (a dead path that no FIN
 * or RST reports) while new ones work;</li>
 * <li>{@link #cutAfterRandomBytes}: every connection is cut after a seeded random number of bytes
 * (both directions together), wherever that falls: in the HTTP upgrade, a frame header or a
 * payload. The downlink follows WebSocket framing to count cuts inside a response or frame.</li>
 * </ul>
 * Not a fault but a condition: {@link #delay(long, long)} holds every chunk for a fixed time per
 * direction (network latency; order kept, no bandwidth limit), e.g. for WebSocket traffic, which
 * Chromium's network emulation does not slow down.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger cutsMidFrame = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean refusing;
    private volatile boolean closed;
    /** Connections with a serial up to this carry no more bytes. */
    private volatile int frozenUpTo;
    private volatile Random random;
    private volatile int minBudget;
    private volatile int maxBudget;
    private volatile boolean cutting = true;
    private volatile long upDelayMs;
    private volatile long downDelayMs;

    public FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "proxy-accept");
    }

    /** From now on each new connection is cut after min..max bytes, drawn from a Random(seed). */
    public FaultProxy cutAfterRandomBytes(long seed, int min, int max) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("byte budget must be 1 <= min <= max, got " + min + ".." + max);
        }
        this.minBudget = min;
        this.maxBudget = max;
        this.random = new Random(seed);
        return this;
    }

    /**
     * From now on, for new connections, bytes towards the target (up) and towards the client (down)
     * are passed on that many ms after they were read; 0 passes them on at once.
     */
    public FaultProxy delay(long upMs, long downMs) {
        if (upMs < 0 || downMs < 0) {
            throw new IllegalArgumentException("delays must be >= 0 ms, got " + upMs + "/" + downMs);
        }
        this.upDelayMs = upMs;
        this.downDelayMs = downMs;
        return this;
    }

    /** false: random cuts stop (connections then live until a side closes them); true: they go on. */
    public void cutting(boolean on) {
        cutting = on;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Cuts every connection now and refuses new ones until {@link #resume()}. */
    public void cut() {
        refusing = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    public void resume() {
        refusing = false;
    }

    /** The connections open now carry no more bytes, in either direction; later ones work. */
    public void freeze() {
        frozenUpTo = connections.get();
    }

    /** Connections accepted and passed on. */
    public int connections() {
        return connections.get();
    }

    /** Random byte-budget cuts so far. */
    public int cuts() {
        return cuts.get();
    }

    /** Random cuts that stopped the downlink inside the HTTP response or inside a frame. */
    public int cutsMidFrame() {
        return cutsMidFrame.get();
    }

    /** Bytes passed on, both directions. */
    public long bytes() {
        return bytes.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                continue; // closed (the loop ends) or a transient accept failure
            }
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            Socket server;
            try {
                server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client); // the target is down: the client sees a dropped connection
                continue;
            }
            open.add(client);
            open.add(server);
            Link link = new Link(client, server, connections.incrementAndGet(), nextBudget());
            long up = upDelayMs;
            long down = downDelayMs;
            daemon(() -> link.pump(client, server, false, up), "proxy-up");
            daemon(() -> link.pump(server, client, true, down), "proxy-down");
        }
    }

    private long nextBudget() {
        Random r = random;
        if (r == null) {
            return Long.MAX_VALUE;
        }
        synchronized (r) {
            return minBudget + r.nextInt(maxBudget - minBudget + 1);
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** One proxied connection: a byte budget shared by both directions and a frame tracker for the downlink. */
    private final class Link {
        private final Socket a;
        private final Socket b;
        private final int serial;
        private long budget;
        private boolean done;
        private final FrameTracker downlink = new FrameTracker();

        Link(Socket a, Socket b, int serial, long budget) {
            this.a = a;
            this.b = b;
            this.serial = serial;
            this.budget = budget;
        }

        void pump(Socket from, Socket to, boolean isDownlink, long delayMs) {
            byte[] buf = new byte[8192];
            Delayed delayed = null;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                if (delayMs > 0) {
                    delayed = new Delayed(out, delayMs);
                    Delayed writer = delayed;
                    daemon(writer::drain, isDownlink ? "proxy-down-delay" : "proxy-up-delay");
                }
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    if (serial <= frozenUpTo) {
                        continue; // swallowed: nobody is told
                    }
                    int allowed;
                    boolean cut = false;
                    synchronized (this) {
                        if (done) {
                            return;
                        }
                        allowed = n;
                        if (cutting && n >= budget) {
                            allowed = (int) budget;
                            cut = true;
                            done = true;
                        }
                        budget -= allowed;
                        if (isDownlink) {
                            downlink.track(buf, allowed);
                        }
                        if (cut) {
                            cuts.incrementAndGet();
                            if (isDownlink && downlink.midFrame()) {
                                cutsMidFrame.incrementAndGet();
                            }
                        }
                    }
                    if (allowed > 0) {
                        bytes.addAndGet(allowed); // before the write, so it is counted before any answer arrives
                        if (delayed != null) {
                            delayed.offer(buf, allowed);
                        } else {
                            out.write(buf, 0, allowed);
                            out.flush();
                        }
                    }
                    if (cut) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the other pump closed the sockets, or a side went away
            }
            if (delayed != null) {
                delayed.finish(); // the writer closes both once the held bytes are out
            } else {
                closeBoth();
            }
        }

        /** Held chunks of one direction, written in order when due; a fixed delay keeps due times ordered. */
        private final class Delayed {
            private final OutputStream out;
            private final long delayNanos;
            private final BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();

            Delayed(OutputStream out, long delayMs) {
                this.out = out;
                this.delayNanos = delayMs * 1_000_000L;
            }

            void offer(byte[] buf, int len) {
                queue.add(new Object[] {java.util.Arrays.copyOf(buf, len), System.nanoTime() + delayNanos});
            }

            void finish() {
                queue.add(new Object[] {null, System.nanoTime() + delayNanos});
            }

            void drain() {
                try {
                    while (true) {
                        Object[] chunk = queue.take();
                        long wait = (Long) chunk[1] - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                        }
                        if (chunk[0] == null) {
                            break;
                        }
                        byte[] data = (byte[]) chunk[0];
                        out.write(data);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // a side went away
                }
                closeBoth();
            }
        }

        private void closeBoth() {
            synchronized (this) {
                done = true;
            }
            closeQuietly(a);
            closeQuietly(b);
            open.remove(a);
            open.remove(b);
        }
    }

    /** Follows a server → client stream: the HTTP response head, then unmasked WebSocket frames. */
    static final class FrameTracker {
        private boolean headersDone;
        private int crlfMatch;
        private final byte[] hdr = new byte[14];
        private int hdrLen;
        private long payloadLeft;

        /** True when the stream so far stops inside the HTTP response or inside a frame. */
        boolean midFrame() {
            return !headersDone || hdrLen > 0 || payloadLeft > 0;
        }

        void track(byte[] buf, int len) {
            for (int i = 0; i < len; i++) {
                byte x = buf[i];
                if (!headersDone) {
                    char c = (char) x;
                    crlfMatch = (c == (crlfMatch % 2 == 0 ? '\r' : '\n')) ? crlfMatch + 1 : (c == '\r' ? 1 : 0);
                    if (crlfMatch == 4) {
                        headersDone = true;
                    }
                    continue;
                }
                if (payloadLeft > 0) {
                    long skip = Math.min(payloadLeft, len - i);
                    payloadLeft -= skip;
                    i += (int) skip - 1;
                    continue;
                }
                hdr[hdrLen++] = x;
                if (hdrLen >= 2) {
                    int len7 = hdr[1] & 0x7f;
                    int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0); // server frames are unmasked
                    if (hdrLen == need) {
                        long p = len7;
                        if (len7 == 126) {
                            p = ((hdr[2] & 0xff) << 8) | (hdr[3] & 0xff);
                        } else if (len7 == 127) {
                            p = 0;
                            for (int k = 2; k < 10; k++) {
                                p = (p << 8) | (hdr[k] & 0xff);
                            }
                        }
                        payloadLeft = p;
                        hdrLen = 0;
                    }
                }
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        cut();
    }
}
