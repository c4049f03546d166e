package io.parley.widget;

import io.parley.sdk.Dom;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.TextRectangle;

/**
 * Touch screens have no hover: pressing a message for 500 ms without moving (touch or pen) opens
 * one small menu (Copy; Recall for our own recallable message) beside its bubble. The widget has
 * one menu element, not one per row; it closes on a tap outside, Escape, Tab or a scroll and gives
 * the focus back. Mouse and keyboard keep the hover/focus actions under each bubble.
 */
final class TouchMenu {
    private static final int GAP = 6;
    private static final int SCROLL = 0, OUTSIDE = 1, KEY = 2, COPY = 3, RECALL = 4;

    private final ChatWidget w;
    private HTMLElement list;
    private HTMLElement menu;
    private HTMLElement copyItem;
    private HTMLElement recallItem;
    private Msg target;
    private HTMLElement back;
    private JSObject outside;
    /** All the menu's DOM events through one listener (one class in the bundle, not one per lambda). */
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
        if (menu == null) {
            build();
        }
        back = Dom.active(list);
        target = m;
        copyItem.setHidden(!m.isCopyable());
        recallItem.setHidden(!m.isRecallable());
        recallItem.setTextContent(w.actions.armed == m ? w.strings.recallConfirm : w.strings.recall);
        menu.setHidden(false);
        place(row);
        Dom.focus(m.isCopyable() ? copyItem : recallItem);
        outside = capture(HTMLDocument.current(), "pointerdown", events, OUTSIDE);
        return true;
    }

    private void build() {
        Strings s = w.strings;
        menu = Dom.add(list.getParentNode(), "div", "pw-menu", null);
        menu.setAttribute("role", "menu");
        menu.setAttribute("aria-label", s.messageMenu);
        copyItem = item(s.copy, COPY);
        recallItem = item(s.recall, RECALL);
        Dom.on(menu, "keydown", events, KEY);
    }

    private HTMLElement item(String text, int what) {
        HTMLElement b = Dom.add(menu, "button", "pw-menu-item", text);
        b.setAttribute("type", "button");
        b.setAttribute("role", "menuitem");
        Dom.on(b, "click", events, what);
        return b;
    }

    private void on(int what, JSObject e) {
        if (what == KEY) {
            onKey((KeyboardEvent) e);
        } else if (what == SCROLL || what == OUTSIDE) {
            if (what == SCROLL || !Dom.within(e, menu)) {
                close(false);
            }
        } else {
            Msg m = target;
            boolean copy = what == COPY;
            if (!copy && m != null && !w.actions.arm(m)) {
                recallItem.setTextContent(w.strings.recallConfirm); // asks; the menu stays for the second tap
                return;
            }
            close(true);
            if (m != null) {
                if (copy) {
                    w.actions.copy(m);
                } else {
                    w.actions.recallNow(m);
                }
            }
        }
    }

    /**
     * Below the message (its bubble and the receipt line under it), or above the bubble when the
     * panel has no room there; aligned with the bubble's side; always inside the panel.
     */
    private void place(HTMLElement row) {
        HTMLElement bubble = row.querySelector(".pw-bubble");
        HTMLElement receipt = row.querySelector(".pw-rcpt");
        TextRectangle b = (bubble != null ? bubble : row).getBoundingClientRect();
        TextRectangle under = receipt != null && !receipt.isHidden() ? receipt.getBoundingClientRect() : b;
        HTMLElement panel = (HTMLElement) list.getParentNode();
        TextRectangle p = panel.getBoundingClientRect();
        int mw = menu.getOffsetWidth();
        int mh = menu.getOffsetHeight();
        int top = under.getBottom() - p.getTop() + GAP;
        if (top + mh > p.getHeight() - GAP) {
            top = b.getTop() - p.getTop() - mh - GAP;
        }
        int left = target.self ? b.getRight() - p.getLeft() - mw : b.getLeft() - p.getLeft();
        Dom.style(menu, "top", clamp(top, p.getHeight() - mh) + "px");
        Dom.style(menu, "left", clamp(left, p.getWidth() - mw) + "px");
    }

    private static int clamp(int v, int room) {
        return Math.max(GAP, Math.min(v, room - GAP));
    }

    private void onKey(KeyboardEvent e) {
        String k = e.getKey();
        if ("Escape".equals(k) || "Tab".equals(k)) {
            e.preventDefault();
            e.stopPropagation(); // Escape here closes the menu, not the panel
            close(true);
        } else if ("ArrowDown".equals(k) || "ArrowUp".equals(k) || "Home".equals(k) || "End".equals(k)) {
            e.preventDefault();
            HTMLElement other = Dom.active(menu) == copyItem ? recallItem : copyItem;
            if (!other.isHidden()) {
                Dom.focus(other);
            }
        }
    }

    /** The recall confirmation ran out: the item asks afresh. */
    void disarmed() {
        if (recallItem != null) {
            recallItem.setTextContent(w.strings.recall);
        }
    }

    /** Hides the menu; the focus it holds goes back where it was (the list when that is gone). */
    void close(boolean giveBackFocus) {
        if (menu == null || menu.isHidden()) {
            return;
        }
        boolean hadFocus = Dom.contains(menu, Dom.active(menu));
        menu.setHidden(true);
        target = null;
        uncapture(HTMLDocument.current(), "pointerdown", outside);
        if (giveBackFocus || hadFocus) {
            Dom.focus(back != null && Dom.connected(back) ? back : list);
        }
        back = null;
    }

    /**
     * Long-press detection on the list (one set of listeners for all rows): 500 ms still (moving
     * over 10 px, lifting, a second finger or a scroll cancels). Once the menu opened, the press's
     * native context menu, its touchend and compatibility mousedown (which would move the focus to
     * the list) and the click that may follow are swallowed.
     */
    @JSBody(params = { "t", "type", "fn", "what" }, script = "var _h = function (_e) { fn(what, _e); };"
            + " t.addEventListener(type, _h, true); return _h;")
    private static native JSObject capture(JSObject t, String type, Dom.Events fn, int what);

    @JSBody(params = { "t", "type", "h" }, script = "t.removeEventListener(type, h, true);")
    private static native void uncapture(JSObject t, String type, JSObject h);

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
