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
        Dom.listen(el, "input", e -> {
            String v = Dom.value(el);
            draftLength = v.length();
            draftVisible = Js.hasVisibleText(v);
            if (draftVisible && w.conv.known()) {
                w.sdk.sendTyping(Dom.jsNumber(w.conv.gid)); // the SDK sends at most one every 2 s
            }
            Dom.autoGrow(el);
            Templates.update(); // user input: the send button follows at once (a click may come next)
        });
        Dom.listen(el, "compositionstart", e -> composing = true);
        Dom.listen(el, "compositionend", e -> composing = false);
        Dom.listen(el, "focus", e -> w.scroll.fitViewport());
        Dom.listen(el, "paste", e -> w.media.dropped(e));
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
        if (input == null) {
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
        Js.set(raw, "content", Dom.js(text));
        timeline.setContent(m, raw);
        timeline.add(m);
        String cmid = w.sdk.sendTextMsg(Dom.js(text), Dom.fn(pack -> timeline.sendResult(m, pack)), w.conv.gidArg());
        timeline.track(m, cmid);
        w.render();
        Dom.focus(input);
    }

    // ---- template model ---------------------------------------------------------------

    public boolean isCanSend() {
        return draftVisible && draftLength <= maxLength();
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
