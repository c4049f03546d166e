package io.parley.desk;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import io.parley.widget.DeskChat;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * What tells a busy professional that a message came: "(N) " in the tab title and a desktop
 * notification while the tab is hidden, and a short tone (which can be turned off) when the
 * message is not on screen. The browser asks for notification permission only from the button's
 * click (a user gesture), never by itself.
 */
final class DeskAlerts {
    /** One JS listener for all of this component's DOM events (each Java lambda handed to JS costs a class). */
    private final Dom.Events events = this::on;
    private static final int NOTIFY = 1;
    private static final int SOUND = 2;
    private static final int VISIBLE = 3;
    private static final int GESTURE = 4;

    private final Desk d;
    private final HTMLElement notifyButton;
    private final HTMLElement soundButton;
    private final JSObject visListener;
    private final JSObject gestureListener;
    boolean sound;
    /** Messages that came while the tab was hidden: the title badge. */
    int hiddenCount;
    private JSObject audio;

    DeskAlerts(Desk d, JSObject options, ListView list) {
        this.d = d;
        HTMLElement tools = (HTMLElement) list.filterInput.getParentNode();
        notifyButton = Dom.button(tools, "pd-icon pd-notify", null, d.s.notify);
        Dom.attr(notifyButton, "title", d.s.notify);
        soundButton = Dom.button(tools, "pd-icon pd-sound", null, d.s.sound);
        Dom.attr(soundButton, "title", d.s.sound);
        sound = soundOption(options);
        Dom.on(notifyButton, "click", events, NOTIFY);
        Dom.on(soundButton, "click", events, SOUND);
        visListener = Dom.on(Dom.document(), "visibilitychange", events, VISIBLE);
        gestureListener = Dom.on(d.root, "pointerdown", events, GESTURE);
        Dom.on(d.root, "keydown", events, GESTURE);
    }

    private void on(int what, JSObject e) {
        if (what == NOTIFY) {
            requestPermission(Dom.fn(x -> render()));
        } else if (what == SOUND) {
            sound = !sound;
            render();
        } else if (what == VISIBLE) {
            if (!Dom.pageHidden()) {
                seen();
            }
        } else if (what == GESTURE && audio == null && sound) {
            audio = audioContext(); // browsers let audio start only after a gesture
        }
    }

    /** A message from someone else; {@code onScreen}: its conversation is the one shown. */
    void arrived(JSObject msg, boolean onScreen) {
        boolean hidden = Dom.pageHidden();
        if (hidden) {
            hiddenCount++;
            DeskChat.titleBadge(hiddenCount);
            JSObject from = Js.get(msg, "from");
            String who = Js.string(from, "nickName");
            if (who == null || who.isEmpty()) {
                who = Js.string(from, "pin");
            }
            String text = "text".equals(Js.string(msg, "type")) ? Js.string(msg, "content") : d.s.newMessage;
            double gid = Js.number(msg, "gid");
            notify(who != null ? who : d.s.newMessage, text != null ? text : "", "parley-" + Dom.numStr(gid),
                    () -> d.open(gid, true));
        }
        if (sound && (hidden || !onScreen)) {
            beep(audio);
        }
    }

    /** The tab is seen again: the title badge goes. */
    void seen() {
        if (hiddenCount > 0 && !Dom.pageHidden()) {
            hiddenCount = 0;
            DeskChat.titleBadge(0);
        }
    }

    void render() {
        Dom.attr(soundButton, "aria-pressed", sound ? "true" : "false");
        String p = permission();
        Dom.hidden(notifyButton, !"default".equals(p));
    }

    void destroy() {
        Dom.unlisten(Dom.document(), "visibilitychange", visListener);
        Dom.unlisten(d.root, "pointerdown", gestureListener);
        DeskChat.titleBadge(0);
    }

    /** The host's {@code sound} option: on unless false. */
    @JSBody(params = "o", script = "return o.sound !== false;")
    private static native boolean soundOption(JSObject o);

    /** "granted", "denied", "default", or "none" where there are no notifications. */
    @JSBody(script = "return typeof Notification === 'function' ? String(Notification.permission) : 'none';")
    private static native String permission();

    @JSBody(params = "done", script = "try { var _p = Notification.requestPermission(function () { done(null); });"
            + " if (_p && _p.then) _p.then(function () { done(null); }); } catch (_x) {}")
    private static native void requestPermission(JSObject done);

    @JSBody(params = { "title", "body", "tag", "click" }, script = "if (typeof Notification !== 'function'"
            + " || Notification.permission !== 'granted') return; try { var _n = new Notification(title, { body: body, tag: tag });"
            + " _n.onclick = function () { try { window.focus(); } catch (_x) {} click(); _n.close(); }; } catch (_y) {}")
    private static native void notify(String title, String body, String tag, Dom.Action click);

    @JSBody(script = "var _C = window.AudioContext || window.webkitAudioContext; try { return _C ? new _C() : null; }"
            + " catch (_x) { return null; }")
    private static native JSObject audioContext();

    /** A soft 120 ms tone (no audio file to fetch). */
    @JSBody(params = "ac", script = "if (!ac) return; try { var _o = ac.createOscillator(), _g = ac.createGain();"
            + " _o.frequency.value = 880; _g.gain.value = 0.06; _o.connect(_g); _g.connect(ac.destination);"
            + " _o.start(); _o.stop(ac.currentTime + 0.12); } catch (_x) {}")
    private static native void beep(JSObject ac);
}
