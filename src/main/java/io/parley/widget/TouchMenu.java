package io.parley.widget;

import io.parley.sdk.Dom;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Touch screens have no hover: pressing a message for 500 ms without moving (touch or pen) opens
 * one small menu (Copy; Recall for our own recallable message) beside its bubble. The press
 * detection lives here; the menu itself (placing, keys, closing, focus) is rare, so it comes with
 * parley-media.js on the first long press. Mouse and keyboard keep the hover/focus actions.
 */
final class TouchMenu {
    private static final int SHOW = 0, CLOSE = 1, LABEL = 2, COPYABLE = 1, RECALLABLE = 2, SELF = 4;
    private static final int COPY = 0, SCROLL = 2;

    private final ChatWidget w;
    private HTMLElement list;
    /** The chunk's menu control, once loaded. */
    private JSObject menu;
    private Msg target;
    private final Dom.Events events = this::on;

    TouchMenu(ChatWidget w) {
        this.w = w;
    }

    @JSFunctor
    interface Pressed extends JSObject {
        boolean pressed(HTMLElement row);
    }

    void install(HTMLElement el) {
        list = el;
        watch(el, this::open);
        Dom.on(el, "scroll", events, SCROLL);
    }

    /** Opens the menu for a row; false (nothing to offer) leaves the press to the browser. */
    private boolean open(HTMLElement row) {
        Msg m = w.timeline.shownBy(row.getAttribute("data-mid"), row.getAttribute("data-cmid"));
        if (m == null || !(m.isCopyable() || m.isRecallable())) {
            return false;
        }
        target = m;
        Strings s = w.strings;
        String recall = w.actions.armed == m ? s.recallConfirm : s.recall;
        int flags = (m.isCopyable() ? COPYABLE : 0) | (m.isRecallable() ? RECALLABLE : 0) | (m.self ? SELF : 0);
        w.media.use(c -> {
            if (menu == null) {
                menu = create(c, list, s.messageMenu, s.copy, s.recall, events);
            }
            if (target == m) {
                control(menu, SHOW, row, recall, flags);
            }
        }, s.menuFailed);
        return true;
    }

    /** Copy (0) or Recall (1) picked in the menu, or the list scrolled. */
    private void on(int what, JSObject e) {
        Msg m = target;
        if (what == SCROLL) {
            close(false);
        } else if (what != COPY && m != null && !w.actions.arm(m)) {
            control(menu, LABEL, null, w.strings.recallConfirm, 0); // asks; the menu stays for the second tap
        } else {
            close(true);
            if (m != null) {
                if (what == COPY) {
                    w.actions.copy(m);
                } else {
                    w.actions.recallNow(m);
                }
            }
        }
    }

    /** The recall confirmation ran out: the item asks afresh. */
    void disarmed() {
        if (menu != null) {
            control(menu, LABEL, null, w.strings.recall, 0);
        }
    }

    /** Hides the menu; the focus it holds goes back where it was (the list when that is gone). */
    void close(boolean giveBackFocus) {
        target = null;
        if (menu != null) {
            control(menu, CLOSE, null, null, giveBackFocus ? 1 : 0);
        }
    }

    @JSBody(params = { "c", "l", "label", "copy", "recall", "fn" }, script = "return c.menu(l, label, copy, recall, fn);")
    private static native JSObject create(JSObject c, HTMLElement l, String label, String copy, String recall, Dom.Events fn);

    @JSBody(params = { "m", "what", "row", "text", "flags" }, script = "m(what, row, text, flags);")
    private static native void control(JSObject m, int what, JSObject row, String text, int flags);

    /**
     * Long-press detection on the list (one set of listeners for all rows): 500 ms still (moving
     * over 10 px, lifting, a second finger or a scroll cancels). Once the menu opened, the press's
     * native context menu, its touchend and compatibility mousedown (which would move the focus to
     * the list) and the click that may follow are swallowed.
     */
    @JSBody(params = { "l", "fn" }, script = "var _t = 0, _x = 0, _y = 0, _on = 0, _until = 0;"
            + " var _c = function () { clearTimeout(_t); _t = 0; };"
            + " l.addEventListener('pointerdown', function (_e) { _c(); _on = 0; var _r = _e.target.closest('.pw-msg');"
            + " if (_r && _e.isPrimary && _e.pointerType != 'mouse') { _x = _e.clientX; _y = _e.clientY;"
            + " _t = setTimeout(function () { _t = 0; _on = fn(_r) ? 1 : 0; }, 500); } });"
            + " l.addEventListener('pointermove', function (_e) { if (_t && Math.hypot(_e.clientX - _x, _e.clientY - _y) > 10) _c(); });"
            + " l.addEventListener('pointerup', function () { _c(); if (_on) _until = Date.now() + 400; });"
            + " l.addEventListener('pointercancel', _c); l.addEventListener('scroll', _c);"
            + " var _eat = function (_e) { if (_on) _e.preventDefault(); };"
            + " l.addEventListener('touchend', _eat); l.addEventListener('mousedown', _eat);"
            + " l.addEventListener('contextmenu', function (_e) { if (_t || _on) _e.preventDefault(); });"
            + " l.addEventListener('click', function (_e) { if (Date.now() < _until) { _until = 0;"
            + " _e.preventDefault(); _e.stopPropagation(); } }, true);")
    private static native void watch(HTMLElement l, Pressed fn);
}
