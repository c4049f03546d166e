package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The list's scroll position and the panel's size. Each frame keeps the reader's place: pinned
 * to the bottom when they were there, otherwise the first visible message stays put. Scrolling
 * near the top pulls older pages; new messages below the fold count on the "N new" pill. On
 * phones the full-screen panel follows the visual viewport, so the keyboard never covers the composer.
 */
public final class ScrollView {
    private static final double STICK_PX = 40;
    private static final double LOAD_OLDER_PX = 80;

    private final ChatWidget w;
    HTMLElement list;
    private HTMLElement panel;
    boolean stuck = true;
    /** Pin to the bottom in the next frame (the first page, our own message, jump to bottom). */
    boolean forceBottom;
    int newCount;
    private HTMLElement anchor;
    private double anchorTop;
    private boolean bottom;
    private JSObject viewport;
    private JSObject vvListener;

    ScrollView(ChatWidget w) {
        this.w = w;
    }

    void start() {
        viewport = Dom.visualViewport();
        if (viewport != null) {
            vvListener = Dom.fn(e -> fitViewport());
            Dom.listenFn(viewport, "resize", vvListener);
            Dom.listenFn(viewport, "scroll", vvListener);
        }
    }

    void destroy() {
        if (viewport != null) {
            Dom.unlisten(viewport, "resize", vvListener);
            Dom.unlisten(viewport, "scroll", vvListener);
        }
    }

    public void bindList(HTMLElement el) {
        if (list == el) {
            return;
        }
        list = el;
        w.touchMenu.install(el);
        Dom.listen(el, "scroll", e -> onScroll());
        Dom.listen(el, "click", w.media::clicked);
    }

    public void bindPanel(HTMLElement el) {
        if (panel != el) {
            w.media.bindDrop(el);
        }
        panel = el;
    }

    private void onScroll() {
        if (list == null) {
            return;
        }
        boolean was = stuck;
        stuck = Dom.distanceToBottom(list) < STICK_PX;
        boolean changed = false;
        if (stuck && newCount > 0) {
            newCount = 0;
            changed = true;
        }
        History h = w.history;
        if (Dom.scrollTop(list) < LOAD_OLDER_PX && h.firstPageLoaded && h.hasMore && !h.loading) {
            h.loadOlder();
            return;
        }
        if (changed || was != stuck) {
            w.requestUpdate();
        }
    }

    public void jumpToBottom() {
        newCount = 0;
        stuck = true;
        forceBottom = true;
        w.render();
    }

    /** Before the DOM changes: where the reader is (one layout read per frame). */
    void beforeFrame() {
        anchor = null;
        anchorTop = 0;
        bottom = forceBottom || stuck;
        if (list != null && !bottom) {
            anchor = Dom.anchor(list);
            if (anchor != null) {
                anchorTop = Dom.top(anchor);
            }
        }
    }

    /** After the DOM changed: back to the bottom, or the anchor back where it was. */
    void afterFrame() {
        if (list != null && w.open) {
            if (bottom) {
                Dom.scrollToBottom(list);
                stuck = true;
            } else if (anchor != null && Dom.connected(anchor)) {
                double delta = Dom.top(anchor) - anchorTop;
                if (delta != 0) {
                    Dom.setScrollTop(list, Dom.scrollTop(list) + delta);
                }
            }
        }
        anchor = null;
        forceBottom = false;
    }

    /** With too few messages to scroll, the reader could never pull more. */
    boolean needsMore() {
        return list != null && !Dom.scrollable(list);
    }

    /** Scrolls so that the row sits just below the list's top edge. */
    void showAtTop(HTMLElement row) {
        Dom.setScrollTop(list, Dom.scrollTop(list) + Dom.top(row) - Dom.top(list) - 8);
    }

    /** Full-screen panel: sized to the visual viewport so the keyboard never covers the composer. */
    void fitViewport() {
        if (panel == null) {
            return;
        }
        boolean full = w.isFloating() && w.open && Dom.viewportWidth() < 600;
        if (full && viewport != null) {
            Dom.style(panel, "height", Dom.numStr(Js.number(viewport, "height")) + "px");
            Dom.style(panel, "top", Dom.numStr(Js.number(viewport, "offsetTop")) + "px");
        } else {
            Dom.style(panel, "height", null);
            Dom.style(panel, "top", null);
        }
        if (stuck && list != null) {
            Dom.scrollToBottom(list);
        }
        HTMLElement input = w.composer.input;
        if (!w.isFloating() && input != null && Dom.hasFocus(input)) {
            Dom.scrollIntoView(input);
        }
    }

    public boolean isPill() {
        return newCount > 0;
    }

    public String getPillText() {
        return Strings.fill(w.strings.newMessages, String.valueOf(newCount), null);
    }
}
