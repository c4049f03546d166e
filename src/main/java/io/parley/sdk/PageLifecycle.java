package io.parley.sdk;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * The browser events a long-lived connection must react to: online/offline, the tab coming
 * back to the foreground, and the back/forward cache freezing or restoring the page.
 */
final class PageLifecycle {
    @JSFunctor
    interface Listener extends JSObject {
        /** kind: "online", "offline", "visible", "frozen" (pagehide into bfcache), "restored" (pageshow from bfcache). */
        void changed(String kind);
    }

    private JSObject detach;

    void attach(Listener listener) {
        detach();
        detach = listen(listener);
    }

    void detach() {
        if (detach != null) {
            run(detach);
            detach = null;
        }
    }

    /** True unless the browser is sure it is offline. */
    @JSBody(script = "return typeof navigator === 'undefined' || navigator.onLine !== false;")
    static native boolean online();

    @JSBody(params = "f", script = "f();")
    private static native void run(JSObject f);

    @JSBody(params = "cb", script = "if (typeof window === 'undefined' || !window.addEventListener) return function () {};"
            + "var _on = function () { cb('online'); }, _off = function () { cb('offline'); };"
            + "var _vis = function () { if (document.visibilityState === 'visible') cb('visible'); };"
            + "var _hide = function (_e) { if (_e.persisted) cb('frozen'); };"
            + "var _show = function (_e) { if (_e.persisted) cb('restored'); };"
            + "window.addEventListener('online', _on); window.addEventListener('offline', _off);"
            + "document.addEventListener('visibilitychange', _vis);"
            + "window.addEventListener('pagehide', _hide); window.addEventListener('pageshow', _show);"
            + "return function () { window.removeEventListener('online', _on); window.removeEventListener('offline', _off);"
            + " document.removeEventListener('visibilitychange', _vis);"
            + " window.removeEventListener('pagehide', _hide); window.removeEventListener('pageshow', _show); };")
    private static native JSObject listen(Listener cb);
}
