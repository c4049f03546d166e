package io.parley.sdk;

import org.teavm.jso.JSBody;
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
final class Socket implements EventListener<Event> {
    private final WebSocket ws;
    private final Connection owner;

    private Socket(WebSocket ws, Connection owner) {
        this.ws = ws;
        this.owner = owner;
    }

    /**
     * Opens a socket whose events go to owner (which ignores those of a socket it has replaced),
     * or returns null when the browser refuses the URL.
     */
    static Socket open(String url, Connection owner) {
        WebSocket ws = create(url);
        if (ws == null) {
            return null;
        }
        Socket s = new Socket(ws, owner);
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

    /**
     * The socket parley-connect.js opened while the page loaded, when it goes to the same URL and is
     * not closing (taken once); else a new one, and an early socket to another URL is closed (it
     * would idle until the server's auth deadline). The constructor throws (SyntaxError) for a URL
     * the browser refuses: no typed way to catch that.
     */
    @JSBody(params = "url", script = "var _s = window.parleySocket; window.parleySocket = null;"
            + " if (_s && _s.readyState < 2 && _s.url == url) return _s;"
            + " try { _s && _s.close(); } catch (_e) { }"
            + " try { return new WebSocket(url); } catch (_e) { return null; }")
    private static native WebSocket create(String url);

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
