package io.parley.server.ws;

import io.parley.server.auth.UserId;
import io.parley.server.fanout.ConnectionIds;
import io.parley.server.fanout.Endpoint;
import io.parley.server.fanout.Frame;

/**
 * One client connection as ChatService and fan-out see it, independent of Jetty (ChatSocket
 * implements it over a WebSocket; a test may fake it). Holds the login state.
 */
public abstract class Peer implements Endpoint {
    private final String connectionId = ConnectionIds.next();
    private volatile UserId user;
    private volatile String clientType;
    private volatile UserId defaultChat;
    private volatile boolean closing;
    /** Epoch ms when the token of this session expires (0: not authenticated). */
    private volatile long tokenExpiresAtMs;
    /** scheme://host[:port] the client reached us at: where this deployment's /files/ live for it. */
    private volatile String serverOrigin;
    /** The token's signed display name claim (cleaned), or null: then the member's own nickname is used. */
    private volatile String tokenName;

    /** The direct chat this connection last wrote to (its gid never changes), or null. */
    private volatile DirectChat lastDirect;

    private record DirectChat(UserId other, long gid) {
    }

    /** Queues one text frame; never blocks, never throws. Ignored once the connection is closed. */
    @Override
    public abstract void send(Frame frame);

    public final void send(String json) {
        send(Frame.of(json));
    }

    /**
     * Runs action (e.g. making this connection reachable) and queues json, with no frame from another
     * thread in between: a push can neither be missed nor overtake json. Implementations that queue
     * under their own monitor (as ChatSocket does) get this from the monitor.
     */
    public void sendAfter(Runnable action, String json) {
        synchronized (this) {
            action.run();
            send(json);
        }
    }

    /**
     * Bytes this connection may still queue before it overflows (its outbound budget minus what is queued
     * or being written): large answers are cut to fit. Unbounded for peers without a queue.
     */
    public long outboundRoom() {
        return Long.MAX_VALUE;
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public final void close(int statusCode, String reason) {
        closing = true;
        doClose(statusCode, reason);
    }

    protected abstract void doClose(int statusCode, String reason);

    /** The authenticated user, or null before a successful auth. */
    @Override
    public UserId user() {
        return user;
    }

    public boolean isAuthenticated() {
        return user != null;
    }

    /** True once we decided to close: later frames from the client are ignored. */
    public boolean isClosing() {
        return closing;
    }

    public String clientType() {
        return clientType;
    }

    /** The auth packet's toChat/toAppId: where one-to-one sends go when a packet names no target. */
    public UserId defaultChat() {
        return defaultChat;
    }

    public String serverOrigin() {
        return serverOrigin;
    }

    public void serverOrigin(String origin) {
        this.serverOrigin = origin;
    }

    /** The gid of this user's direct chat with other if this connection last wrote to it, else 0. */
    public long directGid(UserId other) {
        DirectChat d = lastDirect;
        return d != null && d.other().equals(other) ? d.gid() : 0;
    }

    /** Remembers gid as this user's direct chat with other (one entry: the common case is one chat per tab). */
    public void directGid(UserId other, long gid) {
        lastDirect = new DirectChat(other, gid);
    }

    public String tokenName() {
        return tokenName;
    }

    public void tokenName(String name) {
        this.tokenName = name;
    }

    public void login(UserId user, String clientType, UserId defaultChat) {
        this.clientType = clientType;
        this.defaultChat = defaultChat;
        this.user = user;
    }

    /** The session's token (or its renewal) expires at epochMs; after that the connection is closed. */
    public void setTokenExpiry(long epochMs) {
        this.tokenExpiresAtMs = epochMs;
    }

    public long tokenExpiresAtMs() {
        return tokenExpiresAtMs;
    }

    @Override
    public String toString() {
        UserId u = user;
        return "Peer[" + (u == null ? "anonymous" : u) + "]";
    }
}
