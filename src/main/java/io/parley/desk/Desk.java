package io.parley.desk;

import io.parley.sdk.ChatClient;
import io.parley.sdk.Dom;
import io.parley.sdk.FrameRender;
import io.parley.sdk.Js;
import io.parley.widget.DeskChat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * One mounted desk: the list pane beside the chat pane. The chat pane holds the widget's own views
 * ({@link DeskChat}), one per recently opened conversation, kept alive so switching back is
 * instant with its rows, draft and scroll position; only the one on screen counts as open (read
 * marks). The engine's events go to every kept view and to the list.
 */
final class Desk extends FrameRender {
    /** One JS listener for all of this component's DOM events (each Java lambda handed to JS costs a class). */
    private final Dom.Events events = this::on;
    /** Views kept alive; the least recently opened one beyond this goes (its draft is kept). */
    static final int KEPT = 6;
    private static final int ROOT_KEY = 1;
    private static final int BACK = 2;

    final ChatClient sdk;
    final DeskStrings s;
    final ConversationList list;
    private final JSObject options;
    private final String cssUrl;
    private final String myPin;
    private final String myAppId;
    final HTMLElement root;
    private final HTMLElement views;
    private final HTMLElement placeholder;
    final HTMLElement chatBar;
    final ListView listView;
    final DeskAlerts alerts;
    final QuickReplies quick;
    /** Most recently opened last. */
    private final List<Kept> kept = new ArrayList<>();
    private final Map<String, String> drafts = new HashMap<>();
    double selected = Double.NaN;
    boolean destroyed;

    private static final class Kept {
        final double gid;
        final DeskChat chat;
        final HTMLElement wrap;

        Kept(double gid, DeskChat chat, HTMLElement wrap) {
            this.gid = gid;
            this.chat = chat;
            this.wrap = wrap;
        }
    }

    Desk(JSObject parent, JSObject options, JSObject cfg, ChatClient sdk, String cssUrl) {
        this.sdk = sdk;
        this.options = options;
        this.cssUrl = cssUrl;
        myPin = Js.string(cfg, "pin");
        myAppId = Js.string(cfg, "appId");
        s = new DeskStrings(Js.string(options, "locale"));
        list = new ConversationList(sdk, myPin, myAppId, Js.get(options, "roles"));
        root = Dom.add(parent, "div", "pd", null);
        Dom.attr(root, "lang", s.lang);
        Dom.attr(root, "dir", "rtl".equals(Js.string(options, "dir")) ? "rtl" : "ltr");
        HTMLElement listPane = Dom.add(root, "section", "pd-list", null);
        Dom.attr(listPane, "aria-label", s.conversations);
        HTMLElement chatPane = Dom.add(root, "section", "pd-chat", null);
        chatBar = Dom.add(chatPane, "div", "pd-bar", null);
        HTMLElement back = Dom.button(chatBar, "pd-back", null, s.back);
        Dom.add(back, "span", null, "\u2190").setAttribute("aria-hidden", "true");
        Dom.add(chatBar, "span", "pd-bar-gap", null); // (the view's own header names the conversation)
        views = Dom.add(chatPane, "div", "pd-views", null);
        placeholder = Dom.add(views, "div", "pd-pick", s.pick);
        listView = new ListView(this, listPane);
        alerts = new DeskAlerts(this, options, listView);
        quick = new QuickReplies(this, options);
        Dom.on(back, "click", events, BACK);
        Dom.on(root, "keydown", events, ROOT_KEY);
    }

    void start() {
        sdk.listen(this::event);
        loadMore();
    }

    /** The engine's events: every kept view hears them as the widget would, then the list and the alerts. */
    private void event(String type, JSObject e) {
        for (int i = 0; i < kept.size(); i++) {
            kept.get(i).chat.event(type, e);
        }
        if ("conversation_updated".equals(type)) {
            list.pushed(e);
            requestRender();
        } else if ("open".equals(type) && Js.isTrue(e, "reconnected")) {
            // pushes missed while away: the list afresh (its first page is asked behind auth the first time)
            list.reset(list.filter);
            loadMore();
        } else if ("message".equals(type)) {
            JSObject from = Js.get(e, "from");
            boolean mine = myPin != null && myPin.equals(Js.string(from, "pin")) && myAppId != null
                    && myAppId.equals(Js.string(from, "appId"));
            if (!mine) {
                alerts.arrived(e, Js.number(e, "gid") == onScreen());
            }
        }
    }

    private void on(int what, JSObject e) {
        if (what == BACK) {
            back();
        } else if (what == ROOT_KEY) {
            onKey(e);
        }
    }

    /** Desk-wide keys: Ctrl/Cmd+K or / for the filter, Alt+↓ or n for the next unread, Esc back to the list. */
    private void onKey(JSObject e) {
        String k = Dom.key(e);
        boolean typing = inTextField(e);
        if (("k".equals(k) || "K".equals(k)) && (ctrl(e)) || ("/".equals(k) && !typing && !Dom.modified(e))) {
            Dom.preventDefault(e);
            Dom.focus(listView.filterInput);
        } else if (("ArrowDown".equals(k) && altOnly(e)) || ("n".equals(k) && !typing && !Dom.modified(e))) {
            Dom.preventDefault(e);
            nextUnread();
        } else if ("Escape".equals(k) && !defaultPrevented(e)) {
            if (Dom.within(e, views) || Dom.within(e, chatBar)) {
                Dom.preventDefault(e);
                back();
            } else if (Dom.within(e, listView.filterInput)) {
                Dom.preventDefault(e);
                listView.focusActive();
            }
        }
    }

