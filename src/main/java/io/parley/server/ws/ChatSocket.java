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
 * it is closed with 1013 "slow_consumer" and cut off, so it cannot hold anyone else up. Idle
 * connections hold no queue at all.
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
    private volatile Session session;
    private volatile CoreSession core;
    private volatile long lastReceivedNanos;
    // guarded by this
    private ArrayDeque<Frame> queue;
    private long queuedBytes;
    private boolean writing;
    private boolean dead;

    public ChatSocket(ChatService service, ConnectionSweeper sweeper, ScheduledExecutorService scheduler,
                      int maxQueuedFrames, long maxQueuedBytes) {
        this.service = service;
        this.sweeper = sweeper;
        this.scheduler = scheduler;
        this.maxQueuedFrames = maxQueuedFrames;
        this.maxQueuedBytes = maxQueuedBytes;
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
        synchronized (this) {
            dead = true;
            queue = null;
        }
        sweeper.remove(this);
        service.onClose(this);
        LOG.debug("{} closed: {} {}", this, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{} failed: {}", this, cause.toString());
    }

    @Override
    public void send(Frame frame) {
        boolean start = false;
        boolean overflow = false;
        synchronized (this) {
            if (dead || session == null) {
                return;
            }
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            if (queue.size() >= maxQueuedFrames || queuedBytes + frame.size() > maxQueuedBytes) {
                overflow = true;
                dead = true;
                queue = null;
                queuedBytes = 0;
            } else {
                queue.add(frame);
                queuedBytes += frame.size();
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
        ArrayDeque<Frame> batch;
        synchronized (this) {
            if (dead || queue == null || queue.isEmpty()) {
                writing = false;
                queue = null; // idle: hold nothing
                return;
            }
            batch = queue;
            queue = null;
            queuedBytes = 0;
        }
        CoreSession c = core;
        Session s = session;
        if (s == null || !s.isOpen()) {
            synchronized (this) {
                writing = false;
            }
            return;
        }
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            Frame f = batch.poll();
            boolean last = i == n - 1;
            if (c != null) {
                org.eclipse.jetty.util.Callback done = last ? org.eclipse.jetty.util.Callback.from(this::writeQueued,
                        this::writeFailed) : org.eclipse.jetty.util.Callback.NOOP;
                c.sendFrame(new org.eclipse.jetty.websocket.core.Frame(OpCode.TEXT, f.utf8()), done, !last);
            } else {
                s.sendText(f.text(), last ? Callback.from(this::writeQueued, this::writeFailed) : Callback.NOOP);
            }
        }
    }

    private void writeFailed(Throwable e) {
        LOG.debug("send to {} failed: {}", this, e.toString());
        synchronized (this) {
            dead = true;
            writing = false;
            queue = null;
        }
    }

    /** The queue overflowed: say why (1013) if the socket still takes it, and cut the connection soon after. */
    private void slowConsumer() {
        LOG.info("{} is not reading its frames; closing it as a slow consumer", this);
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

    @Override
    protected void doClose(int statusCode, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(statusCode, reason, Callback.NOOP);
        }
    }

    /** Called by the sweeper: closes with 1001 once nothing has been received for the silence limit. */
    void checkSilence(long now, long silenceLimitNanos) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        if (now - lastReceivedNanos >= silenceLimitNanos) {
            LOG.debug("{} missed {} heartbeats, closing", this, Limits.MISSED_HEARTBEATS_BEFORE_CLOSE);
            close(CLOSE_GOING_AWAY, "heartbeat_timeout");
        }
    }
}
