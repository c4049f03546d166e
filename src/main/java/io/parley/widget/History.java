package io.parley.widget;

import io.parley.protocol.Limits;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.flavour.templates.Templates;
import org.teavm.jso.JSObject;

/**
 * History paging: older pages on scroll-up (the list stays contiguous), enough pages to fill the
 * viewport, and the jump up to the first unread message when it lies above the loaded page.
 */
public final class History {
    private final ChatWidget w;
    private final int pageSize;
    boolean requested;
    boolean firstPageLoaded;
    boolean loading;
    private boolean error;
    boolean hasMore = true;
    double oldestMid = Double.NaN;
    /** Answers to requests made before a reset are dropped. */
    private int gen;
    /** First unread mid when it lies above the loaded page: "↑ N unread messages" jumps there. */
    private double jumpMid = Double.NaN;
    private boolean jumpChecked;
    private boolean jumping;
    private int jumpCount;

    History(ChatWidget w, JSObject options) {
        this.w = w;
        double page = Js.number(options, "pageSize");
        pageSize = page >= 1 && page <= Limits.MAX_HISTORY_COUNT ? (int) page : 20;
    }

    /** Logged in (again): the first page, or a retry of a first page that failed. */
    void opened() {
        if (w.open && (!requested || (error && !firstPageLoaded))) {
            loadOlder();
        }
    }

    void loadOlder() {
        if (loading || !hasMore || w.destroyed) {
            return;
        }
        requested = true;
        loading = true;
        error = false;
        double start = oldestMid == oldestMid ? oldestMid : -1;
        int g = ++gen;
        w.sdk.history(null, start, pageSize, res -> {
            if (g == gen) {
                result(res);
            }
        }, w.conv.configuredGid);
        w.render();
    }

    private void result(JSObject res) {
        loading = false;
        if (w.destroyed) {
            return;
        }
        if (Js.number(res, "code") != 0) {
            error = true;
            w.render();
            return;
        }
        w.conv.learnGid(Js.number(res, "gid"));
        JSObject[] msgs = Dom.array(Js.get(res, "msgs"));
        boolean first = !firstPageLoaded;
        firstPageLoaded = true;
        // newest → oldest: insert each at its place (they are older than what we show)
        for (JSObject raw : msgs) {
            double mid = Js.number(raw, "mid");
            if (mid != mid) {
                continue;
            }
            if (oldestMid != oldestMid || mid < oldestMid) {
                oldestMid = mid;
            }
            w.timeline.mergeOlder(raw, mid);
        }
        w.receipts.dirty = true;
        if (first) {
            w.receipts.fetch();
        }
        hasMore = msgs.length > 0 && !Js.isTrue(res, "end");
        if (first) {
            w.scroll.forceBottom = true;
        }
        w.render();
        if (jumping) {
            continueJump();
            return;
        }
        // fill the viewport: with too few messages to scroll, the reader could never pull more
        if (hasMore && w.scroll.needsMore()) {
            loadOlder();
        }
    }

    /** More unread than the first page holds: offer to jump up to the first unread (once). */
    void offerJump(double myReadMid, int serverUnread) {
        if (!jumpChecked && firstPageLoaded) {
            jumpChecked = true;
            if (serverUnread > 0 && hasMore && myReadMid >= 0 && oldestMid > myReadMid + 1) {
                jumpMid = myReadMid + 1;
                jumpCount = serverUnread;
            }
        }
    }

    /** Pages back (the list stays contiguous) until the first unread is loaded, then shows it at the top. */
    public void jumpToUnread() {
        jumping = true;
        continueJump();
    }

    private void continueJump() {
        if (hasMore && !(oldestMid <= jumpMid)) {
            if (!loading) {
                loadOlder();
            }
            return;
        }
        jumping = false;
        Msg target = null;
        for (Msg m : w.timeline.items) {
            if (m.mid >= jumpMid && !m.self) {
                target = m;
                break;
            }
        }
        jumpMid = Double.NaN;
        w.scroll.stuck = false;
        if (target != null) {
            w.scroll.showAtTop(target);
        } else {
            Templates.update();
        }
    }

    /** After "resync": from the newest page again. */
    void reset() {
        gen++;
        loading = false;
        error = false;
        requested = false;
        firstPageLoaded = false;
        hasMore = true;
        oldestMid = Double.NaN;
        jumpMid = Double.NaN;
        jumping = false;
    }

    /** idle | loading | more | end | error. */
    public String getState() {
        if (loading) {
            return "loading";
        }
        if (error) {
            return "error";
        }
        if (!firstPageLoaded) {
            return "idle";
        }
        return hasMore ? "more" : "end";
    }

    public boolean isLoading() {
        return loading;
    }

    /** aria-busy on the list while a page of history lands: older messages are not news. */
    public String getBusy() {
        return loading ? "true" : "false";
    }

    public boolean isNoMore() {
        return firstPageLoaded && !hasMore && !w.timeline.items.isEmpty() && !loading;
    }

    /** "Scroll up to retry" is not offered once the chat has ended for good (the banner says why). */
    public boolean isError() {
        return error && !loading && !w.notices.ended();
    }

    public boolean isEmpty() {
        return firstPageLoaded && w.timeline.items.isEmpty() && !loading;
    }

    public boolean isJumpable() {
        return jumpMid == jumpMid && w.open;
    }

    public String getJumpText() {
        return Strings.fill(w.strings.unreadAbove, String.valueOf(jumpCount), null);
    }
}
