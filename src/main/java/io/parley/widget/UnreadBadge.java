package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The unread count on the closed launcher and in the tab title: the server's count once known
 * (shared with the page's other tabs over a BroadcastChannel), else what arrived while closed.
 */
public final class UnreadBadge {
    private final ChatWidget w;
    private final boolean titleBadge;
    /** The server's unread count for this conversation; -1 until known. */
    int server = -1;
    /** Messages from others that arrived while the panel was closed. */
    int local;
    private double at;
    /** Unread counts that arrived before a one-to-one chat's gid was known. */
    private final JSObject byGid = Js.object();
    private JSObject channel;
    /** An unread request is on its way (the first one goes out with auth, before "open"): not asked twice. */
    private boolean asking;

    UnreadBadge(ChatWidget w, JSObject options) {
        this.w = w;
        titleBadge = Js.isTrue(options, "titleBadge");
    }

    /** Another tab of this user saw a newer count. */
    void listen(String myPin, String myAppId) {
        if (myPin != null) {
            channel = channel("parley-unread:" + myPin + ":" + myAppId, d -> {
                double t = Js.number(d, "at");
                if (t > at) {
                    at = t;
                    set(Js.number(d, "gid"), Js.number(d, "count"));
                }
            });
        }
    }

    void fetch() {
        if (asking) {
            return;
        }
        asking = true;
        w.sdk.unread(res -> {
            asking = false;
            for (JSObject c : Dom.array(Js.get(res, "conversations"))) {
                set(Js.number(c, "gid"), Js.number(c, "count"));
            }
        });
    }

    /** The "unread" push: shown here and told to the other tabs. */
    void onPush(JSObject e) {
        double g = Js.number(e, "gid");
        double n = Js.number(e, "count");
        at = Js.now();
        if (channel != null) {
            post(channel, g, n, at);
        }
        set(g, n);
    }

    private void set(double g, double n) {
        if (!(g > 0) || !(n >= 0) || w.destroyed) {
            return;
        }
        Conversation conv = w.conv;
        if (!conv.known()) {
            Js.setNumber(byGid, Dom.numStr(g), n);
            return;
        }
        if (g == conv.gid && server != (int) n) {
            server = (int) n;
            showTitle();
            w.requestUpdate();
        }
    }

    /** A one-to-one chat's gid became known: a count that came before it applies now. */
    void learned(double g) {
        double n = Js.number(byGid, Dom.numStr(g));
        if (n >= 0) {
            set(g, n);
        }
    }

    private int count() {
        return server >= 0 ? server : local;
    }

    void showTitle() {
        if (titleBadge) {
            titleBadge(count());
        }
    }

    void destroy() {
        if (channel != null) {
            closeChannel(channel);
        }
        if (titleBadge) {
            titleBadge(0);
        }
    }

    public String getLabel() {
        int n = count();
        return n > 0 && !w.open ? Strings.fill(w.strings.unreadLabel, String.valueOf(n), null) : w.strings.openChat;
    }

    public boolean isShown() {
        return count() > 0 && !w.open;
    }

    public String getText() {
        int n = count();
        return n > 99 ? "99+" : String.valueOf(n);
    }

    /** "(N) " before the page title; 0 removes it. */
    @JSBody(params = "n", script = "var _base = document.title.replace(/^\\(\\d+\\+?\\) /, '');"
            + " var _want = n > 0 ? '(' + (n > 99 ? '99+' : n) + ') ' + _base : _base;"
            + " if (document.title !== _want) document.title = _want;")
    static native void titleBadge(int n);
    @JSBody(params = { "name", "fn" }, script = "if (typeof BroadcastChannel !== 'function') return null;"
            + " try { var _ch = new BroadcastChannel(name); _ch.onmessage = function (_ev) { fn(_ev.data); }; return _ch; }"
            + " catch (_x) { return null; }")
    private static native JSObject channel(String name, Dom.Callback fn);
    @JSBody(params = { "ch", "g", "n", "at" }, script = "try { ch.postMessage({ gid: g, count: n, at: at }); } catch (_x) {}")
    private static native void post(JSObject ch, double g, double n, double at);
    @JSBody(params = "ch", script = "try { ch.close(); } catch (_x) {}")
    private static native void closeChannel(JSObject ch);
}
