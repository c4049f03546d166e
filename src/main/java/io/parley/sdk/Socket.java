package io.parley.sdk;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * One browser WebSocket. Events from a socket that has been replaced are dropped by the
 * owner through the generation number, so a late close from an old socket can't tear down
 * the new one.
 */
final class Socket {
    @JSFunctor
    interface TextHandler extends JSObject {
        void received(String text);
    }

    @JSFunctor
    interface CloseHandler extends JSObject {
        void closed(int code, String reason);
    }

    @JSFunctor
    interface Handler extends JSObject {
        void opened();
    }

    private final JSObject ws;

    private Socket(JSObject ws) {
        this.ws = ws;
    }

    /** Opens a socket, or returns null when the browser refuses the URL. */
    static Socket open(String url, Handler onOpen, TextHandler onText, CloseHandler onClose) {
        JSObject ws = create(url, onOpen, onText, onClose);
        return ws == null ? null : new Socket(ws);
    }

    @JSBody(params = { "url", "onOpen", "onText", "onClose" }, script = "var _ws;"
            + " try { _ws = new WebSocket(url); } catch (_e) { return null; }"
            + " _ws.onopen = function () { onOpen(); };"
            + " _ws.onmessage = function (_e) { if (typeof _e.data === 'string') onText(_e.data); else onText(null); };"
            + " _ws.onclose = function (_e) { onClose(_e.code, _e.reason || ''); };"
            + " return _ws;")
    private static native JSObject create(String url, Handler onOpen, TextHandler onText, CloseHandler onClose);

    boolean send(String text) {
        return send(ws, text);
    }

    void close(int code, String reason) {
        close(ws, code, reason);
    }

    @JSBody(params = { "ws", "t" }, script = "if (ws.readyState !== 1) return false; ws.send(t); return true;")
    private static native boolean send(JSObject ws, String text);

    @JSBody(params = { "ws", "c", "r" }, script = "ws.onopen = ws.onmessage = null;"
            + " try { if (ws.readyState < 2) ws.close(c, r); } catch (_e) { ws.close(); }")
    private static native void close(JSObject ws, int code, String reason);
}
