package io.parley.server.ws;

import io.parley.server.chat.ChatService;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.parley.protocol.Limits;

/**
 * One WebSocket connection (Jetty core API): hands frames to {@link ChatService} and closes the
 * connection with 1001 once nothing has been received for 3 × heartbeatMs.
 */
public final class ChatSocket extends Peer implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
    /** 1001 "going away": heartbeat timeout and server shutdown (docs/PROTOCOL.md). */
    public static final int CLOSE_GOING_AWAY = 1001;

    private final ChatService service;
    private final ScheduledExecutorService scheduler;
    private final long silenceLimitNanos;
    private volatile Session session;
    private volatile long lastReceivedNanos;

    public ChatSocket(ChatService service, ScheduledExecutorService scheduler, long heartbeatMs) {
        this.service = service;
        this.scheduler = scheduler;
        this.silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs * Limits.MISSED_HEARTBEATS_BEFORE_CLOSE);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        lastReceivedNanos = System.nanoTime();
        scheduleSilenceCheck(silenceLimitNanos);
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
        service.onClose(this);
        LOG.debug("{} closed: {} {}", this, statusCode, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{} failed: {}", this, cause.toString());
    }

    @Override
    public void send(String json) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(json, Callback.from(() -> { }, e -> LOG.debug("send to {} failed: {}", this, e.toString())));
        }
    }

    @Override
    protected void doClose(int statusCode, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(statusCode, reason, Callback.NOOP);
        }
    }

    /**
     * One pending check per connection, re-armed for exactly when the silence limit would be reached
     * given the last frame received: no periodic sweep, no drift beyond scheduler latency.
     */
    private void scheduleSilenceCheck(long delayNanos) {
        try {
            scheduler.schedule(this::checkSilence, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // server stopping: Jetty closes the connection itself
        }
    }

    private void checkSilence() {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        long silent = System.nanoTime() - lastReceivedNanos;
        if (silent >= silenceLimitNanos) {
            LOG.debug("{} missed {} heartbeats, closing", this, Limits.MISSED_HEARTBEATS_BEFORE_CLOSE);
            close(CLOSE_GOING_AWAY, "heartbeat_timeout");
        } else {
            scheduleSilenceCheck(silenceLimitNanos - silent);
        }
    }
}
