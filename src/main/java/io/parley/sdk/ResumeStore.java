package io.parley.sdk;

import io.parley.protocol.ResumeState;
import org.teavm.jso.JSBody;

/**
 * Resume state (epoch and cursors) in localStorage, per user and server, so that after a reload
 * the first sync starts after the last mid the page had seen. Storage failures are ignored:
 * the SDK then resumes from the first history page, as without this store.
 */
final class ResumeStore {
    private final String key;
    private String saved;

    ResumeStore(String pin, String appId, String url) {
        key = "parley.resume." + pin + "\u001f" + appId + "\u001f" + url;
    }

    <T> ResumeState<T> load() {
        saved = read(key);
        return ResumeState.decode(saved);
    }

    void save(ResumeState<?> state) {
        String text = state.encode();
        if (!text.equals(saved)) {
            saved = text;
            write(key, text);
        }
    }

    @JSBody(params = "k", script = "try { return localStorage.getItem(k); } catch (_e) { return null; }")
    private static native String read(String k);

    @JSBody(params = { "k", "v" }, script = "try { localStorage.setItem(k, v); } catch (_e) {}")
    private static native void write(String k, String v);
}
