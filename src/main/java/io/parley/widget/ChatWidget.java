package io.parley.widget;

import io.parley.sdk.ChatClient;
import io.parley.sdk.ConnState;
import io.parley.sdk.Dom;
import io.parley.sdk.FrameRender;
import io.parley.sdk.Js;
import org.teavm.flavour.templates.BindTemplate;
import org.teavm.flavour.templates.Component;
import org.teavm.flavour.templates.Templates;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * One mounted widget: the template's root. It wires the {@link ChatClient}'s events to the models
 * (timeline, history, receipts, unread badge, notices, composer) and views (scrolling, media,
 * message actions), opens and closes the panel, and renders once per frame: every data change
 * goes through {@link #requestUpdate()}, which keeps the reader's place ({@link ScrollView}).
 */
@BindTemplate("templates/widget/chat.html")
public class ChatWidget extends FrameRender implements EventListener<Event> {
    final Strings strings;
    final ChatClient sdk;
    private final boolean floating;
    private final String dir;
    private final String position;
    private final boolean mobile;
    final Conversation conv;
    final Header header;
    final Timeline timeline;
    final History history;
    final Receipts receipts;
    final UnreadBadge badge;
    final Notices notices;
    final Composer composer;
    final MessageActions actions;
    final MediaView media;
    final ScrollView scroll;
    final TouchMenu touchMenu;
    final Announcer announcer;

    boolean open;
    boolean destroyed;
    /** The host page is inert behind the modal phone panel. */
    private boolean pageInert;
    HTMLElement host;
    private HTMLElement launcher;
    private Component component;

    ChatWidget(JSObject options, boolean floating, ChatClient sdk) {
        this.floating = floating;
        this.sdk = sdk;
        JSObject cfg = Js.isPlainObject(Js.get(options, "chatConfig")) ? Js.get(options, "chatConfig") : options;
        mobile = "m".equals(Js.string(cfg, "clientType"));
        strings = Strings.forLocale(Js.string(options, "locale"));
        String d = Js.string(options, "dir");
        dir = "rtl".equals(d) ? "rtl" : "ltr";
        String p = Js.string(options, "position");
        position = p != null && p.contains("left") ? "left" : "right";
        open = !floating || Js.isTrue(options, "open");
        conv = new Conversation(this, options, cfg);
        header = new Header(this, options, conv);
        timeline = new Timeline(this);
        history = new History(this, options);
        receipts = new Receipts(this);
        badge = new UnreadBadge(this, options);
        notices = new Notices(this, options);
        composer = new Composer(this, options);
        actions = new MessageActions(this);
        media = new MediaView(this);
        scroll = new ScrollView(this);
        touchMenu = new TouchMenu(this);
        announcer = new Announcer(this);
    }

    // ---- lifecycle --------------------------------------------------------------------

    void start(HTMLElement root) {
        host = root;
        component = Templates.bind(this, root);
        sdk.listen((type, e) -> {
            try {
                event(type, e);
            } catch (RuntimeException ex) {
                // as with the host's handlers: a widget bug is logged and the SDK carries on
                Js.warn("widget handler failed: " + ex);
            }
        });
        badge.listen(conv.myPin, conv.myAppId);
        Window.current().getDocument().addEventListener("visibilitychange", this);
        scroll.start();
        Window.current().addEventListener("online", this);
        Window.current().addEventListener("offline", this);
        scroll.fitViewport();
    }

    /** The page's visibilitychange (receipts), online and offline (the banner): one listener, this widget. */
    @Override
    public void handleEvent(Event e) {
        if ("visibilitychange".equals(e.getType())) {
            receipts.onVisible();
        } else {
            requestUpdate();
        }
    }

    /** The engine's events (an if-chain: TeaVM turns a string switch into far larger code). */
    void event(String type, JSObject e) {
        if ("message".equals(type)) {
            timeline.receive(e);
        } else if ("state".equals(type)) {
            notices.onState(e);
        } else if ("reconnecting".equals(type)) {
            notices.onReconnecting(e);
        } else if ("open".equals(type)) {
            opened();
        } else if ("close".equals(type)) {
            notices.onClose(e);
        } else if ("error".equals(type)) {
            notices.onError(e);
        } else if ("chat_message_ack".equals(type)) {
            timeline.onAck(e);
        } else if ("send_failed".equals(type)) {
            timeline.onSendFailed(e);
        } else if ("outbox_restored".equals(type)) {
            timeline.onRestored(e);
        } else if ("resync".equals(type)) {
            double g = Js.number(e, "gid");
            if (g != g || g == conv.gid) {
                reloadNewest();
            }
        } else if ("recalled".equals(type)) {
            timeline.onRecalled(e);
        } else if ("read_receipt".equals(type)) {
            receipts.onPush(e);
        } else if ("unread".equals(type)) {
            badge.onPush(e);
        } else if ("typing".equals(type)) {
            notices.onTyping(e);
        }
    }

    /**
     * Just connected (the socket is still opening): the first page and the counts are asked for
     * now, so they are written right behind auth instead of a round trip after auth_ok.
     */
    void connecting() {
        if (sdk.state() == ConnState.CONNECTING) {
            badge.fetch();
            history.opened();
        } else if (sdk.state() == ConnState.IDLE) {
            notices.conn = "closed"; // a refused chatConfig (one console line): nothing connects, so no "Connecting…"
        }
    }

    /** Logged in (again): counts and read state afresh, then the first page (what was missed arrives as messages). */
    private void opened() {
        notices.opened();
        receipts.asked = false;
        badge.fetch();
        if (receipts.known) {
            receipts.fetch();
        }
        if (!conv.known() && !open && conv.peerPin != null) {
            // a closed one-to-one launcher: learn the conversation's gid for its unread badge
            sdk.history(null, -1, 1, res -> {
                conv.learnGid(Js.number(res, "gid"));
                requestUpdate();
            }, conv.configuredGid);
        }
        // what was missed while away arrives as "message" events: the SDK syncs its cursors
        history.opened();
        requestUpdate();
    }

    void destroy() {
        if (!destroyed) {
            detach();
            sdk.close();
        }
    }

    /** Tears the view down, the engine left open (the desk's views share one engine). */
    void detach() {
        destroyed = true;
        syncModal();
        notices.destroy();
        scroll.destroy();
        Window.current().removeEventListener("online", this);
        Window.current().removeEventListener("offline", this);
        Window.current().getDocument().removeEventListener("visibilitychange", this);
        receipts.destroy();
        actions.destroy();
        touchMenu.close(false);
        badge.destroy();
        if (component != null) {
            component.destroy();
        }
    }

    /** The one-to-one chat's gid became known (from an answer or the peer's first packet). */
    void gidLearned(double g) {
        badge.learned(g);
        receipts.fetch();
        receipts.onVisible();
    }

    /** After "resync" (too much was missed): the newest page again; unsent bubbles stay. */
    private void reloadNewest() {
        if (destroyed) {
            return;
        }
        timeline.keepUnsent();
        history.reset();
        scroll.newCount = 0;
        receipts.asked = false;
        scroll.forceBottom = true;
        if (open && sdk.state() == ConnState.OPEN) {
            history.loadOlder();
        } else {
            render();
        }
    }

    // ---- panel ------------------------------------------------------------------------

    public void toggle() {
        if (open) {
            closePanel(true);
        } else {
            openPanel();
        }
    }

    void openPanel() {
        if (open || destroyed) {
            return;
        }
        open = true;
        badge.local = 0;
        badge.showTitle();
        receipts.onVisible();
        scroll.forceBottom = true;
        render();
        scroll.fitViewport();
        if (!history.requested && sdk.state() == ConnState.OPEN) {
            history.loadOlder();
        }
        Dom.focus(composer.input);
    }

    void closePanel(boolean focusLauncher) {
        if (!floating || !open) {
            return;
        }
        open = false;
        Templates.update();
        syncModal();
        if (focusLauncher) {
            Dom.focus(launcher);
        }
    }

    public void onRootKey(KeyboardEvent e) {
        if ("Escape".equals(Dom.key(e)) && floating && open) {
            Dom.preventDefault(e);
            closePanel(true);
            return;
        }
        KeyNav.onKey(scroll.panel, scroll.list, e, isModal());
    }

    /** The floating panel on a phone covers the page: a modal dialog (focus kept inside, the page behind inert for AT). */
    boolean isModal() {
        return floating && open && KeyNav.phone();
    }

    private void syncModal() {
        boolean m = isModal() && !destroyed;
        if (m != pageInert && host != null) {
            pageInert = m;
            KeyNav.pageInert(host, m);
            // only while modal: aria-modal="false" is not allowed on the inline panel's region
            if (m) {
                Dom.attr(scroll.panel, "aria-modal", "true");
            } else if (scroll.panel != null) {
                scroll.panel.removeAttribute("aria-modal");
            }
        }
    }

    public String getPanelRole() {
        return floating ? "dialog" : "region";
    }


    public void bindLauncher(HTMLElement el) {
        launcher = el;
    }

    // ---- rendering --------------------------------------------------------------------

    /** Any change (rows, unread, typing, banner, toast): rendered in the next frame, never once per packet. */
    void requestUpdate() {
        requestFrame();
    }

    @Override
    protected void frame() {
        if (!destroyed) {
            render();
        }
    }

    /** Applies pending data to the DOM now, keeping the reader's place. */
    void render() {
        double t0 = Dom.perfNow();
        scroll.beforeFrame();
        timeline.drain(scroll.drainLimit());
        timeline.markDays();
        if (receipts.dirty) {
            receipts.update();
        }
        announcer.flush();
        actions.armRecallTimer();
        if (!open && badge.server < 0) {
            badge.showTitle();
        }
        Templates.update();
        syncModal();
        if (timeline.waiting()) {
            requestUpdate(); // the rest of a burst, next frame
        }
        scroll.afterFrame(t0);
    }

    // ---- template model ---------------------------------------------------------------

    public Strings getStrings() {
        return strings;
    }

    public String getDir() {
        return dir;
    }

    public String getLang() {
        return strings.lang;
    }

    public String getRootClass() {
        return "pw" + (floating ? " pw-floating" : " pw-inline") + (open ? " pw-open" : " pw-closed")
                + (position.equals("left") ? " pw-pos-left" : "") + (mobile ? " pw-mobile" : "");
    }

    public boolean isFloating() {
        return floating;
    }

    public String getExpanded() {
        return open ? "true" : "false";
    }

    public Header getHeader() {
        return header;
    }

    public History getHistory() {
        return history;
    }

    public UnreadBadge getBadge() {
        return badge;
    }

    public Notices getNotices() {
        return notices;
    }

    public Composer getComposer() {
        return composer;
    }

    public MediaView getMedia() {
        return media;
    }

    public ScrollView getScroll() {
        return scroll;
    }

    public Announcer getAnnouncer() {
        return announcer;
    }
}