    /** Opens the next conversation with unread messages after the current one (wrapping around). */
    void nextUnread() {
        List<Entry> order = list.order;
        int at = -1;
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).gid == selected) {
                at = i;
            }
        }
        for (int j = 1; j <= order.size(); j++) {
            Entry e = order.get((at + j + order.size()) % order.size());
            if (e.unread > 0 && e.gid != selected) {
                open(e.gid, true);
                return;
            }
        }
    }

    /** Opens a conversation in the chat pane (from the list, a key, a notification or the host's select). */
    void open(double gid, boolean focus) {
        if (!(gid > 0) || destroyed) {
            return;
        }
        Kept k = find(gid);
        if (k == null) {
            k = create(gid);
        } else {
            kept.remove(k);
            kept.add(k);
        }
        for (Kept other : kept) {
            boolean on = other == k;
            Dom.toggle(other.wrap, "pd-off", !on);
            Dom.attr(other.wrap, "inert", on ? null : "");
            if (!on) {
                other.chat.show(false);
            }
        }
        selected = gid;
        listView.active = gid;
        Dom.hidden(placeholder, true);
        Dom.toggle(root, "pd-chatting", true);
        k.chat.show(true);
        quick.attach(k.chat);
        alerts.seen();
        render();
        if (focus) {
            k.chat.focusComposer();
        }
        while (kept.size() > KEPT) {
            Kept old = kept.remove(0);
            drafts.put(Dom.numStr(old.gid), old.chat.draft());
            old.chat.destroy();
            Dom.remove(old.wrap);
        }
    }

    private Kept create(double gid) {
        JSObject o = copy(options);
        Js.setNumber(o, "gid", gid);
        Entry entry = list.get(gid);
        if (entry != null) {
            Js.setString(o, "title", entry.name);
        }
        Js.setBoolean(o, "titleBadge", false);
        HTMLElement wrap = Dom.add(views, "div", "pd-view", null);
        DeskChat chat = new DeskChat(wrap, o, sdk, cssUrl, entry != null && entry.peerPin != null);
        sdk.listen(this::event); // the view took the engine's listener: the desk hands events on
        String draft = drafts.remove(Dom.numStr(gid));
        if (draft != null && !draft.isEmpty()) {
            chat.setDraft(draft);
        }
        Kept k = new Kept(gid, chat, wrap);
        kept.add(k);
        return k;
    }

    private Kept find(double gid) {
        for (Kept k : kept) {
            if (k.gid == gid) {
                return k;
            }
        }
        return null;
    }

    /** Esc or the back button: on a narrow desk the list screen again (the chat is then off screen). */
    void back() {
        Dom.toggle(root, "pd-chatting", false);
        Kept k = find(selected);
        if (k != null && narrow()) {
            k.chat.show(false);
        }
        listView.focusActive();
    }

    /** The conversation whose rows the reader can see now (NaN: none). */
    double onScreen() {
        if (selected != selected || (narrow() && !root.getClassList().contains("pd-chatting"))) {
            return Double.NaN;
        }
        return selected;
    }

    boolean narrow() {
        return width(root) < 600;
    }

    void filter(String f) {
        if (f.equals(list.filter)) {
            return;
        }
        list.reset(f);
        render();
        loadMore();
    }

    void loadMore() {
        if (!list.loading && !list.end) {
            list.loadMore(() -> {
                render();
                fillPage();
            });
            render();
        }
    }

    /** Pages until the list pane is full (few rows, or only the unread shown): there is no scroll to page by. */
    void fillPage() {
        if (ListView.nearEnd(listView.box)) {
            loadMore();
        }
    }

    void requestRender() {
        requestFrame();
    }

    @Override
    protected void frame() {
        if (!destroyed) {
            render();
        }
    }

    void render() {
        listView.render();
        alerts.render();
    }

    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        for (Kept k : kept) {
            k.chat.destroy();
        }
        kept.clear();
        alerts.destroy();
        sdk.close();
    }

    @JSBody(params = "o", script = "var _c = {}; for (var _k in o) { if (Object.prototype.hasOwnProperty.call(o, _k))"
            + " _c[_k] = o[_k]; } delete _c.toChat; delete _c.toAppId; return _c;")
    private static native JSObject copy(JSObject o);

    @JSBody(params = "e", script = "var _t = e.composedPath ? e.composedPath()[0] : e.target;"
            + " return !!_t && (_t.tagName === 'INPUT' || _t.tagName === 'TEXTAREA' || _t.isContentEditable === true);")
    private static native boolean inTextField(JSObject e);

    @JSBody(params = "e", script = "return (e.ctrlKey || e.metaKey) && !e.altKey;")
    private static native boolean ctrl(JSObject e);

    @JSBody(params = "e", script = "return e.altKey && !e.ctrlKey && !e.metaKey;")
    private static native boolean altOnly(JSObject e);

    @JSBody(params = "e", script = "return e.defaultPrevented;")
    private static native boolean defaultPrevented(JSObject e);

    @JSBody(params = "el", script = "return el.getBoundingClientRect().width;")
    private static native double width(HTMLElement el);
}
