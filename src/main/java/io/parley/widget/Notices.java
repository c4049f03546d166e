package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSObject;

/**
 * The transient lines around the list: the connection banner (with its retry countdown), who
 * is typing, and short toasts ("Copied", "Couldn't recall: …").
 */
public final class Notices {
    private final ChatWidget w;
    private String conn = "connecting";
    private double retryAt;
    private int ticker = -1;
    private String typingKey;
    private String typingText = "";
    private int typingTimer = -1;
    private String toastText = "";
    private int toastTimer = -1;

    Notices(ChatWidget w) {
        this.w = w;
    }

    // ---- connection -------------------------------------------------------------------

    void onState(JSObject e) {
        conn = Js.string(e, "state");
        if ("open".equals(conn)) {
            stopTicker();
        }
        w.requestUpdate();
    }

    /** The countdown to the next attempt ticks once a second. */
    void onReconnecting(JSObject e) {
        retryAt = Js.number(e, "at");
        if (ticker < 0) {
            ticker = Dom.setInterval(1000, () -> w.requestUpdate());
        }
        w.requestUpdate();
    }

    void opened() {
        conn = "open";
        stopTicker();
    }

    void onClose(JSObject e) {
        if (!Js.isTrue(e, "willReconnect")) {
            conn = "closed";
        }
        w.requestUpdate();
    }

    private void stopTicker() {
        if (ticker >= 0) {
            Dom.clearTimer(ticker);
            ticker = -1;
        }
    }

    // ---- typing -----------------------------------------------------------------------

    void onTyping(JSObject e) {
        JSObject from = Js.get(e, "from");
        Conversation conv = w.conv;
        if (!conv.mine(Js.number(e, "gid"), from) || conv.isSelf(from)) {
            return;
        }
        typingKey = Conversation.key(from);
        Msg who = new Msg(w);
        who.pin = Js.string(from, "pin");
        who.appId = Js.string(from, "appId");
        conv.applyRole(who, Js.string(from, "nickName"));
        w.header.saw(who);
        Strings s = w.strings;
        typingText = Strings.fill(conv.group ? s.namedTyping : s.peerTyping, who.name, null);
        double ttl = Js.number(e, "ttlMs");
        Dom.clearTimer(typingTimer);
        typingTimer = Dom.setTimeout(ttl > 0 && ttl < 30_000 ? (int) ttl : (int) w.sdk.limits().typingTtlMs,
                () -> stopTyping());
        w.requestUpdate();
    }

    /** A message from whoever was typing ends their typing line. */
    void typedBy(String who) {
        if (who.equals(typingKey)) {
            stopTyping();
        }
    }

    private void stopTyping() {
        Dom.clearTimer(typingTimer);
        typingTimer = -1;
        typingKey = null;
        typingText = "";
        w.requestUpdate();
    }

    // ---- toast ------------------------------------------------------------------------

    void toast(String text, int ms) {
        toastText = text;
        Dom.clearTimer(toastTimer);
        toastTimer = Dom.setTimeout(ms, () -> {
            toastTimer = -1;
            toastText = "";
            w.requestUpdate();
        });
        w.requestUpdate();
    }

    void destroy() {
        stopTicker();
        Dom.clearTimer(typingTimer);
        Dom.clearTimer(toastTimer);
    }

    // ---- template model ---------------------------------------------------------------

    public String getTypingText() {
        return typingText;
    }

    public String getTypingClass() {
        return typingText.isEmpty() ? "pw-typing" : "pw-typing pw-on";
    }

    public String getToastText() {
        return toastText;
    }

    public String getToastClass() {
        return toastText.isEmpty() ? "pw-toast" : "pw-toast pw-on";
    }

    public String getBannerText() {
        Strings s = w.strings;
        if (Dom.browserOffline() || "closed".equals(conn) || "offline".equals(conn)) {
            return s.offline;
        }
        if ("reconnecting".equals(conn)) {
            double left = retryAt - Js.now();
            if (left > 500) {
                int secs = (int) Math.ceil(left / 1000);
                return Strings.fill(s.retryIn, String.valueOf(secs), Dom.clockSeconds(retryAt));
            }
            return s.reconnectingNow;
        }
        if ("open".equals(conn)) {
            return "";
        }
        return s.connecting;
    }

    public boolean isBanner() {
        return !getBannerText().isEmpty();
    }

    public String getBannerClass() {
        String t = Dom.browserOffline() || "offline".equals(conn) ? "closed" : conn;
        return "pw-banner pw-banner-" + t;
    }

    /** connecting | open | reconnecting | closed, for host styling and tests. */
    public String getConn() {
        return conn;
    }
}
