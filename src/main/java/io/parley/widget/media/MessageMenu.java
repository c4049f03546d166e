package io.parley.widget.media;

import io.parley.sdk.Dom;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.TextRectangle;

/**
 * The touch menu's UI (Copy; Recall) for one message list, loaded with parley-media.js on the first
 * long press (the widget keeps the press detection). One menu element per list; it closes on a tap
 * outside, Escape or Tab and gives the focus back. What an item does stays in the widget: a pick
 * calls {@code onPick(item, null)} (0 Copy, 1 Recall), and the widget closes or relabels the menu.
 */
final class MessageMenu {
    /** {@link Control} commands and flags. */
    static final int SHOW = 0, CLOSE = 1, LABEL = 2, COPYABLE = 1, RECALLABLE = 2, SELF = 4;
    private static final int GAP = 6, OUTSIDE = 0, KEY = 1, COPY = 2, RECALL = 3;

    /** How the widget drives its menu: show(row, recall label, flags), close(give back focus: 1), relabel Recall. */
    @JSFunctor
    interface Control extends JSObject {
        void run(int what, JSObject row, String text, int flags);
    }

    private final HTMLElement list;
    private final JSObject onPick;
    private final HTMLElement menu;
    private final HTMLElement copyItem;
    private final HTMLElement recallItem;
    private HTMLElement back;
    private JSObject outside;
    private final Dom.Events events = this::on;

    private MessageMenu(HTMLElement list, String label, String copy, String recall, JSObject onPick) {
        this.list = list;
        this.onPick = onPick;
        menu = Dom.add(list.getParentNode(), "div", "pw-menu", null);
        menu.setAttribute("role", "menu");
        menu.setAttribute("aria-label", label);
        menu.setHidden(true);
        copyItem = item(copy, COPY);
        recallItem = item(recall, RECALL);
        Dom.on(menu, "keydown", events, KEY);
    }

    static JSObject create(HTMLElement list, String label, String copy, String recall, JSObject onPick) {
        return fn(new MessageMenu(list, label, copy, recall, onPick)::run);
    }

    /** The functor as a real JS function for the widget to call (a bare return would hand over the Java object). */
    @JSBody(params = "f", script = "return f;")
    private static native JSObject fn(Control f);

    private void run(int what, JSObject row, String text, int flags) {
        if (what == SHOW) {
            show((HTMLElement) row, text, flags);
        } else if (what == CLOSE) {
            close(flags != 0);
        } else {
            recallItem.setTextContent(text);
        }
    }

    private HTMLElement item(String text, int what) {
        HTMLElement b = Dom.add(menu, "button", "pw-menu-item", text);
        b.setAttribute("type", "button");
        b.setAttribute("role", "menuitem");
        Dom.on(b, "click", events, what);
        return b;
    }

    private void show(HTMLElement row, String recallText, int flags) {
        close(false);
        boolean copyable = (flags & COPYABLE) != 0;
        back = Dom.active(list);
        copyItem.setHidden(!copyable);
        recallItem.setHidden((flags & RECALLABLE) == 0);
        recallItem.setTextContent(recallText);
        menu.setHidden(false);
        place(row, (flags & SELF) != 0);
        Dom.focus(copyable ? copyItem : recallItem);
        outside = capture(HTMLDocument.current(), "pointerdown", events, OUTSIDE);
    }

    private void on(int what, JSObject e) {
        if (what == KEY) {
            onKey((KeyboardEvent) e);
        } else if (what == OUTSIDE) {
            if (!Dom.within(e, menu)) {
                close(false);
            }
        } else {
            pick(onPick, what - COPY);
        }
    }

    /**
     * Below the message (its bubble and the receipt line under it), or above the bubble when the
     * panel has no room there; aligned with the bubble's side; always inside the panel.
     */
    private void place(HTMLElement row, boolean self) {
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
        int left = self ? b.getRight() - p.getLeft() - mw : b.getLeft() - p.getLeft();
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

    /** Hides the menu; the focus it holds goes back where it was (the list when that is gone). */
    private void close(boolean giveBackFocus) {
        if (menu.isHidden()) {
            return;
        }
        boolean hadFocus = Dom.contains(menu, Dom.active(menu));
        menu.setHidden(true);
        uncapture(HTMLDocument.current(), "pointerdown", outside);
        if (giveBackFocus || hadFocus) {
            Dom.focus(back != null && Dom.connected(back) ? back : list);
        }
        back = null;
    }

    @JSBody(params = { "fn", "what" }, script = "fn(what, null);")
    private static native void pick(JSObject fn, int what);

    @JSBody(params = { "t", "type", "fn", "what" }, script = "var _h = function (_e) { fn(what, _e); };"
            + " t.addEventListener(type, _h, true); return _h;")
    private static native JSObject capture(JSObject t, String type, Dom.Events fn, int what);

    @JSBody(params = { "t", "type", "h" }, script = "t.removeEventListener(type, h, true);")
    private static native void uncapture(JSObject t, String type, JSObject h);
}
