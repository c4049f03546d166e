package io.parley.widget;

import io.parley.protocol.Limits;
import io.parley.protocol.MessageType;
import io.parley.sdk.ParleySDK;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.flavour.templates.BindTemplate;
import org.teavm.flavour.templates.Component;
import org.teavm.flavour.templates.Templates;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * One mounted widget: the template's model and the controller over {@link ParleySDK}.
 * Data changes go through {@link #render()}, which keeps the reader's scroll position:
 * pinned to the bottom when they were there, otherwise the first visible message stays put.
 */
@BindTemplate("templates/widget/chat.html")
public class ChatWidget {
    private static final double STICK_PX = 40;
    private static final double LOAD_OLDER_PX = 80;
    /** Messages rendered per frame during a burst: keeps each frame short. */
    private static final int DRAIN_PER_FRAME = 40;

    final Strings strings;
    final ParleySDK sdk;
    private final boolean floating;
    private final JSObject options;
    private final JSObject roles;
    private final String myPin;
    private final String myAppId;
    private final String peerPin;
    private final String peerAppId;
    private final String dir;
    private final String position;
    private final boolean mobile;
    final int maxLength;
    private final int pageSize;
    /** The conversation: from options (a group), or learned from the first answer (one-to-one). */
    private double gid;
    /** The gid the host configured; one-to-one chats are addressed by toChat/toAppId instead. */
    private final double configuredGid;

    private final List<Msg> items = new ArrayList<>();
    private final List<JSObject> inbox = new ArrayList<>();
    private final Map<String, Msg> byMid = new HashMap<>();
    private final Map<String, Msg> byCmid = new HashMap<>();

    private boolean open;
    private int unread;
    private int newCount;
    private boolean stuck = true;
    private boolean forceBottom;
    private boolean renderScheduled;

    private String connState = "connecting";
    private double retryAt;
    private int ticker = -1;

    private boolean historyRequested;
    private boolean firstPageLoaded;
    private boolean historyLoading;
    private boolean historyError;
    private boolean hasMore = true;
    private double oldestMid = Double.NaN;

    private int draftLength;
    private boolean draftVisible;
    private boolean composing;

    private HTMLElement list;
    private HTMLElement input;
    private HTMLElement launcher;
    private HTMLElement panel;
    private Component component;
    private JSObject viewport;
    private JSObject vvListener;
    private JSObject onlineListener;
    private boolean destroyed;

    ChatWidget(JSObject options, boolean floating, ParleySDK sdk) {
        this.options = options;
        this.floating = floating;
        this.sdk = sdk;
        JSObject cfg = Dom.isObject(Dom.get(options, "chatConfig")) ? Dom.get(options, "chatConfig") : options;
        myPin = Dom.str(cfg, "pin");
        myAppId = Dom.str(cfg, "appId");
        peerPin = Dom.str(cfg, "toChat");
        peerAppId = Dom.str(cfg, "toAppId");
        mobile = "m".equals(Dom.str(cfg, "clientType"));
        strings = Strings.forLocale(Dom.str(options, "locale"));
        roles = Dom.isObject(Dom.get(options, "roles")) ? Dom.get(options, "roles") : null;
        String d = Dom.str(options, "dir");
        dir = "rtl".equals(d) ? "rtl" : "ltr";
        String p = Dom.str(options, "position");
        position = p != null && p.contains("left") ? "left" : "right";
        double max = Dom.num(options, "maxLength");
        maxLength = max >= 1 && max <= Limits.MAX_TEXT_CHARS ? (int) max : Limits.MAX_TEXT_CHARS;
        double page = Dom.num(options, "pageSize");
        pageSize = page >= 1 && page <= Limits.MAX_HISTORY_COUNT ? (int) page : 20;
        double g = Dom.num(options, "gid");
        gid = g > 0 ? g : Double.NaN;
        configuredGid = gid;
        open = !floating || Dom.isTrue(options, "open");
    }

    // ---- lifecycle --------------------------------------------------------------------

    void start(HTMLElement root) {
        component = Templates.bind(this, root);
        on("state", e -> {
            connState = Dom.str(e, "state");
            if ("open".equals(connState)) {
                stopTicker();
            }
            Templates.update();
        });
        on("reconnecting", e -> {
            retryAt = Dom.num(e, "at");
            startTicker();
            Templates.update();
        });
        on("open", e -> {
            connState = "open";
            stopTicker();
            if (open && !historyRequested) {
                loadOlder();
            } else if (Dom.isTrue(e, "reconnected") && firstPageLoaded) {
                catchUp();
            } else if (historyError && !firstPageLoaded && open) {
                loadOlder();
            }
            Templates.update();
        });
        on("close", e -> {
            if (!Dom.isTrue(e, "willReconnect")) {
                connState = "closed";
            }
            Templates.update();
        });
        on("message", e -> receive(e));
        on("chat_message_ack", e -> {
            JSObject m = Dom.get(e, "message");
            String cmid = Dom.str(e, "clientMsgId");
            Msg mine = cmid != null ? byCmid.get(cmid) : null;
            if (mine != null) {
                // also covers messages restored from the SDK's durable outbox, which have no callback here
                if (mine.status != Msg.SENT) {
                    sendResult(mine, e);
                }
            } else if (Dom.isObject(m)) {
                // messages the host sent itself through handle.sdk (e.g. an order card) appear too
                receive(m);
            }
        });
        on("send_failed", e -> {
            String cmid = Dom.str(e, "clientMsgId");
            Msg mine = cmid != null ? byCmid.get(cmid) : null;
            if (mine != null && mine.status == Msg.SENDING) {
                mine.status = Msg.FAILED;
                mine.updateClass();
                scheduleRender();
            }
        });
        // after a reload: messages still in the SDK's durable outbox show as sending (or failed)
        on("outbox_restored", list -> {
            for (JSObject p : Dom.array(list)) {
                restorePending(p);
            }
            forceBottom = true;
            scheduleRender();
        });
        viewport = Dom.visualViewport();
        if (viewport != null) {
            vvListener = Dom.fn(e -> fitViewport());
            Dom.listenFn(viewport, "resize", vvListener);
            Dom.listenFn(viewport, "scroll", vvListener);
        }
        onlineListener = Dom.fn(e -> Templates.update());
        Dom.listenFn(Dom.window(), "online", onlineListener);
        Dom.listenFn(Dom.window(), "offline", onlineListener);
        fitViewport();
    }

    private void on(String event, Dom.Callback fn) {
        sdk.on(Dom.js(event), Dom.fn(fn));
    }

    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        stopTicker();
        sdk.close();
        if (viewport != null) {
            Dom.unlisten(viewport, "resize", vvListener);
            Dom.unlisten(viewport, "scroll", vvListener);
        }
        Dom.unlisten(Dom.window(), "online", onlineListener);
        Dom.unlisten(Dom.window(), "offline", onlineListener);
        if (component != null) {
            component.destroy();
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
        unread = 0;
        forceBottom = true;
        render();
        fitViewport();
        if (!historyRequested && "open".equals(sdk.getState())) {
            loadOlder();
        }
        Dom.focus(input);
    }

    void closePanel(boolean focusLauncher) {
        if (!floating || !open) {
            return;
        }
        open = false;
        Templates.update();
        if (focusLauncher) {
            Dom.focus(launcher);
        }
    }

    public void onRootKey(KeyboardEvent e) {
        if ("Escape".equals(Dom.key(e)) && floating && open) {
            Dom.preventDefault(e);
            closePanel(true);
        }
    }

    // ---- history ----------------------------------------------------------------------

    private void loadOlder() {
        if (historyLoading || !hasMore || destroyed) {
            return;
        }
        historyRequested = true;
        historyLoading = true;
        historyError = false;
        double start = oldestMid == oldestMid ? oldestMid : -1;
        sdk.pullHistoryMsg(Dom.jsNumber(start), Dom.jsNumber(pageSize), Dom.fn(res -> historyResult(res, start)),
                gidArg());
        render();
    }

    private void historyResult(JSObject res, double start) {
        historyLoading = false;
        if (destroyed) {
            return;
        }
        if (Dom.num(res, "code") != 0) {
            historyError = true;
            render();
            return;
        }
        learnGid(Dom.num(res, "gid"));
        JSObject[] msgs = Dom.array(Dom.get(res, "msgs"));
        boolean first = !firstPageLoaded;
        firstPageLoaded = true;
        // newest → oldest: insert each at its place (they are older than what we show)
        for (JSObject raw : msgs) {
            double mid = Dom.num(raw, "mid");
            if (mid == mid && (oldestMid != oldestMid || mid < oldestMid)) {
                oldestMid = mid;
            }
            if (mid == mid && !byMid.containsKey(Dom.numStr(mid))) {
                insertSorted(toMsg(raw));
            }
        }
        hasMore = msgs.length > 0 && !Dom.isTrue(res, "end");
        if (first) {
            forceBottom = true;
        }
        render();
        // fill the viewport: with too few messages to scroll, the reader could never pull more
        if (hasMore && list != null && !Dom.scrollable(list)) {
            loadOlder();
        }
    }

    /** After a reconnect: the newest page, merged by mid, fills what was missed while away. */
    private void catchUp() {
        sdk.pullHistoryMsg(Dom.jsNumber(-1), Dom.jsNumber(pageSize), Dom.fn(res -> {
            if (Dom.num(res, "code") != 0 || destroyed) {
                return;
            }
            JSObject[] msgs = Dom.array(Dom.get(res, "msgs"));
            for (int i = msgs.length - 1; i >= 0; i--) {
                inbox.add(msgs[i]);
            }
            scheduleRender();
        }), gidArg());
    }

    /** As in the source: a group by gid, a one-to-one chat by the SDK's toChat/toAppId (also after a reload). */
    private JSObject gidArg() {
        return configuredGid == configuredGid ? Dom.jsNumber(configuredGid) : Dom.undef();
    }

    private void learnGid(double g) {
        if (gid != gid && g > 0) {
            gid = g;
        }
    }

    // ---- incoming ---------------------------------------------------------------------

    private void receive(JSObject raw) {
        if (!Dom.isObject(raw) || destroyed) {
            return;
        }
        double g = Dom.num(raw, "gid");
        if (gid == gid) {
            if (g != gid) {
                return;
            }
        } else {
            JSObject from = Dom.get(raw, "from");
            boolean peer = peerPin != null && peerPin.equals(Dom.str(from, "pin"))
                    && peerAppId != null && peerAppId.equals(Dom.str(from, "appId"));
            if (!peer) {
                return;
            }
            learnGid(g);
        }
        inbox.add(raw);
        scheduleRender();
    }

    /** Moves delivered messages into the list; true when one from someone else arrived. */
    private void drainInbox() {
        if (inbox.isEmpty()) {
            return;
        }
        int take = Math.min(inbox.size(), DRAIN_PER_FRAME);
        for (int k = 0; k < take; k++) {
            JSObject raw = inbox.get(k);
            double mid = Dom.num(raw, "mid");
            if (mid != mid || byMid.containsKey(Dom.numStr(mid))) {
                continue;
            }
            String cmid = Dom.str(raw, "clientMsgId");
            Msg pending = cmid != null ? byCmid.get(cmid) : null;
            if (pending != null && isSelf(Dom.get(raw, "from"))) {
                acked(pending, raw);
                continue;
            }
            Msg m = toMsg(raw);
            insertSorted(m);
            if (!m.self) {
                if (!open) {
                    unread++;
                } else if (!stuck) {
                    newCount++;
                }
            }
        }
        inbox.subList(0, take).clear();
    }

    private void insertSorted(Msg m) {
        int i = items.size();
        while (i > 0) {
            Msg prev = items.get(i - 1);
            if (prev.mid == prev.mid && prev.mid < m.mid) {
                break;
            }
            i--;
        }
        items.add(i, m);
        if (m.mid == m.mid) {
            byMid.put(Dom.numStr(m.mid), m);
        }
    }

    private boolean isSelf(JSObject from) {
        return myPin != null && myPin.equals(Dom.str(from, "pin")) && myAppId != null
                && myAppId.equals(Dom.str(from, "appId"));
    }

    private Msg toMsg(JSObject raw) {
        Msg m = new Msg(this);
        m.raw = raw;
        m.mid = Dom.num(raw, "mid");
        m.clientMsgId = Dom.str(raw, "clientMsgId");
        m.type = Dom.str(raw, "type");
        if (m.type == null) {
            m.type = MessageType.TEXT;
        }
        JSObject from = Dom.get(raw, "from");
        m.pin = Dom.str(from, "pin");
        m.appId = Dom.str(from, "appId");
        m.self = isSelf(from);
        double ts = Dom.num(raw, "timestamp");
        m.timestamp = ts == ts ? ts : Dom.now();
        String nick = Dom.str(from, "nickName");
        applyRole(m, nick);
        setContent(m, raw);
        return m;
    }

    private void setContent(Msg m, JSObject raw) {
        m.custom = !MessageType.TEXT.equals(m.type);
        if (!m.custom) {
            String text = Dom.str(raw, "content");
            m.segments = Seg.split(text != null ? text : "");
        }
        m.time = Dom.clock(m.timestamp, strings.lang);
        m.updateClass();
    }

    /** The source's role handling: roles[pin/appId] or roles[pin] or roles[appId] → name, avatar, side. */
    private void applyRole(Msg m, String nick) {
        JSObject role = null;
        if (roles != null) {
            role = Dom.get(roles, m.pin + "/" + m.appId);
            if (!Dom.isObject(role)) {
                role = Dom.get(roles, m.pin);
            }
            if (!Dom.isObject(role)) {
                role = Dom.get(roles, m.appId);
            }
            if (!Dom.isObject(role)) {
                role = null;
            }
        }
        String name = Dom.str(role, "name");
        if (name == null) {
            name = nick != null && !nick.isEmpty() ? nick : (m.pin != null ? m.pin : "?");
        }
        m.name = name;
        String avatar = Dom.str(role, "avatar");
        m.avatar = avatar != null ? Dom.safeUrl(avatar) : null;
        m.initial = initial(name);
        String side = Dom.str(role, "side");
        m.side = "left".equals(side) || "right".equals(side) ? side : (m.self ? "right" : "left");
    }

    private static String initial(String name) {
        if (name.isEmpty()) {
            return "?";
        }
        char c = name.charAt(0);
        if (Character.isHighSurrogate(c) && name.length() > 1) {
            return name.substring(0, 2);
        }
        return Dom.upper(name.substring(0, 1));
    }

    // ---- sending ----------------------------------------------------------------------

    public void send() {
        if (input == null) {
            return;
        }
        String text = Dom.value(input);
        if (!MessageType.hasVisibleText(text) || text.length() > maxLength) {
            return;
        }
        Dom.setValue(input, "");
        draftLength = 0;
        draftVisible = false;
        Dom.autoGrow(input);
        Msg m = new Msg(this);
        m.type = MessageType.TEXT;
        m.self = true;
        m.pin = myPin;
        m.appId = myAppId;
        m.timestamp = Dom.now();
        m.status = Msg.SENDING;
        applyRole(m, Dom.str(options, "nickName"));
        JSObject raw = Dom.object();
        Dom.set(raw, "content", Dom.js(text));
        setContent(m, raw);
        items.add(m);
        forceBottom = true;
        JSObject cb = Dom.fn(pack -> sendResult(m, pack));
        String cmid = sdk.sendTextMsg(Dom.js(text), cb, gidArg());
        if (m.clientMsgId == null) {
            m.clientMsgId = cmid;
        }
        byCmid.put(m.clientMsgId, m);
        render();
        Dom.focus(input);
    }

    void resend(Msg m) {
        if (m.status != Msg.FAILED) {
            return;
        }
        m.status = Msg.SENDING;
        m.updateClass();
        JSObject cb = Dom.fn(pack -> sendResult(m, pack));
        // same client id: the server de-duplicates, so the message is stored once
        if (!sdk.resendMsg(Dom.js(m.clientMsgId), cb)) {
            // unknown to the SDK (it was never queued): send the same text under a fresh id
            byCmid.remove(m.clientMsgId);
            String text = Dom.str(m.raw, "content");
            m.clientMsgId = null;
            String cmid = sdk.sendTextMsg(Dom.js(text != null ? text : ""), cb, gidArg());
            if (m.clientMsgId == null) {
                m.clientMsgId = cmid;
            }
            byCmid.put(m.clientMsgId, m);
        }
        render();
    }

    private void sendResult(Msg m, JSObject pack) {
        if (m.clientMsgId == null) {
            m.clientMsgId = Dom.str(pack, "clientMsgId");
        }
        if (Dom.num(pack, "code") == 0) {
            learnGid(Dom.num(pack, "gid"));
            JSObject stored = Dom.get(pack, "message");
            acked(m, Dom.isObject(stored) ? stored : pack);
        } else {
            m.status = Msg.FAILED;
            m.updateClass();
        }
        scheduleRender();
    }

    /** Our message was stored: take the server's copy (mid, time, text) so we show what others see. */
    private void acked(Msg m, JSObject stored) {
        double mid = Dom.num(stored, "mid");
        if (mid == mid) {
            Msg dup = byMid.get(Dom.numStr(mid));
            if (dup != null && dup != m) {
                items.remove(dup);
            }
            m.mid = mid;
            byMid.put(Dom.numStr(mid), m);
        }
        double ts = Dom.num(stored, "timestamp");
        if (ts == ts) {
            m.timestamp = ts;
        }
        m.status = Msg.SENT;
        if (Dom.str(stored, "content") != null) {
            m.raw = stored;
            setContent(m, stored);
        } else {
            m.updateClass();
        }
    }

    private void restorePending(JSObject p) {
        String cmid = Dom.str(p, "clientMsgId");
        if (cmid == null || byCmid.containsKey(cmid)) {
            return;
        }
        double g = Dom.num(p, "gid");
        boolean here = gid == gid ? g == gid : (peerPin != null && peerPin.equals(Dom.str(p, "toChat")));
        if (!here) {
            return;
        }
        Msg m = new Msg(this);
        m.clientMsgId = cmid;
        String type = Dom.str(p, "type");
        m.type = type != null ? type : MessageType.TEXT;
        m.self = true;
        m.pin = myPin;
        m.appId = myAppId;
        m.timestamp = Dom.now();
        m.status = "failed".equals(Dom.str(p, "status")) ? Msg.FAILED : Msg.SENDING;
        applyRole(m, Dom.str(options, "nickName"));
        m.raw = p;
        setContent(m, p);
        items.add(m);
        byCmid.put(cmid, m);
    }

    // ---- composer ---------------------------------------------------------------------

    public void bindInput(HTMLElement el) {
        if (input == el) {
            return;
        }
        input = el;
        Dom.listen(el, "input", e -> {
            String v = Dom.value(el);
            draftLength = v.length();
            draftVisible = MessageType.hasVisibleText(v);
            Dom.autoGrow(el);
            Templates.update();
        });
        Dom.listen(el, "compositionstart", e -> composing = true);
        Dom.listen(el, "compositionend", e -> composing = false);
        Dom.listen(el, "focus", e -> fitViewport());
    }

    public void onComposerKey(KeyboardEvent e) {
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

    // ---- list scrolling ---------------------------------------------------------------

    public void bindList(HTMLElement el) {
        if (list == el) {
            return;
        }
        list = el;
        Dom.listen(el, "scroll", e -> onScroll());
    }

    public void bindLauncher(HTMLElement el) {
        launcher = el;
    }

    public void bindPanel(HTMLElement el) {
        panel = el;
    }

    private void onScroll() {
        if (list == null) {
            return;
        }
        boolean was = stuck;
        stuck = Dom.distanceToBottom(list) < STICK_PX;
        boolean changed = false;
        if (stuck && newCount > 0) {
            newCount = 0;
            changed = true;
        }
        if (Dom.scrollTop(list) < LOAD_OLDER_PX && firstPageLoaded && hasMore && !historyLoading) {
            loadOlder();
            return;
        }
        if (changed || was != stuck) {
            Templates.update();
        }
    }

    public void jumpToBottom() {
        newCount = 0;
        stuck = true;
        forceBottom = true;
        render();
    }

    private void scheduleRender() {
        if (renderScheduled) {
            return;
        }
        renderScheduled = true;
        Dom.nextFrame(() -> {
            renderScheduled = false;
            if (!destroyed) {
                render();
            }
        });
    }

    /** Applies pending data to the DOM, keeping the reader's place. */
    void render() {
        HTMLElement anchor = null;
        double before = 0;
        boolean bottom = forceBottom || stuck;
        if (list != null && !bottom) {
            anchor = Dom.anchor(list);
            if (anchor != null) {
                before = Dom.top(anchor);
            }
        }
        drainInbox();
        markDays();
        Templates.update();
        if (!inbox.isEmpty()) {
            scheduleRender(); // the rest of a burst, next frame
        }
        if (list != null && open) {
            if (bottom) {
                Dom.scrollToBottom(list);
                stuck = true;
            } else if (anchor != null && Dom.connected(anchor)) {
                double delta = Dom.top(anchor) - before;
                if (delta != 0) {
                    Dom.setScrollTop(list, Dom.scrollTop(list) + delta);
                }
            }
        }
        forceBottom = false;
    }

    private void markDays() {
        int today = Dom.dayKey(Dom.now());
        int yesterday = Dom.dayKey(Dom.now() - 86_400_000);
        int prev = -1;
        Msg before = null;
        for (Msg m : items) {
            if (m.dayKeyOf != m.timestamp) {
                m.dayKeyOf = m.timestamp;
                m.dayKey = Dom.dayKey(m.timestamp);
            }
            int key = m.dayKey;
            m.dayStart = key != prev;
            if (m.dayStart) {
                m.dayLabel = key == today ? strings.today : key == yesterday ? strings.yesterday
                        : Dom.dateLabel(m.timestamp, strings.lang);
            }
            prev = key;
            boolean cont = !m.dayStart && before != null && before.status == Msg.SENT && m.status == Msg.SENT
                    && eq(before.pin, m.pin) && eq(before.appId, m.appId) && m.timestamp - before.timestamp < 180_000;
            if (cont != m.cont) {
                m.cont = cont;
                m.updateClass();
            }
            before = m;
        }
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    // ---- mobile -----------------------------------------------------------------------

    /** Full-screen panel: sized to the visual viewport so the keyboard never covers the composer. */
    private void fitViewport() {
        if (panel == null) {
            return;
        }
        boolean full = floating && open && Dom.viewportWidth() < 600;
        if (full && viewport != null) {
            Dom.style(panel, "height", Dom.numStr(Dom.num(viewport, "height")) + "px");
            Dom.style(panel, "top", Dom.numStr(Dom.num(viewport, "offsetTop")) + "px");
        } else {
            Dom.style(panel, "height", null);
            Dom.style(panel, "top", null);
        }
        if (stuck && list != null) {
            Dom.scrollToBottom(list);
        }
        if (!floating && input != null && Dom.hasFocus(input)) {
            Dom.scrollIntoView(input);
        }
    }

    // ---- connection banner ------------------------------------------------------------

    private void startTicker() {
        if (ticker < 0) {
            ticker = Dom.setInterval(1000, () -> Templates.update());
        }
    }

    private void stopTicker() {
        if (ticker >= 0) {
            Dom.clearTimer(ticker);
            ticker = -1;
        }
    }

    // ---- template model ---------------------------------------------------------------

    public Strings getStrings() {
        return strings;
    }

    public List<Msg> getItems() {
        return items;
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

    public String getLauncherLabel() {
        return unread > 0 ? Strings.fill(strings.unreadLabel, String.valueOf(unread), null) : strings.openChat;
    }

    public boolean isUnread() {
        return unread > 0;
    }

    public String getUnreadText() {
        return unread > 99 ? "99+" : String.valueOf(unread);
    }

    public String getBannerText() {
        if (Dom.browserOffline() || "closed".equals(connState) || "offline".equals(connState)) {
            return strings.offline;
        }
        if ("reconnecting".equals(connState)) {
            double left = retryAt - Dom.now();
            if (left > 500) {
                int secs = (int) Math.ceil(left / 1000);
                return Strings.fill(strings.retryIn, String.valueOf(secs), Dom.clockSeconds(retryAt));
            }
            return strings.reconnectingNow;
        }
        if ("open".equals(connState)) {
            return "";
        }
        return strings.connecting;
    }

    public boolean isBanner() {
        return !getBannerText().isEmpty();
    }

    public String getBannerClass() {
        String t = Dom.browserOffline() || "offline".equals(connState) ? "closed" : connState;
        return "pw-banner pw-banner-" + t;
    }

    /** connecting | open | reconnecting | closed, for host styling and tests. */
    public String getConn() {
        return connState;
    }

    /** idle | loading | more | end | error. */
    public String getHistoryState() {
        if (historyLoading) {
            return "loading";
        }
        if (historyError) {
            return "error";
        }
        if (!firstPageLoaded) {
            return "idle";
        }
        return hasMore ? "more" : "end";
    }

    public boolean isHistoryLoading() {
        return historyLoading;
    }

    public boolean isNoMore() {
        return firstPageLoaded && !hasMore && !items.isEmpty() && !historyLoading;
    }

    public boolean isHistoryError() {
        return historyError && !historyLoading;
    }

    public boolean isEmpty() {
        return firstPageLoaded && items.isEmpty() && !historyLoading;
    }

    public boolean isPill() {
        return newCount > 0;
    }

    public String getPillText() {
        return Strings.fill(strings.newMessages, String.valueOf(newCount), null);
    }

    public boolean isCanSend() {
        return draftVisible && draftLength <= maxLength;
    }

    public String getCounterText() {
        return draftLength + "/" + maxLength;
    }

    public String getCounterLabel() {
        return Strings.fill(strings.counterLabel, String.valueOf(draftLength), String.valueOf(maxLength));
    }

    public String getCounterClass() {
        return draftLength >= maxLength ? "pw-counter pw-counter-full"
                : draftLength * 10 >= maxLength * 9 ? "pw-counter pw-counter-warn" : "pw-counter";
    }

    public String getMaxLengthAttr() {
        return String.valueOf(maxLength);
    }
}
