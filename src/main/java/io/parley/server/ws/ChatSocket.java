package io.parley.server.ws;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.parley.protocol.Limits;
import io.parley.server.chat.ChatService;
import io.parley.server.fanout.Frame;

/**
 * One WebSocket connection (Jetty core API): hands frames to {@link ChatService} and writes through a
 * bounded outbound queue. While a write is in flight, frames queue up and the next write sends all of
 * them at once (one gathering write per batch). A connection whose queue overflows is a slow consumer:
 * it is closed with 1013 "slow_consumer" and cut off, so it cannot hold anyone else up; so is one whose
 * queue stays nearly full past the stall limit. Bytes count from queuing until Jetty has written them
 * (in flight included), so the budget bounds the heap a connection holds. Idle connections hold no queue.
 */
public final class ChatSocket extends Peer implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
    /** 1001 "going away": heartbeat timeout and server shutdown (docs/PROTOCOL.md). */
    public static final int CLOSE_GOING_AWAY = 1001;
    /** 1013 "try again later": the client did not read its frames fast enough (docs/PROTOCOL.md). */
    public static final int CLOSE_SLOW_CONSUMER = 1013;

    private final ChatService service;
    private final ConnectionSweeper sweeper;
    private final ScheduledExecutorService scheduler;
    private final int maxQueuedFrames;
    private final long maxQueuedBytes;
    private final long fullMarginBytes;
    /** Runs once when the connection ends (releases its place in the per-address count). */
    private final Runnable onEnd;
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Session session;
    private volatile CoreSession core;
    private volatile long lastReceivedNanos;
    private final long openedNanos = System.nanoTime();
    // guarded by this
    private ArrayDeque<Frame> queue;
    private long queuedBytes;
    /** Bytes handed to Jetty and not yet written: they hold heap as long as the queued ones. */
    private long inFlightBytes;
    /** nanoTime since which the outbound bytes have stayed above the full mark; 0 while not full. */
    private long fullSinceNanos;
    private boolean writing;
    private boolean dead;
    /**
     * A policy close (1008, 1009…) that waits for the frames queued before it, the error that says why
     * among them: closed at once, Jetty's close frame would overtake frames still in this queue. 0: none.
     */
    private int closeAfterQueue;
    private String closeAfterQueueReason;

    public ChatSocket(ChatService service, ConnectionSweeper sweeper, ScheduledExecutorService scheduler,
                      int maxQueuedFrames, long maxQueuedBytes, long fullMarginBytes, Runnable onEnd) {
        this.service = service;
        this.sweeper = sweeper;
        this.scheduler = scheduler;
        this.maxQueuedFrames = maxQueuedFrames;
        this.maxQueuedBytes = maxQueuedBytes;
        this.fullMarginBytes = fullMarginBytes;
        this.onEnd = onEnd;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.core = session instanceof WebSocketSession ws ? ws.getCoreSession() : null;
        lastReceivedNanos = System.nanoTime();
        sweeper.add(this);
        LOG.debug("connection from {}", session.getRemoteSocketAddress());
    }

    @Override
    public void onWebSocketText(String text) {
        lastReceivedNanos = System.nanoTime();
        service.onText(this, text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        lastReceivedNanos = System.nanoTime();
        callback.succeed();
        service.onBinary(this);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        session = null;
        release();
        sweeper.remove(this);
        service.onClose(this);
        end();
        LOG.debug("{} closed: {} {}", this, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{} failed: {}", this, cause.toString());
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }

    @Override
    public void send(Frame frame) {
        boolean start = false;
        boolean overflow = false;
        synchronized (this) {
            if (dead || session == null || closeAfterQueue != 0) {
                return;
            }
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            if (queue.size() >= maxQueuedFrames || queuedBytes + inFlightBytes + frame.size() > maxQueuedBytes) {
                overflow = true;
                dropQueue();
            } else {
                queue.add(frame);
                queuedBytes += frame.size();
                noteFullness();
                if (!writing) {
                    writing = true;
                    start = true;
                }
            }
        }
        if (overflow) {
            slowConsumer();
        } else if (start) {
            writeQueued();
        }
    }

    /** Sends everything queued as one batch; the last frame's completion starts the next batch. */
    private void writeQueued() {
        ArrayDeque<Frame> batch = null;
        long batchBytes = 0;
        int closeStatus = 0;
        synchronized (this) {
            if (dead || queue == null || queue.isEmpty()) {
                writing = false;
                queue = null; // idle: hold nothing
                closeStatus = closeAfterQueue;
                closeAfterQueue = 0;
            } else {
                batch = queue;
                batchBytes = queuedBytes;
                queue = null;
                queuedBytes = 0;
                inFlightBytes += batchBytes;
            }
        }
        if (batch == null) {
            if (closeStatus != 0) {
                closeNow(closeStatus, closeAfterQueueReason);
            }
            return;
        }
        long written = batchBytes;
        CoreSession c = core;
        Session s = session;
        if (s == null || !s.isOpen()) {
            synchronized (this) {
                writing = false;
            }
            return;
        }
        int n = batch.size();
        Runnable done = () -> {
            synchronized (this) {
                inFlightBytes -= written;
                noteFullness();
            }
            writeQueued();
        };
        for (int i = 0; i < n; i++) {
            Frame f = batch.poll();
            boolean last = i == n - 1;
            if (c != null) {
                org.eclipse.jetty.util.Callback cb = last ? org.eclipse.jetty.util.Callback.from(done,
                        this::writeFailed) : org.eclipse.jetty.util.Callback.NOOP;
                c.sendFrame(new org.eclipse.jetty.websocket.core.Frame(OpCode.TEXT, f.utf8()), cb, !last);
            } else {
                s.sendText(f.text(), last ? Callback.from(done, this::writeFailed) : Callback.NOOP);
            }
        }
    }

    private void writeFailed(Throwable e) {
        LOG.debug("send to {} failed: {}", this, e.toString());
        release();
    }

    /** Forgets everything queued (the connection is done with): the memory goes back to the heap. */
    private synchronized void release() {
        dropQueue();
        writing = false;
        inFlightBytes = 0;
    }

    private void dropQueue() {
        dead = true;
        queue = null;
        queuedBytes = 0;
        fullSinceNanos = 0;
    }

    /** Starts or stops the full clock: full = less room left than one largest answer. Caller holds the monitor. */
    private void noteFullness() {
        boolean full = maxQueuedBytes - queuedBytes - inFlightBytes < Math.min(fullMarginBytes, maxQueuedBytes / 2);
        if (!full) {
            fullSinceNanos = 0;
        } else if (fullSinceNanos == 0) {
            fullSinceNanos = System.nanoTime() | 1; // never 0 while full
        }
    }

    @Override
    public synchronized long outboundRoom() {
        return dead ? 0 : Math.max(0, maxQueuedBytes - queuedBytes - inFlightBytes);
    }

    /** The queue overflowed: say why (1013) if the socket still takes it, and cut the connection soon after. */
    private void slowConsumer() {
        LOG.warn("{} is not reading its frames; closing it as a slow consumer", this);
        Session s = session;
        if (s == null) {
            return;
        }
        s.close(CLOSE_SLOW_CONSUMER, "slow_consumer", Callback.NOOP);
        try {
            scheduler.schedule(this::abort, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            abort();
        }
    }

    private void abort() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    /**
     * After a policy close (auth deadline, revocation, a bad renew): the close waits for the frames queued
     * before it (the error saying why), and the connection is cut if that or the close handshake stalls.
     * 1001 (silence, shutdown) closes at once.
     */
    @Override
    protected void doClose(int statusCode, String reason) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        if (statusCode == CLOSE_GOING_AWAY) {
            closeNow(statusCode, reason);
            return;
        }
        boolean now;
        synchronized (this) {
            now = !writing;
            if (!now) {
                closeAfterQueue = statusCode;
                closeAfterQueueReason = reason;
            }
        }
        if (now) {
            closeNow(statusCode, reason);
        }
        try {
            scheduler.schedule(this::abort, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            abort();
        }
    }

    private void closeNow(int statusCode, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(statusCode, reason, Callback.NOOP);
        }
    }

    /**
     * Called by the sweeper: closes with 1001 once nothing has been received for the silence limit, with
     * 1008 auth_timeout when no auth succeeded within the auth deadline (what the client sent before does
     * not count), and as a slow consumer (1013) when the outbound bytes have stayed full for the stall limit.
     */
    void check(long now, long silenceLimitNanos, long authDeadlineNanos, long stallLimitNanos) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        long fullSince;
        synchronized (this) {
            fullSince = fullSinceNanos;
        }
        if (fullSince != 0 && now - fullSince >= stallLimitNanos) {
            synchronized (this) {
                dropQueue();
            }
            slowConsumer();
            return;
        }
        if (!isAuthenticated() && now - openedNanos >= authDeadlineNanos && !isClosing()) {
            LOG.debug("{} did not authenticate in time, closing", this);
            service.onAuthTimeout(this);
            return;
        }
        long expires = tokenExpiresAtMs();
        if (expires > 0 && System.currentTimeMillis() >= expires && !isClosing()) {
            service.onTokenExpired(this);
            return;
        }
        if (now - lastReceivedNanos >= silenceLimitNanos) {
            LOG.debug("{} missed {} heartbeats, closing", this, Limits.MISSED_HEARTBEATS_BEFORE_CLOSE);
            close(CLOSE_GOING_AWAY, "heartbeat_timeout");
        }
    }
}
