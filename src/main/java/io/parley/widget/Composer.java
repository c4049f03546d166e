package io.parley.widget;

import io.parley.protocol.MessageType;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.flavour.templates.Templates;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The composer: the draft and its character counter, Enter to send (never while an IME
 * composes, Shift+Enter for a newline), typing notices, and pasted images.
 */
public final class Composer {
    private final ChatWidget w;
    /** The host's maxLength option; the server's limit caps it (see {@link #maxLength()}). */
    private final int maxOption;
    HTMLElement input;
    private int draftLength;
    private boolean draftVisible;
    private boolean composing;
    private static final int INPUT = 0, COMPOSE_START = 1, COMPOSE_END = 2, FOCUS = 3, PASTE = 4;
    private final Dom.Events events = this::on;

    Composer(ChatWidget w, JSObject options) {
        this.w = w;
        double max = Js.number(options, "maxLength");
        maxOption = max >= 1 ? (int) Math.min(max, Integer.MAX_VALUE) : Integer.MAX_VALUE;
    }

    int maxLength() {
        return Math.min(maxOption, w.sdk.limits().maxTextChars);
    }

    public void bindInput(HTMLElement el) {
        if (input == el) {
            return;
        }
        input = el;
        Dom.on(el, "input", events, INPUT);
        Dom.on(el, "compositionstart", events, COMPOSE_START);
        Dom.on(el, "compositionend", events, COMPOSE_END);
        Dom.on(el, "focus", events, FOCUS);
        Dom.on(el, "paste", events, PASTE);
    }

    /** The input's events, told apart by what (one listener class instead of one lambda per event). */
    private void on(int what, JSObject e) {
        if (what == INPUT) {
            String v = Dom.value(input);
            draftLength = v.length();
            draftVisible = Js.hasVisibleText(v);
            if (draftVisible && w.conv.known()) {
                w.sdk.sendTyping(w.conv.gid); // the SDK sends at most one every 2 s
            }
            Dom.autoGrow(input);
            Templates.update(); // user input: the send button follows at once (a click may come next)
        } else if (what == FOCUS) {
            w.scroll.fitViewport();
        } else if (what == PASTE) {
            w.media.dropped(e);
        } else {
            composing = what == COMPOSE_START;
        }
    }

    public void onKey(KeyboardEvent e) {
        if (!"Enter".equals(Dom.key(e))) {
            return;
        }
        if (composing || Dom.composing(e)) {
            return; // the IME commits its text with this Enter
        }
        if (Dom.modified(e)) {
            return; // Shift+Enter: a newline
        }
        Dom.preventDefault(e);
        send();
    }

    public void send() {
        if (input == null || !isOpen()) {
            return;
        }
        String text = Dom.value(input);
        if (!Js.hasVisibleText(text) || text.length() > maxLength()) {
            return;
        }
        Dom.setValue(input, "");
        draftLength = 0;
        draftVisible = false;
        Dom.autoGrow(input);
        Timeline timeline = w.timeline;
        Msg m = w.conv.own(MessageType.TEXT);
        m.status = Msg.SENDING;
        JSObject raw = Js.object();
        Js.setString(raw, "content", text);
        timeline.setContent(m, raw);
        timeline.add(m);
        String cmid = w.sdk.sendText(text, timeline.sent(m), w.conv.configuredGid);
        timeline.track(m, cmid);
        w.render();
        Dom.focus(input);
    }

    // ---- template model ---------------------------------------------------------------

    public boolean isCanSend() {
        return draftVisible && draftLength <= maxLength() && isOpen();
    }

    /** False once the server refused us for good (sign in again, origin not allowed): nothing could be sent. */
    public boolean isOpen() {
        return !w.notices.ended();
    }

    public String getCounterText() {
        return draftLength + "/" + maxLength();
    }

    public String getCounterLabel() {
        return Strings.fill(w.strings.counterLabel, String.valueOf(draftLength), String.valueOf(maxLength()));
    }

    public String getCounterClass() {
        int max = maxLength();
        return draftLength >= max ? "pw-counter pw-counter-full"
                : draftLength * 10 >= max * 9 ? "pw-counter pw-counter-warn" : "pw-counter";
    }

    public String getMaxLengthAttr() {
        return String.valueOf(maxLength());
    }
}
