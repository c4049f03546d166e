package io.parley.sdk;

import org.teavm.jso.JSBody;
import org.teavm.jso.websocket.WebSocket;

/**
 * One browser WebSocket (teavm-jso-apis' typed binding). Events from a socket that has been
 * replaced are dropped by the owner (it is no longer the owner's socket), so a late close from an
 * old socket can't tear down the new one.
 */
final class Socket {
    private final WebSocket ws;

    private Socket(WebSocket ws) {
        this.ws = ws;
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
        Socket s = new Socket(ws);
        ws.onOpen(e -> owner.opened(s));
        ws.onMessage(e -> owner.received(s, Js.isString(e.getData()) ? e.getDataAsString() : null));
        ws.onClose(e -> owner.closed(s, e.getCode(), e.getReason()));
        return s;
    }
    /** The constructor throws (SyntaxError) for a URL the browser refuses: no typed way to catch that. */
    @JSBody(params = "url", script = "try { return new WebSocket(url); } catch (_e) { return null; }")
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
