package io.parley.sdk;

import io.parley.protocol.ResumeState;
import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.browser.Window;

/**
 * Resume state (epoch and cursors) in localStorage, per user and server, so that after a reload
 * the first sync starts after the last mid the page had seen. Storage failures are ignored:
 * the SDK then resumes from the first history page, as without this store. Writes are coalesced
 * (a burst changes the state once per message): the state is encoded and written at most once per
 * 500 ms, and at once when the page is hidden or left ({@link #flush}, called from the connection's
 * page listener) or the client closes, so a reload right after a burst still resumes from its end.
 */
final class ResumeStore implements TimerHandler {
    private final LocalItem item;
    /** The state to write (its latest version); null when nothing is waiting. */
    private ResumeState<?> dirty;
    private boolean timer;

    ResumeStore(String pin, String appId, String url) {
        item = new LocalItem("parley.resume." + pin + "\u001f" + appId + "\u001f" + url);
    }

    <T> ResumeState<T> load() {
        return ResumeState.decode(item.read());
    }

    /** The state changed: written within 500 ms (not encoded now: a burst changes it per message). */
    void save(ResumeState<?> state) {
        dirty = state;
        if (!timer) {
            timer = true;
            Window.setTimeout(this, 500);
        }
    }

    @Override
    public void onTimer() {
        timer = false;
        flush();
    }

    /** Writes what waits, now. */
    void flush() {
        if (dirty != null) {
            item.write(dirty.encode());
            dirty = null;
        }
    }
}
