package io.parley.server.chat;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.Outbox;
import io.parley.protocol.ReceiveCursor;
import io.parley.testsupport.FaultProxy;

/**
 * Two senders and two receivers exchange messages in one group through {@link FaultProxy}, which
 * cuts every connection at a random byte (often mid-frame). Senders resend unacked messages with
 * the same clientMsgId ({@link Outbox}); receivers resume with sync from their
 * {@link ReceiveCursor}. Every acknowledged message must reach every receiver exactly once, in mid
 * order. Seed: fixed by default; -Dchaos.seed=random explores, -Dchaos.seed=N (printed) reproduces the cut points.
 */
public class ChaosTest extends ServerTestBase {
    private static final int PER_SENDER = Integer.getInteger("chaos.perSender", 600);
    private static final int WINDOW = 16;
    /**
     * Receivers ask for at most this many missed messages per sync and page forward in steps of
     * PAGE when more were missed: an answer must fit the proxy's byte budgets (200..16000 per
     * connection) often enough, or a receiver that fell behind would be cut mid-answer forever.
     */
    private static final int SYNC_LIMIT = 40;
    private static final int PAGE = 20;
    private static final long DEADLINE_MS = 50_000;

    /** Events a node's own thread handles: packets and closes, tagged with the connection number. */
    private record Event(int conn, JsonNode packet) {
    }

    /** Jetty needs a public listener class; forwards frames and the close to the node's queue. */
    public static final class Listener implements Session.Listener.AutoDemanding {
        private final BlockingQueue<Event> events;
        private final int conn;

        Listener(BlockingQueue<Event> events, int conn) {
            this.events = events;
            this.conn = conn;
        }

        @Override
        public void onWebSocketText(String message) {
            try {
                events.add(new Event(conn, TestClient.JSON.readTree(message)));
            } catch (Exception ex) {
                events.add(new Event(conn, TestClient.obj("type", "<unparseable>")));
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            events.add(new Event(conn, null));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            events.add(new Event(conn, null));
        }
    }

    /** One chat client that reconnects through the proxy until stopped; single-threaded logic. */
    private abstract class Node extends Thread {
        final String pin;
        final URI uri;
        final WebSocketClient client;
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        volatile boolean stop;
        volatile Throwable failure;
        int conn;
        Session session;
        boolean authed;
        int reconnects = -1;

        Node(String pin, URI uri, WebSocketClient client) {
            super("chaos-" + pin);
            setDaemon(true);
            this.pin = pin;
            this.uri = uri;
            this.client = client;
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    if (session == null) {
                        if (reconnects >= 0) {
                            beforeReconnect();
                        }
                        connect();
                        continue;
                    }
                    Event e = events.poll(20, TimeUnit.MILLISECONDS);
                    if (e != null && Boolean.getBoolean("chaos.debug")) {
                        System.out.println(pin + " conn " + e.conn + "/" + conn + ": " + e.packet);
                    }
                    if (e != null && e.conn == conn) {
                        if (e.packet == null) {
                            session = null;
                            authed = false;
                            disconnected();
                            continue;
                        }
                        handle(e.packet);
                    }
                    if (authed) {
                        tick();
                    }
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                Session s = session;
                if (s != null) {
                    s.disconnect();
                }
            }
        }

        private void connect() throws InterruptedException {
            int myConn = ++conn;
            reconnects++;
            Listener listener = new Listener(events, myConn);
            try {
                session = client.connect(listener, uri).get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (Boolean.getBoolean("chaos.debug")) {
                    System.out.println(pin + " connect failed: " + e);
                }
                session = null;
                Thread.sleep(10);
                return;
            }
            send(authPacket("auth", token(pin, APP), pin, APP));
        }

        void send(JsonNode packet) {
            Session s = session;
            if (s != null) {
                s.sendText(packet.toString(), Callback.NOOP); // a failed write shows up as a close
            }
        }

