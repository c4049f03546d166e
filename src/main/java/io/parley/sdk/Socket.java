package io.parley.sdk;

import org.teavm.jso.JSBody;
import org.teavm.jso.websocket.WebSocket;

/**
 * One browser WebSocket (teavm-jso-apis' typed binding). Events from a socket that has been
 * replaced are dropped by the owner through the generation number, so a late close from an old
 * socket can't tear down the new one.
 */
final class Socket {
    interface TextHandler {
        /** text: null for a frame that is not text. */
        void received(String text);
    }

    interface CloseHandler {
        void closed(int code, String reason);
    }

    interface Handler {
        void opened();
    }

    private final WebSocket ws;

    private Socket(WebSocket ws) {
        this.ws = ws;
    }

    /** Opens a socket, or returns null when the browser refuses the URL. */
    static Socket open(String url, Handler onOpen, TextHandler onText, CloseHandler onClose) {
        WebSocket ws = create(url);
        if (ws == null) {
            return null;
        }
        ws.onOpen(e -> onOpen.opened());
        ws.onMessage(e -> onText.received(Js.isString(e.getData()) ? e.getDataAsString() : null));
        ws.onClose(e -> onClose.closed(e.getCode(), e.getReason()));
        return new Socket(ws);
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
