package io.parley.sdk;

import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSError;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.events.MessageEvent;
import org.teavm.jso.websocket.CloseEvent;
import org.teavm.jso.websocket.WebSocket;

/**
 * One browser WebSocket (teavm-jso-apis' typed binding). Events from a socket that has been
 * replaced are dropped by the owner (it is no longer the owner's socket), so a late close from an
 * old socket can't tear down the new one.
 */
final class Socket implements EventListener<Event>, JSError.TryClause<Socket>, JSError.CatchClause<Socket> {
    private final String url;
    private final Connection owner;
    private WebSocket ws;

    private Socket(String url, Connection owner) {
        this.url = url;
        this.owner = owner;
    }

    /**
     * Opens a socket whose events go to owner (which ignores those of a socket it has replaced),
     * or returns null when the browser refuses the URL.
     */
    static Socket open(String url, Connection owner) {
        Socket s = new Socket(url, owner);
        // the constructor throws (SyntaxError) for a URL the browser refuses: caught as a JS error,
        // with the socket as the try and catch clause
        if (JSError.catchNative(s, s) == null) {
            return null;
        }
        WebSocket ws = s.ws;
        ws.addEventListener("open", s);
        ws.addEventListener("message", s);
        ws.addEventListener("close", s);
        return s;
    }

    /** One listener object for the three events (one class in the bundle instead of three lambdas). */
    @Override
    public void handleEvent(Event e) {
        String type = e.getType();
        if ("open".equals(type)) {
            owner.opened(this);
        } else if ("message".equals(type)) {
            MessageEvent m = (MessageEvent) e;
            owner.received(this, Js.isString(m.getData()) ? m.getDataAsString() : null);
        } else {
            CloseEvent c = (CloseEvent) e;
            owner.closed(this, c.getCode(), c.getReason());
        }
    }

    @Override
    public Socket run() {
        ws = WebSocket.create(url);
        return this;
    }

    /** The browser refused the URL. */
    @Override
    public Socket accept(JSObject error) {
        return null;
    }

    boolean open() {
        return ws.getReadyState() == 1;
    }

    /** Only on an open socket (the owner checks {@link #open}). */
    void send(String text) {
        ws.send(text);
    }

    void close(int code, String reason) {
        if (ws.getReadyState() < 2) {
            ws.close(code, reason);
        }
    }
}