        void handle(JsonNode p) throws Exception {
            String type = p.path("type").asText();
            if (type.equals("auth_ok")) {
                authed = true;
                connected();
            } else if (type.equals("error")) {
                throw new AssertionError(pin + " got " + p);
            } else {
                packet(type, p);
            }
        }

        abstract void connected();

        abstract void disconnected();

        abstract void packet(String type, JsonNode p);

        void tick() {
        }

        void beforeReconnect() throws InterruptedException {
        }
    }

    private final class Sender extends Node {
        final long gid;
        final Outbox<String> outbox = new Outbox<>();
        final Map<String, String> json = new HashMap<>();
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        int next;
        int writes;
        int repeatedAcks;

        Sender(String pin, URI uri, WebSocketClient client, long gid) {
            super(pin, uri, client);
            this.gid = gid;
        }

        boolean done() {
            return acked.size() == PER_SENDER;
        }

        @Override
        void connected() {
            tick();
        }

        @Override
        void disconnected() {
            outbox.connectionLost();
        }

        @Override
        void tick() {
            while (next < PER_SENDER && outbox.size() < WINDOW) {
                String cid = pin + "-" + next;
                json.put(cid, TestClient.obj("type", "chat_message", "id", cid, "clientMsgId", cid, "gid", gid,
                        "msgType", "text", "content", "message " + next + " from " + pin).toString());
                outbox.add(cid, cid, Double.MAX_VALUE);
                next++;
            }
            for (String cid : outbox.takeUnwritten()) {
                Session s = session;
                if (s != null) {
                    s.sendText(json.get(cid), Callback.NOOP);
                    writes++;
                }
            }
        }

        @Override
        void packet(String type, JsonNode p) {
            if (type.equals("chat_message_ack")) {
                String cid = p.path("clientMsgId").asText();
                long mid = p.path("mid").asLong();
                outbox.acknowledge(cid);
                Long before = acked.putIfAbsent(cid, mid);
                if (before != null) {
                    repeatedAcks++;
                    assertEquals("a repeated ack carries the original mid for " + cid, (long) before, mid);
                }
            }
        }
    }

    private final class Receiver extends Node {
        final long gid;
        final ReceiveCursor<JsonNode> cursor = new ReceiveCursor<>(0);
        final java.util.Random offline;
        final List<JsonNode> delivered = new ArrayList<>();
        volatile long lastMid;
        int syncs;
        int notRecovered;
        boolean paging;

        Receiver(String pin, URI uri, WebSocketClient client, long gid, long seed) {
            super(pin, uri, client);
            this.gid = gid;
            this.offline = new java.util.Random(seed);
        }

        /** Now and then stay away a while (a phone in a tunnel), so more than SYNC_LIMIT is missed. */
        @Override
        void beforeReconnect() throws InterruptedException {
            if (offline.nextInt(8) == 0) {
                Thread.sleep(150 + offline.nextInt(250));
            }
        }

        @Override
        void connected() {
            cursor.resume();
            paging = false;
            maybeSync();
        }

        @Override
        void disconnected() {
            cursor.resume();
        }

        private void maybeSync() {
            if (paging) {
                return;
            }
            long from = cursor.syncFrom();
            if (from >= 0) {
                cursor.syncSent();
                syncs++;
                send(TestClient.obj("type", "sync", "id", "s" + syncs, "gid", gid, "afterMid", from, "limit", SYNC_LIMIT));
            }
        }

        private void offer(JsonNode msg) {
            for (JsonNode m : cursor.offer(msg.path("mid").asLong(), msg)) {
                delivered.add(m);
            }
            lastMid = cursor.lastMid();
        }

