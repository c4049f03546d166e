package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Read cursors both ways: the others' (so our messages show "Read" / "N read") and ours (rows
 * from others that the reader actually sees move it, sent at most every 300 ms).
 */
final class Receipts {
    private final ChatWidget w;
    /** Other members' read cursors (pin/appId → lastReadMid); a JS object, so no boxed Double in the bundle. */
    private final JSObject readers = Js.object();
    boolean asked;
    boolean known;
    /** Receipt texts are recomputed in the next frame. */
    boolean dirty;
    /** My own read cursor from the server (NaN: unknown). */
    private double myReadMid = Double.NaN;
    private JSObject watcher;
    private int markTimer = -1;
    private double markedMid;
    private double readMax;

    Receipts(ChatWidget w) {
        this.w = w;
    }

    void fetch() {
        Conversation conv = w.conv;
        if (asked || !conv.known() || w.destroyed) {
            return;
        }
        asked = true;
        w.sdk.readState(res -> {
            if (Js.number(res, "code") != 0) {
                asked = false;
                return;
            }
            for (JSObject m : Dom.array(Js.get(res, "members"))) {
                if (conv.isSelf(m)) {
                    myReadMid = Js.number(m, "lastReadMid");
                } else {
                    saw(Conversation.key(m), Js.number(m, "lastReadMid"));
                    w.header.member(m);
                }
            }
            known = true;
            dirty = true;
            w.history.offerJump(myReadMid, w.badge.server);
            w.requestUpdate();
        }, conv.gid);
    }

    /** read_receipt: another member moved their cursor. */
    void onPush(JSObject e) {
        JSObject reader = Js.get(e, "reader");
        if (Js.number(e, "gid") == w.conv.gid && !w.conv.isSelf(reader)) {
            saw(Conversation.key(reader), Js.number(e, "mid"));
            w.requestUpdate();
        }
    }

    void saw(String who, double mid) {
        if (mid == mid && !(Js.number(readers, who) >= mid)) {
            Js.setNumber(readers, who, mid);
            dirty = true;
        }
    }

    /**
     * "Read" (one-to-one), "N read" (group) or "Unread" under each of our stored messages; the first
     * read of any of them is also spoken, once per update however many turned read.
     */
    void update() {
        dirty = false;
        if (!known) {
            return;
        }
        String[] who = Dom.keys(readers);
        double[] marks = new double[who.length];
        for (int k = 0; k < who.length; k++) {
            marks[k] = Js.number(readers, who[k]);
        }
        Strings s = w.strings;
        String newlyRead = null;
        for (Msg m : w.timeline.items) {
            String text = null;
            int n = 0;
            if (m.self && !m.recalled && m.status == Msg.SENT && m.mid == m.mid) {
                for (double v : marks) {
                    if (v >= m.mid) {
                        n++;
                    }
                }
                text = n == 0 ? s.unreadMark : w.conv.group ? Strings.fill(s.readCount, String.valueOf(n), null) : s.read;
                if (n > 0 && !m.readAny && m.readText != null) {
                    newlyRead = text; // shown as "Unread" before: a change the reader should hear
                }
            }
            m.readText = text;
            m.readAny = n > 0;
        }
        if (newlyRead != null) {
            w.announcer.note(newlyRead); // several messages read at once: one line
        }
    }

    /** Rows from others that are at least half visible, while the panel is open and the tab shown, are read. */
    void watch(HTMLElement row) {
        HTMLElement list = w.scroll.list;
        if (watcher == null && list != null) {
            watcher = watcher(list, () -> onVisible());
        }
        if (watcher != null) {
            observe(watcher, row);
        }
    }

    /** The row left the list's window. */
    void unwatch(HTMLElement row) {
        unobserve(watcher, row);
    }

    /** What is visible now counts at once; the cursor is sent at most every 300 ms. */
    void onVisible() {
        if (!w.open || watcher == null || !w.conv.known() || w.destroyed || Dom.pageHidden()) {
            return;
        }
        double max = maxVisible(watcher);
        if (max > readMax) {
            readMax = max;
        }
        if (markTimer < 0 && readMax > markedMid) {
            markTimer = Dom.setTimeout(300, () -> {
                markTimer = -1;
                if (readMax > markedMid && !w.destroyed) {
                    markedMid = readMax;
                    w.sdk.markRead(readMax, w.conv.gid);
                }
            });
        }
    }

    void destroy() {
        Dom.clearTimer(markTimer);
        if (watcher != null) {
            disconnect(watcher);
        }
    }

    /**
     * Watches message rows inside {@code root}: a row counts as seen when at least half of it (or
     * half the list's height, for a tall one) is visible. {@code fn} runs on every change.
     */
    @JSBody(params = { "root", "fn" }, script = "if (typeof IntersectionObserver !== 'function') return null;"
            + " var _vis = new Set(); var _io = new IntersectionObserver(function (_ents) {"
            + " for (var _i = 0; _i < _ents.length; _i++) { var _en = _ents[_i];"
            + " if (_en.isIntersecting && (_en.intersectionRatio >= 0.5 || (_en.rootBounds"
            + " && _en.intersectionRect.height >= _en.rootBounds.height / 2))) _vis.add(_en.target);"
            + " else _vis['delete'](_en.target); } fn(); }, { root: root, threshold: [0, 0.5, 1] });"
            + " return { io: _io, vis: _vis };")
    private static native JSObject watcher(HTMLElement root, Dom.Action fn);
    @JSBody(params = { "w", "el" }, script = "w.io.observe(el);")
    private static native void observe(JSObject w, HTMLElement el);
    @JSBody(params = "w", script = "w.io.disconnect(); w.vis.clear();")
    private static native void disconnect(JSObject w);
    /** The highest mid among visible rows from others (0: none). */
    @JSBody(params = "w", script = "var _max = 0; w.vis.forEach(function (_el) {"
            + " if (!_el.isConnected) { w.vis['delete'](_el); return; }"
            + " if (_el.classList.contains('pw-self')) return;"
            + " var _mid = +_el.getAttribute('data-mid'); if (_mid > _max) _max = _mid; }); return _max;")
    private static native double maxVisible(JSObject w);

    /** A row left the window: the observer lets it go. */
    @JSBody(params = { "w", "el" }, script = "if (w) { w.io.unobserve(el); w.vis['delete'](el); }")
    private static native void unobserve(JSObject w, HTMLElement el);
}
