package io.parley.sdk;

import io.parley.protocol.ResumeState;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Resume state (epoch and cursors) in localStorage, per user and server, so that after a reload
 * the first sync starts after the last mid the page had seen. Storage failures are ignored:
 * the SDK then resumes from the first history page, as without this store. Writes are coalesced
 * (a burst wrote localStorage once per message): at most one per 500 ms, and at once when the
 * page is hidden or left (pagehide), so a reload right after a burst still resumes from its end.
 */
final class ResumeStore {
    private final String key;
    private JSObject writer;

    ResumeStore(String pin, String appId, String url) {
        key = "parley.resume." + pin + "\u001f" + appId + "\u001f" + url;
    }

    <T> ResumeState<T> load() {
        writer = writer(key);
        return ResumeState.decode(read(key));
    }

    void save(ResumeState<?> state) {
        write(writer, state.encode());
    }

    @JSBody(params = "k", script = "try { return localStorage.getItem(k); } catch (_e) { return null; }")
    private static native String read(String k);

    /** A function that writes its latest value to k in 500 ms, or at once when the page is hidden or left. */
    @JSBody(params = "k", script = "var _v, _f = function () { if (_v) { try { localStorage.setItem(k, _v); } catch (_e) {} _v = 0; } };"
            + " addEventListener('pagehide', _f); document.addEventListener('visibilitychange', _f);"
            + " return function (_s) { _v || setTimeout(_f, 500); _v = _s; };")
    private static native JSObject writer(String k);

    @JSBody(params = { "w", "v" }, script = "w(v);")
    private static native void write(JSObject w, String v);
}
