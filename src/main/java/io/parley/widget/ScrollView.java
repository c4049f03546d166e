package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The list's scroll position, its window and the panel's size. Each frame puts the rows near the
 * viewport into the DOM ({@link RowList}) and keeps the reader's place: pinned to the bottom when
 * they were there, otherwise the message at the top of the viewport stays put to the pixel. Scrolling
 * near the top pulls older pages; new messages below the fold count on the "N new" pill. On
 * phones the full-screen panel follows the visual viewport, so the keyboard never covers the composer.
 */
public final class ScrollView {
    private static final double STICK_PX = 40;
    private static final double LOAD_OLDER_PX = 80;

    private final ChatWidget w;
    HTMLElement list;
    HTMLElement panel;
    boolean stuck = true;
    /** Pin to the bottom in the next frame (the first page, our own message, jump to bottom). */
    boolean forceBottom;
    int newCount;
    /** Rows rendered beyond each edge of the viewport. */
    private static final double OVERSCAN_PX = 800;
    private static final double PIN_PX = 8;
    /** New rows of overscan built per frame beyond those in view; the rest follows in later frames. */
    private static final int NEW_PER_FRAME = 6;
    /** Live messages a frame takes while the newest are in view: each is a new row there. */
    private static final int ROWS_PER_FRAME = 8;
    /** A render's share of a frame in ms (script and its one layout): over it, the next builds only 2 new rows. */
    private static final double FRAME_MS = 10;
    /**
     * Messages a frame takes while the newest are in view (each one a new row): few after a render
     * that took longer than FRAME_MS, and in a burst's first frame (its row code is still cold).
     */
    private int rowsNext = 2;
    final RowList rows = new RowList();
    /** The reader's anchor for this frame: a message and its bottom edge relative to the viewport's top (NaN: pinned to the top). */
    private Msg anchor;
    private double anchorOff;
    private boolean bottom;
    private double viewH;
    private Msg pinTo;
    /** The last frame's layout: messages in order, their tops in the rows box, and the box's top in the list. */
    private Msg[] laid = new Msg[0];
    private double[] tops = new double[0];
    private double rowsTop;
    /** A scroll position we set ourselves: its scroll event needs no new frame. */
    private double setTop = Double.NaN;
    /**
     * The position the last frame asked for. The browser rounds it; the next frame starts from it
     * rather than from the rounded one, so a page filled in over several frames does not add up
     * the rounding (the reader's place drifting by a pixel).
     */
    private double wantTop = Double.NaN;
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
        // image loads and errors inside the list (they do not bubble): rows above may have changed height
        el.addEventListener("load", e -> w.requestUpdate(), true);
        el.addEventListener("error", e -> w.requestUpdate(), true);
    }

    public void bindRows(HTMLElement el) {
        if (rows.box != el) {
            rows.bind(el);
        }
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
        double top = Dom.scrollTop(list);
        boolean ours = Math.abs(top - setTop) < 1;
        setTop = Double.NaN;
        boolean was = stuck;
        stuck = Dom.distanceToBottom(list) < STICK_PX;
        boolean changed = !ours;
        if (stuck && newCount > 0) {
            newCount = 0;
            changed = true;
        }
        History h = w.history;
        if (top < LOAD_OLDER_PX && h.firstPageLoaded && h.hasMore && !h.loading) {
            h.loadOlder();
            return;
        }
        if (changed || was != stuck) {
            w.requestUpdate(); // the window follows the reader
        }
    }

    public void jumpToBottom() {
        newCount = 0;
        stuck = true;
        forceBottom = true;
        w.render();
    }

    /**
     * Before the DOM changes: what the reader is looking at, from the layout they saw last (the
     * model of the previous frame), so rows that changed height or arrived above since then do not
     * move it. Reads the scroll position and the viewport only (layout is clean at a frame's start).
     */
    void beforeFrame() {
        anchor = null;
        bottom = forceBottom || stuck;
        viewH = list != null ? list.getClientHeight() : 0;
        if (list == null || viewH <= 0) {
            return;
        }
        if (pinTo != null) {
            anchor = pinTo;
            anchorOff = Double.NaN; // its top at PIN_PX: set once its height is known
            bottom = false;
            pinTo = null;
            return;
        }
        if (bottom || laid.length == 0) {
            return;
        }
        double top = Dom.scrollTop(list);
        double y = (Math.abs(top - wantTop) < 1 ? wantTop : top) - rowsTop;
        int lo = 0;
        int hi = laid.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tops[mid] <= y) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        anchor = laid[lo];
        anchorOff = tops[lo + 1] - y;
    }

    /** How many delivered messages this frame may add to the list. */
    int drainLimit() {
        return bottom && viewH > 0 ? rowsNext : Timeline.DRAIN_PER_FRAME;
    }

    /**
     * After the data changed: the window around the viewport goes into the DOM, is measured in one
     * pass, and the scroll position is set so the anchor sits where it was (or at the bottom).
     * {@code t0}: when the render began ({@link Dom#perfNow()}).
     */
    void afterFrame(double t0) {
        Msg a = anchor;
        anchor = null;
        boolean force = forceBottom;
        forceBottom = false;
        if (list == null || rows.box == null || !w.open || viewH <= 0) {
            return;
        }
        List<Msg> items = w.timeline.items;
        int n = items.size();
        double[] t = prefix(items);
        int k = a != null ? items.indexOf(a) : -1;
        double viewTop;
        if (bottom || force) {
            viewTop = t[n] - viewH;
        } else if (k >= 0) {
            viewTop = anchorOff == anchorOff ? t[k + 1] - anchorOff : t[k] - PIN_PX;
        } else {
            viewTop = Dom.scrollTop(list) - rowsTop;
        }
        double from = viewTop - OVERSCAN_PX;
        double to = viewTop + viewH + OVERSCAN_PX;
        // the rows the reader sees are always built; around them at most NEW_PER_FRAME new ones, so a
        // jump costs one screen of rows per frame; a frame that took live messages builds only the
        // rows in view (at most ROWS_PER_FRAME new ones while pinned), the next fills the overscan
        int i0 = 0;
        while (i0 < n && t[i0 + 1] <= viewTop) {
            i0++;
        }
        int i1 = i0;
        while (i1 < n && t[i1] < viewTop + viewH) {
            i1++;
        }
        int budget = w.timeline.took ? 0 : NEW_PER_FRAME;
        boolean grew = true;
        while (grew) {
            grew = false;
            if (i0 > 0 && t[i0] > from && (items.get(i0 - 1).view != null || budget-- > 0)) {
                i0--;
                grew = true;
            }
            if (i1 < n && t[i1] < to && (items.get(i1).view != null || budget-- > 0)) {
                i1++;
                grew = true;
            }
        }
        rows.show(items, i0, i1, t[i0], t[n] - t[i1]);
        rows.measure();
        t = prefix(items);
        rowsTop = Dom.top(rows.box) - Dom.top(list) - Dom.clientTop(list) + Dom.scrollTop(list);
        if (bottom || force) {
            scrollTo(list.getScrollHeight() - list.getClientHeight());
            stuck = true;
        } else if (k >= 0) {
            scrollTo(rowsTop + (anchorOff == anchorOff ? t[k + 1] - anchorOff : t[k] - PIN_PX));
        }
        laid = items.toArray(new Msg[0]);
        tops = t;
        rows.settle();
        if (w.timeline.took) {
            rowsNext = Dom.perfNow() - t0 > FRAME_MS ? 2 : ROWS_PER_FRAME;
        }
        // rows smaller than guessed leave the window short of the overscan: fill it next frame
        double shownTop = t[i0];
        double shownBottom = t[i1];
        if ((i0 > 0 && shownTop > from + 1) || (i1 < n && shownBottom < to - 1)) {
            w.requestUpdate();
        }
    }

    private void scrollTo(double v) {
        wantTop = v;
        if (Math.abs(Dom.scrollTop(list) - v) > 0.01) {
            setTop = v;
            Dom.setScrollTop(list, v);
        }
    }

    private double[] prefix(List<Msg> items) {
        int n = items.size();
        double[] t = new double[n + 1];
        for (int i = 0; i < n; i++) {
            t[i + 1] = t[i] + rows.height(items.get(i));
        }
        return t;
    }

    /** With too few messages to scroll, the reader could never pull more. */
    boolean needsMore() {
        return list != null && !Dom.scrollable(list);
    }

    /** Scrolls so that the message sits just below the list's top edge (it need not be in the DOM yet). */
    void showAtTop(Msg m) {
        stuck = false;
        pinTo = m;
        w.render();
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
        w.requestUpdate(); // another height: another window
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