        @Override
        void packet(String type, JsonNode p) {
            switch (type) {
                case "chat_message" -> {
                    if (p.path("msg").path("gid").asLong() == gid) {
                        offer(p.path("msg"));
                        maybeSync();
                    }
                }
                case "sync_result" -> {
                    if (p.path("recovered").asBoolean()) {
                        for (JsonNode m : p.path("msgs")) {
                            offer(m);
                        }
                        cursor.syncDone(true);
                        maybeSync();
                    } else {
                        // too much missed for one answer: page forward instead of jumping to the newest page,
                        // because this test wants every message
                        notRecovered++;
                        cursor.syncDone(false);
                        paging = true;
                        send(TestClient.obj("type", "history", "id", "p", "gid", gid, "startMid", cursor.lastMid(),
                                "count", PAGE, "direction", "after"));
                    }
                }
                case "history_result" -> {
                    for (JsonNode m : p.path("msgs")) {
                        offer(m);
                    }
                    if (p.path("end").asBoolean()) {
                        paging = false;
                        maybeSync();
                    } else {
                        send(TestClient.obj("type", "history", "id", "p", "gid", gid, "startMid", cursor.lastMid(),
                                "count", PAGE, "direction", "after"));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Where the senders connect (through their proxy). */
    protected int senderPort() {
        return server.port();
    }

    /** Where the receivers connect: another node in a cluster test, else the senders' server (one proxy). */
    protected int receiverPort() {
        return server.port();
    }

    /** The WebSocket path (and query) pin uses; a cluster test may pin clients to nodes. */
    protected String wsPath(String pin) {
        return "/ws";
    }

    /** Called about every 20 ms while the run goes on, with how many messages were acked so far of total. */
    protected void duringRun(int acked, int total) throws Exception {
    }

    private URI uri(FaultProxy proxy, String pin) {
        return URI.create("ws://127.0.0.1:" + proxy.port() + wsPath(pin));
    }

    @Test
    public void everyAckedMessageReachesEveryReceiverExactlyOnceInOrder() throws Exception {
        // A fixed default keeps CI's cut pattern stable (thread timing still varies);
        // -Dchaos.seed=random explores new patterns, -Dchaos.seed=N replays one.
        String seedProp = System.getProperty("chaos.seed", "456073");
        long seed = "random".equals(seedProp) ? System.nanoTime() % 1_000_000 : Long.parseLong(seedProp);
        System.out.println("[chaos] seed " + seed + " (-Dchaos.seed=" + seed + " to reproduce the cut points)");
        long t0 = System.nanoTime();
        TestClient owner = login("s1");
        long gid = createGroup(owner, "chaos", 10, "s2", "r1", "r2");
        owner.close();

        WebSocketClient client = new WebSocketClient();
        client.setConnectTimeout(3000);
        client.start();
        try (FaultProxy proxy = new FaultProxy(senderPort()).cutAfterRandomBytes(seed, 200, 16_000);
             FaultProxy receiverProxy = receiverPort() == senderPort() ? null
                     : new FaultProxy(receiverPort()).cutAfterRandomBytes(seed + 7, 200, 16_000)) {
            FaultProxy toReceivers = receiverProxy == null ? proxy : receiverProxy;
            List<Sender> senders = List.of(new Sender("s1", uri(proxy, "s1"), client, gid),
                    new Sender("s2", uri(proxy, "s2"), client, gid));
            List<Receiver> receivers = List.of(new Receiver("r1", uri(toReceivers, "r1"), client, gid, seed + 1),
                    new Receiver("r2", uri(toReceivers, "r2"), client, gid, seed + 2));
            List<Node> all = new ArrayList<>();
            all.addAll(receivers);
            all.addAll(senders);
            all.forEach(Thread::start);

            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            int total = 2 * PER_SENDER;
            while (System.currentTimeMillis() < deadline) {
                for (Node n : all) {
                    if (n.failure != null) {
                        throw new AssertionError(n.pin + " failed: " + n.failure, n.failure);
                    }
                }
                duringRun(senders.stream().mapToInt(snd -> snd.acked.size()).sum(), total);
                boolean sent = senders.stream().allMatch(Sender::done);
                boolean received = receivers.stream().allMatch(r -> r.lastMid >= total);
                if (sent && received) {
                    break;
                }
                Thread.sleep(20);
            }
            all.forEach(n -> n.stop = true);
            for (Node n : all) {
                n.join(5000);
            }
            for (Node n : all) {
                if (n.failure != null) {
                    throw new AssertionError(n.pin + " failed: " + n.failure, n.failure);
                }
            }

            // every acked message: one mid each, all distinct
            Map<Long, String> cidByMid = new LinkedHashMap<>();
            int acked = 0;
            int repeatedAcks = 0;
            for (Sender s : senders) {
                assertEquals(s.pin + " acked", PER_SENDER, s.acked.size());
                acked += s.acked.size();
                repeatedAcks += s.repeatedAcks;
                for (Map.Entry<String, Long> e : s.acked.entrySet()) {
                    String prev = cidByMid.put(e.getValue(), e.getKey());
                    if (prev != null) {
                        fail("mid " + e.getValue() + " acked for both " + prev + " and " + e.getKey());
                    }
                }
            }
            assertEquals("stored exactly once each", total,
                    count("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
            long duplicatesDropped = 0;
            int losses = 0;
            int duplicateDeliveries = 0;
            StringBuilder perReceiver = new StringBuilder();
            for (Receiver r : receivers) {
                List<Long> mids = new ArrayList<>();
                for (JsonNode m : r.delivered) {
                    mids.add(m.path("mid").asLong());
                    String cid = cidByMid.get(m.path("mid").asLong());
                    assertEquals("content of mid " + m.path("mid"), cid, m.path("clientMsgId").asText());
                }
                duplicateDeliveries += mids.size() - new java.util.HashSet<>(mids).size();
                for (long mid : cidByMid.keySet()) {
                    if (!mids.contains(mid)) {
                        losses++;
                    }
                }
                for (int i = 0; i < mids.size(); i++) {
                    assertEquals(r.pin + " delivery #" + i + " in mid order", i + 1L, (long) mids.get(i));
                }
                assertEquals(r.pin + " got every message", total, mids.size());
                duplicatesDropped += r.cursor.duplicates();
                perReceiver.append(String.format(" %s: delivered %d, reconnects %d, syncs %d, gaps %d,"
                        + " duplicates dropped %d, not recovered %d;", r.pin, mids.size(), r.reconnects, r.syncs,
                        r.cursor.gaps(), r.cursor.duplicates(), r.notRecovered));
            }
            int senderReconnects = senders.stream().mapToInt(s -> s.reconnects).sum();
            int resends = senders.stream().mapToInt(s -> s.writes).sum() - total;
            assertEquals(0, losses);
            assertEquals(0, duplicateDeliveries);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<FaultProxy> proxies = receiverProxy == null ? List.of(proxy) : List.of(proxy, receiverProxy);
            int cuts = proxies.stream().mapToInt(FaultProxy::cuts).sum();
            System.out.printf("[chaos] seed %d: messages %d (acked %d, repeated acks %d), proxied connections %d,"
                            + " cuts %d (%d mid-frame/mid-handshake downlink), %d KiB proxied, sender reconnects %d, resends %d,"
                            + " duplicates dropped by the cursor %d, duplicate deliveries %d, losses %d, %.1f s%n",
                    seed, total, acked, repeatedAcks, proxies.stream().mapToInt(FaultProxy::connections).sum(), cuts,
                    proxies.stream().mapToInt(FaultProxy::cutsMidFrame).sum(),
                    proxies.stream().mapToLong(FaultProxy::bytes).sum() / 1024, senderReconnects, resends,
                    duplicatesDropped, duplicateDeliveries, losses, secs);
            System.out.println("[chaos]" + perReceiver);
            assertTrue("the proxy must actually cut", cuts >= 20);
            if (receiverProxy != null) {
                assertTrue("both proxies must cut", proxy.cuts() > 0 && receiverProxy.cuts() > 0);
            }
        } finally {
            client.stop();
        }
    }
}
