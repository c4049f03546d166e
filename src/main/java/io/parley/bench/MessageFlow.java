package io.parley.bench;

import io.parley.protocol.Field;
import io.parley.protocol.PacketType;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Text messages from one sender connection to one conversation, with at most {@code window} of them in
 * flight. A message is done when its ack came back and every expected receiver got its push; only then
 * is the next one sent. Counts every ack and push per message, so loss, duplicates and errors show.
 * The clientMsgId is {@code <prefix>-<seq>-<sendNanos>}: the receiver reads the send time from it.
 */
final class MessageFlow {
    /** About one line of chat; the same for every target. */
    static final String CONTENT = "Load bench message: about one line of ordinary chat text.";

    private final String prefix;
    private final BenchClient sender;
    private final String targetJson;
    private final List<BenchClient> receivers;
    private final int window;
    private final long maxMessages;
    private final LoadClock clock;
    private final Map<Long, int[]> open = new ConcurrentHashMap<>(); // seq -> {pushes left, acks left}
    private final BitSet[] pushed;
    private final BitSet acked = new BitSet();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String firstError;
    private long nextSeq;
    private volatile boolean stopped;
    private volatile long firstSendNanos;
    private volatile long lastPushNanos;
    private volatile long lastAckNanos;

    /**
     * @param targetJson the addressing fields, e.g. {@code "toChat":"r-1","toAppId":"parley.bench"} or {@code "gid":7}
     * @param receivers the connections that must each get every message pushed (may be empty)
     */
    MessageFlow(String prefix, BenchClient sender, String targetJson, List<BenchClient> receivers, int window,
            long maxMessages, LoadClock clock) {
        this.prefix = prefix;
        this.sender = sender;
        this.targetJson = targetJson;
        this.receivers = receivers;
        this.window = window;
        this.maxMessages = maxMessages;
        this.clock = clock;
        this.pushed = new BitSet[receivers.size()];
        sender.onPacket(this::onSenderPacket);
        for (int i = 0; i < receivers.size(); i++) {
            pushed[i] = new BitSet();
            int r = i;
            receivers.get(i).onPacket(p -> onReceiverPacket(r, p));
        }
    }

    /** Sends the first window of messages; each finished message then sends the next. */
    void start() {
        firstSendNanos = System.nanoTime();
        for (int i = 0; i < window && sendNext(); i++) {
            // sendNext did the work
        }
    }

    /** No new messages after this; those in flight still finish. */
    void stop() {
        stopped = true;
    }

    private boolean sendNext() {
        long seq;
        synchronized (this) {
            if (stopped || nextSeq >= maxMessages) {
                return false;
            }
            seq = nextSeq++;
        }
        open.put(seq, new int[] {receivers.size(), 1});
        String cid = prefix + "-" + seq + "-" + System.nanoTime();
        try {
            sender.send("{\"" + Field.TYPE + "\":\"" + PacketType.CHAT_MESSAGE + "\",\"" + Field.ID + "\":\"" + cid
                    + "\",\"" + Field.CLIENT_MSG_ID + "\":\"" + cid + "\"," + targetJson
                    + ",\"" + Field.MSG_TYPE + "\":\"text\",\"" + Field.CONTENT + "\":\"" + CONTENT + "\"}");
        } catch (RuntimeException e) {
            error("send failed: " + e.getMessage());
            return false;
        }
        return true;
    }

    private void onSenderPacket(JsonNode p) {
        String type = p.path(Field.TYPE).asText();
        if (type.equals(PacketType.CHAT_MESSAGE_ACK)) {
            long[] id = parse(p.path(Field.CLIENT_MSG_ID).asText());
            if (id == null || p.path(Field.CODE).asInt(-1) != 0) {
                error("bad ack: " + p);
                return;
            }
            boolean dup;
            synchronized (acked) {
                dup = acked.get((int) id[0]);
                acked.set((int) id[0]);
            }
            if (dup) {
                duplicates.incrementAndGet();
                return;
            }
            acks.incrementAndGet();
            lastAckNanos = System.nanoTime();
            step(id[0], 1);
        } else if (type.equals(PacketType.ERROR)) {
            error(p.toString());
        }
    }

    private void onReceiverPacket(int receiver, JsonNode p) {
        String type = p.path(Field.TYPE).asText();
        if (type.equals(PacketType.CHAT_MESSAGE)) {
            long[] id = parse(p.path(Field.MSG).path(Field.CLIENT_MSG_ID).asText());
            if (id == null) {
                error("unexpected push: " + p);
                return;
            }
            boolean dup;
            synchronized (pushed[receiver]) {
                dup = pushed[receiver].get((int) id[0]);
                pushed[receiver].set((int) id[0]);
            }
            if (dup) {
                duplicates.incrementAndGet();
                return;
            }
            pushes.incrementAndGet();
            lastPushNanos = System.nanoTime();
            clock.completed(id[1]);
            step(id[0], 0);
        } else if (type.equals(PacketType.ERROR)) {
            error(p.toString());
        }
    }

    /** Counts one push (slot 0) or the ack (slot 1) of seq; the message is done when both reach zero. */
    private void step(long seq, int slot) {
        int[] left = open.get(seq);
        if (left == null) {
            return;
        }
        boolean done;
        synchronized (left) {
            left[slot]--;
            done = left[0] == 0 && left[1] == 0;
        }
        if (done) {
            open.remove(seq);
            sendNext();
        }
    }

    private long[] parse(String cid) {
        if (!cid.startsWith(prefix + "-")) {
            return null;
        }
        String[] parts = cid.substring(prefix.length() + 1).split("-");
        try {
            return parts.length == 2 ? new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void error(String what) {
        if (errors.getAndIncrement() == 0) {
            firstError = what;
        }
    }

    synchronized long sent() {
        return nextSeq;
    }

    /** True once every sent message is acked and pushed to every receiver. */
    boolean drained() {
        long sent = sent();
        return acks.get() >= sent && pushes.get() >= sent * receivers.size();
    }

    /** Waits until {@link #drained()} or timeout; returns whether it drained. */
    boolean awaitDrained(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!drained()) {
            if (errors.get() > 0 || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Waits (shared timeout) for every flow to drain; null when all are correct, else the first problem. */
    static String awaitAll(List<MessageFlow> flows, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<String> problems = new java.util.ArrayList<>();
        for (MessageFlow f : flows) {
            f.awaitDrained(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            problems.add(f.problems());
        }
        return Scenario.join(problems);
    }

    /** Null when everything sent was acked and delivered exactly once, else what went wrong. */
    String problems() {
        long sent = sent();
        long expectedPushes = sent * receivers.size();
        StringBuilder b = new StringBuilder();
        if (acks.get() != sent) {
            b.append(sent - acks.get()).append(" of ").append(sent).append(" not acked; ");
        }
        if (pushes.get() != expectedPushes) {
            b.append(expectedPushes - pushes.get()).append(" of ").append(expectedPushes).append(" not delivered; ");
        }
        if (duplicates.get() > 0) {
            b.append(duplicates.get()).append(" duplicated; ");
        }
        if (errors.get() > 0) {
            b.append(errors.get()).append(" errors, first: ").append(firstError).append("; ");
        }
        return b.length() == 0 ? null : b.substring(0, b.length() - 2);
    }

    long deliveries() {
        return pushes.get();
    }

    /** From the first send to the last ack received. */
    double firstSendToLastAckMs() {
        return (lastAckNanos - firstSendNanos) / 1e6;
    }

    /** From the first send to the last push received. */
    double firstSendToLastDeliveryMs() {
        return (lastPushNanos - firstSendNanos) / 1e6;
    }
}
