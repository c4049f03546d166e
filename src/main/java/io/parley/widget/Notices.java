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
    /** The SDK's state as shown; ChatWidget sets "closed" when the config was refused and nothing connects. */
    String conn = "connecting";
    /** Set once the server refused us for good: "expired" (a token problem) or "denied" (this origin). */
    private String fatal;
    private double retryAt;
    private int ticker = -1;
    private static final int TICK = 0, TYPING_ENDS = 1, TOAST_ENDS = 2;
    private final Dom.Events events = this::on;
    private String typingKey;
    private String typingText = "";
    private int typingTimer = -1;
    private String toastText = "";
    private int toastTimer = -1;

    /** The host's own text for "expired" (option signInText), or null for ours. */
    private final String signInText;
    /** The host's onError(err) option: told when the chat ends for a token or origin problem. */
    private final JSObject onError;

    Notices(ChatWidget w, JSObject options) {
        this.w = w;
        signInText = Js.string(options, "signInText");
        onError = Js.get(options, "onError");
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
            ticker = Dom.every(1000, events, TICK);
        }
        w.requestUpdate();
    }

    void opened() {
        conn = "open";
        stopTicker();
    }

    /**
     * An error no request asked for. A token problem or a refused origin ends the chat for good (the
     * SDK stops too): say so, and tell the host through its onError option.
     */
    void onError(JSObject e) {
        String id = Js.string(e, "error");
        if ("bad_token".equals(id) || "token_expired".equals(id) || "revoked".equals(id)
                || "identity_mismatch".equals(id) || "token_provider_failed".equals(id)) {
            fatal = "expired";
        } else if ("origin_not_allowed".equals(id)) {
            fatal = "denied";
        } else {
            return;
        }
        stopTicker();
        if (Js.isFunction(onError)) {
            Js.call(onError, e);
        }
        w.requestUpdate();
    }

    /** Refused for good (expired or denied): nothing will retry. */
    boolean ended() {
        return fatal != null;
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
        typingTimer = Dom.later(ttl > 0 && ttl < 30_000 ? (int) ttl : (int) w.sdk.limits().typingTtlMs,
                events, TYPING_ENDS);
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
        toastTimer = Dom.later(ms, events, TOAST_ENDS);
        w.requestUpdate();
    }

    /** The three timers through one functor (one class in the bundle, not one per lambda). */
    private void on(int what, JSObject e) {
        if (what == TYPING_ENDS) {
            stopTyping();
            return;
        }
        if (what == TOAST_ENDS) {
            toastTimer = -1;
            toastText = "";
        }
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

    /** The banner's announced part: it changes only when the state does. */
    public String getBannerText() {
        Strings s = w.strings;
        String state = getConn();
        if ("expired".equals(state)) {
            return signInText != null ? signInText : s.signIn;
        }
        if ("denied".equals(state)) {
            return s.notAllowed;
        }
        if ("offline".equals(state)) {
            return s.offline;
        }
        if ("closed".equals(state)) {
            return s.closed;
        }
        if ("reconnecting".equals(state)) {
            return s.lost;
        }
        return "open".equals(state) ? "" : s.connecting;
    }

    /** While reconnecting: the countdown to the next attempt, ticking once a second (not announced). */
    public String getCountdown() {
        if (!"reconnecting".equals(getConn())) {
            return "";
        }
        double left = retryAt - Js.now();
        return left > 500 ? Strings.fill(w.strings.retryIn, String.valueOf((int) Math.ceil(left / 1000)),
                Dom.clockSeconds(retryAt)) : w.strings.reconnectingNow;
    }

    public boolean isBanner() {
        return !getBannerText().isEmpty();
    }

    public String getBannerClass() {
        String t = getConn();
        return "pw-banner pw-banner-" + ("offline".equals(t) || "expired".equals(t) || "denied".equals(t) ? "closed" : t);
    }

    /**
     * For host styling and tests: connecting | open | reconnecting | offline (the browser is) | closed,
     * or expired (sign in again) | denied (this origin is not allowed), which stay.
     */
    public String getConn() {
        if (fatal != null) {
            return fatal;
        }
        return Dom.browserOffline() || "offline".equals(conn) ? "offline" : conn;
    }
}
