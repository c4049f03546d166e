package io.parley.sdk;

import io.parley.protocol.Field;
import io.parley.protocol.Backoff;
import io.parley.protocol.Limits;
import io.parley.protocol.PacketType;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.browser.Window;

/**
 * One logical connection over many sockets: dials, reconnects with backoff, follows the page
 * (online/offline, bfcache) and the server's ping. Every state change goes through {@link #to}.
 * What flows over the socket is the {@link Listener}'s business.
 */
final class Connection implements TimerHandler {
    interface Listener {
        /** A socket is about to be opened. */
        void dialing();

        /** A socket opened: authenticate. */
        void opened();

        void received(String text);

        /** The socket is gone (a new one may follow); failWritten: answers in flight will not come. */
        void dropped(boolean failWritten);

        /** No reconnect will follow: the server refused us (or we were closed meanwhile). */
        void ended(String reason);

        /** The browser refused the WebSocket URL. */
        void refused();

        /** Save what waits in memory now: a page event (the page may be hidden or left), or stop(). */
        void persist();
    }

    private final Emitter emitter;
    private final Listener listener;
    private final Backoff backoff = new Backoff(500, 30_000);
    private final Liveness liveness = new Liveness(this);
    private final PageLifecycle page = new PageLifecycle(this);
    private ConnState state = ConnState.IDLE;
    private String url;
    /**
     * The error id with which the server refused this login or origin: the close that follows is
     * final, whatever its code (under load a browser may see it as 1006 without a reason).
     */
    String refusal;
    /** token_expired with a token provider: the 1008 close that follows is retried with a fresh token. */
    boolean expired;
    /** auth is written on this socket: requests may follow it. */
    boolean authSent;
    private Socket socket;
    private int attempt;
    private boolean everOpened;
    private int reconnectTimer = -1;

    Connection(Emitter emitter, Listener listener) {
        this.emitter = emitter;
        this.listener = listener;
    }

    ConnState state() {
        return state;
    }

    boolean isOpen() {
        return state == ConnState.OPEN;
    }

    /** The one place the state changes; tells the host. */
    private void to(ConnState s) {
        if (s != state) {
            state = s;
            JSObject info = Js.object();
            Js.setString(info, "state", s.wire);
            emitter.emit("state", info);
        }
    }

    void start(String socketUrl) {
        url = socketUrl;
        attempt = 0;
        everOpened = false;
        refusal = null;
        page.attach();
        dial();
    }

    private void dial() {
        authSent = false;
        listener.dialing();
        to(attempt == 0 && !everOpened ? ConnState.CONNECTING : ConnState.RECONNECTING);
        socket = Socket.open(url, this);
        if (socket == null) {
            stop(1000, "");
            listener.refused();
        } else if (socket.open()) {
            listener.opened(); // parley-connect.js's socket, open already: no open event will come
        }
    }

    // ---- events of socket s: ignored once s is not the current socket ---------------------

    void opened(Socket s) {
        if (s == socket) {
            listener.opened();
        }
    }

    void received(Socket s, String text) {
        if (s == socket) {
            liveness.heard();
            listener.received(text);
        }
    }

    void closed(Socket s, int code, String reason) {
        if (s == socket) {
            lost(code, reason);
        }
    }

    /**
     * The socket is open, authenticated or not: requests may be written. {@link Listener#opened}
     * writes auth first, in the same task in which the socket became open, so all else follows it.
     */
    boolean writable() {
        return authSent && socketOpen();
    }

    /** Open, but auth waits for the token provider. */
    boolean awaitingAuth() {
        return !authSent && socketOpen();
    }

    boolean socketOpen() {
        return socket != null && socket.open();
    }

    /** auth_ok arrived: open; true when this is a reconnect. Starts heartbeats and the ping watch. */
    boolean authenticated(double heartbeatMs, double pingMs) {
        attempt = 0;
        boolean reconnected = everOpened;
        everOpened = true;
        to(ConnState.OPEN);
        liveness.start(heartbeatMs >= 100 ? (int) heartbeatMs : Limits.DEFAULT_HEARTBEAT_MS,
                pingMs >= 100 ? (int) pingMs : 0);
        return reconnected;
    }

    void write(String json) {
        if (socketOpen() && json != null) {
            socket.send(json);
        }
    }

    void heartbeat() {
        write("{\"type\":\"" + PacketType.HEARTBEAT + "\"}");
    }

    private void lost(int code, String reason) {
        socket = null;
        liveness.stop();
        boolean fatal = code == 1008 && !expired || url == null || refusal != null;
        expired = false;
        // refused (1008: bad token, auth deadline, ...): requests written behind auth fail in ended() with its reason
        listener.dropped(!fatal);
        emitClose(code, reason, !fatal);
        if (fatal) {
            stop(1000, "");
            listener.ended("connection closed: " + (refusal != null ? refusal : reason));
            return;
        }
        int delay = backoff.delayMs(attempt++, Js.random());
        to(PageLifecycle.online() ? ConnState.RECONNECTING : ConnState.OFFLINE);
        JSObject info = Js.object();
        Js.setNumber(info, "attempt", attempt);
        Js.setNumber(info, "delayMs", delay);
        Js.setNumber(info, "at", Js.now() + delay);
        emitter.emit("reconnecting", info);
        reconnectTimer = Window.setTimeout(this, delay);
    }

    /** The backoff delay is over: dial again. */
    @Override
    public void onTimer() {
        reconnectTimer = -1;
        if (url != null) {
            dial();
        }
    }

    /** Closes for good: no reconnect. */
    void stop(int code, String reason) {
        listener.persist();
        if (socket != null) {
            socket.close(code, reason);
            socket = null;
        }
        liveness.stop();
        page.detach();
        if (reconnectTimer >= 0) {
            Window.clearTimeout(reconnectTimer);
            reconnectTimer = -1;
        }
        url = null;
        to(ConnState.CLOSED);
    }

    void emitClose(int code, String reason, boolean willReconnect) {
        JSObject info = Js.object();
        Js.setNumber(info, Field.CODE, code);
        Js.setString(info, "reason", reason);
        Js.setBoolean(info, "willReconnect", willReconnect);
        emitter.emit("close", info);
    }

    /**
     * Drops the current socket and dials again. {@code immediately}: skip the backoff (the
     * network just came back); otherwise go through the normal close → reconnecting path.
     */
    void reconnectNow(String why, boolean immediately) {
        if (url == null) {
            return;
        }
        if (socket != null) {
            socket.close(4000, why);
            lost(4000, why);
        }
        if (immediately && socket == null) {
            if (reconnectTimer >= 0) {
                Window.clearTimeout(reconnectTimer);
                reconnectTimer = -1;
            }
            attempt = 0;
            dial();
        }
    }

    /** Any page event (before PageLifecycle's filter): the listener saves what waits. */
    void pageEvent() {
        listener.persist();
    }

    void pageChanged(String kind) {
        if (url == null) {
            return;
        }
        if ("offline".equals(kind)) {
            if (socket != null) {
                reconnectNow("the browser went offline", false);
            }
            to(ConnState.OFFLINE);
        } else if ("pagehide".equals(kind)) {
            // an open WebSocket keeps the page out of the back/forward cache
            if (socket != null) {
                socket.close(1000, "page frozen");
                socket = null;
                liveness.stop();
                listener.dropped(false);
            }
        } else if (socket == null) { // online, visible again, pageshow from the bfcache
            reconnectNow("", true);
        } else if (isOpen()) {
            heartbeat();
        }
    }
}
