package io.parley.widget;

import io.parley.sdk.ChatClient;
import io.parley.sdk.ConnState;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * One conversation on the desk (parley-desk.js): the widget's own view and models ({@link ChatWidget})
 * mounted inline in a shadow root of its own (the template's ids stay unique), on the desk's shared
 * engine. parley-widget.js never reaches this class, so the patient's bundle does not carry it.
 */
public final class DeskChat {
    private final ChatWidget w;
    private final HTMLElement host;

    /**
     * {@code options}: the widget's, with this conversation's {@code gid} and {@code title}; {@code direct}: a 1:1
     * (opened by gid like a group, but its receipts say "Read" and its typing line "typing…", not a name and count).
     */
    public DeskChat(HTMLElement parent, JSObject options, ChatClient sdk, String cssUrl, boolean direct) {
        host = Dom.create("parley-chat");
        ParleyWidget.hostStyles(host, false, options);
        parent.appendChild(host);
        JSObject shadow = Dom.attachShadow(host);
        if (cssUrl != null) {
            Dom.force(host, "visibility", "hidden"); // until styled, as the widget
            ParleyWidget.linkStylesheet(shadow, cssUrl, host);
        }
        HTMLElement root = Dom.create("div");
        root.setClassName("pw-host");
        Dom.append(shadow, root);
        w = new ChatWidget(options, false, sdk);
        w.conv.group = !direct;
        w.start(root); // (takes the engine's listener: the desk takes it back and hands events on)
        JSObject state = Js.object(); // the engine may be open for long: the view starts from where it is
        Js.setString(state, "state", sdk.state().wire);
        w.event("state", state);
        if (sdk.state() == ConnState.OPEN) {
            w.badge.fetch();
            w.history.opened();
        } else {
            w.connecting();
        }
    }

    /** parley-widget.css beside the running script: the chat views' stylesheet. */
    public static String widgetCssUrl() {
        return ParleyWidget.defaultCssUrl();
    }

    /** The host box rules of the widget (page CSS cannot hide or move it). */
    public static void hostBox(HTMLElement host, JSObject options) {
        ParleyWidget.hostStyles(host, false, options);
    }

    public static void linkCss(JSObject shadow, String url, HTMLElement host) {
        ParleyWidget.linkStylesheet(shadow, url, host);
    }

    /** The widget's tab-title badge: "(N) " before the page's own title; 0 removes it. */
    public static void titleBadge(int n) {
        UnreadBadge.titleBadge(n);
    }

    public static void registerRenderer(JSObject type, JSObject fn) {
        Renderers.register(type, fn);
    }

    /** One engine event, as the widget's own listener gets it; a view bug never stops the others. */
    public void event(String type, JSObject e) {
        try {
            w.event(type, e);
        } catch (RuntimeException ex) {
            Js.warn("desk view failed: " + ex);
        }
    }

    /**
     * On screen or not. Only the view on screen counts as open, so only its visible rows move the
     * read cursor; a hidden one keeps its rows, draft and scroll position.
     */
    public void show(boolean on) {
        if (w.open == on || w.destroyed) {
            return;
        }
        w.open = on;
        if (on) {
            w.history.opened();
            w.receipts.onVisible();
            w.requestUpdate();
        }
    }

    public void focusComposer() {
        Dom.focus(w.composer.input);
    }

    /** The composer's textarea (the desk's quick replies read and write it). */
    public HTMLElement input() {
        return w.composer.input;
    }

    public String draft() {
        return w.composer.input == null ? "" : Dom.value(w.composer.input);
    }

    /** Puts text in the composer as if typed (counter, send button and height follow). */
    public void setDraft(String text) {
        if (w.composer.input != null) {
            Dom.setValue(w.composer.input, text);
            fireInput(w.composer.input);
        }
    }

    public void destroy() {
        w.detach();
        Dom.remove(host);
    }

    @JSBody(params = "el", script = "el.dispatchEvent(new Event('input'));")
    private static native void fireInput(HTMLElement el);
}
