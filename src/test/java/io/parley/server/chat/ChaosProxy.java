package io.parley.server.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy that cuts every connection after a random number of bytes (both directions
 * together), wherever that falls: in the HTTP upgrade, in a frame header or in a frame's payload.
 * For the server → client direction it follows the WebSocket framing to count the cuts that land
 * inside the HTTP response or inside a frame (cutsMidFrame; uplink cuts are counted in cuts only).
 */
final class ChaosProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Random random;
    private final int minBudget;
    private final int maxBudget;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger cuts = new AtomicInteger();
    final AtomicInteger cutsMidFrame = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();
    private volatile boolean cutting = true;
    private volatile boolean closed;

    public ChaosProxy(int targetPort, long seed, int minBudget, int maxBudget) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.random = new Random(seed);
        this.minBudget = minBudget;
        this.maxBudget = maxBudget;
        Thread t = new Thread(this::acceptLoop, "chaos-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** false: stop cutting (connections then live until a side closes them). */
    public void cutting(boolean on) {
        cutting = on;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                connections.incrementAndGet();
                long budget;
                synchronized (random) {
                    budget = minBudget + random.nextInt(maxBudget - minBudget + 1);
                }
                Link link = new Link(client, server, budget);
                start(() -> link.pump(client, server, false), "chaos-up");
                start(() -> link.pump(server, client, true), "chaos-down");
            } catch (IOException e) {
                if (!closed) {
                    sleep(5);
                }
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One proxied connection: a shared byte budget and a frame tracker for the downlink. */
    private final class Link {
        private final Socket a;
        private final Socket b;
        private long budget;
        private boolean done;
        // downlink framing state
        private boolean headersDone;
        private int crlfMatch;
        private final byte[] hdr = new byte[14];
        private int hdrLen;
        private long payloadLeft;

        public Link(Socket a, Socket b, long budget) {
            this.a = a;
            this.b = b;
            this.budget = budget;
        }

        public void pump(Socket from, Socket to, boolean downlink) {
            byte[] buf = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
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
                        if (downlink) {
                            track(buf, allowed);
                        }
                        if (cut) {
                            cuts.incrementAndGet();
                            if (downlink && midFrame()) {
                                cutsMidFrame.incrementAndGet();
                            }
                        }
                    }
                    if (allowed > 0) {
                        out.write(buf, 0, allowed);
                        out.flush();
                        bytes.addAndGet(allowed);
                    }
                    if (cut) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the other pump closed the sockets, or a side went away
            }
            closeBoth();
        }

        /** True when the downlink stream stops inside the HTTP response or inside a frame. */
        private boolean midFrame() {
            return !headersDone || hdrLen > 0 || payloadLeft > 0;
        }

        private void track(byte[] buf, int len) {
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
            // ignore
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
