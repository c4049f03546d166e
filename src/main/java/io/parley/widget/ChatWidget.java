package io.parley.widget;

import io.parley.protocol.Limits;
import io.parley.protocol.MessageType;
import io.parley.sdk.ChatClient;
import io.parley.sdk.Js;
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
 * One mounted widget: the template's model and the controller over {@link ChatClient}.
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
    final ChatClient sdk;
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
    /** The host's maxLength option; the server's limit caps it (see {@link #maxLength()}). */
    private final int maxOption;
    private final int pageSize;
    /** The conversation: from options (a group), or learned from the first answer (one-to-one). */
    private double gid;
    /** The gid the host configured; one-to-one chats are addressed by toChat/toAppId instead. */
    private final double configuredGid;
    /** A group (gid configured): receipts read "N read" instead of "Read". */
    private final boolean group;
    private final boolean titleBadge;
    final Header header;

    /** Other members' read cursors (pin/appId → lastReadMid). */
    private final Map<String, Double> readers = new HashMap<>();
    private boolean readStateAsked;
    private boolean readStateKnown;
    private boolean receiptsDirty;
    /** The server's unread count for this conversation; -1 until known. */
    private int serverUnread = -1;
    private double unreadAt;
    /** Unread counts that arrived before a one-to-one chat's gid was known. */
    private final Map<String, Double> unreadByGid = new HashMap<>();
    private JSObject channel;
    private JSObject watcher;
    private JSObject visListener;
    private int markTimer = -1;
    private double markedMid;
    private double readMax;
    /** My own read cursor from the server (NaN: unknown). */
    private double myReadMid = Double.NaN;
    /** First unread mid when it lies above the loaded page: "↑ N unread messages" jumps there. */
    private double jumpMid = Double.NaN;
    private boolean jumpChecked;
    private boolean jumping;
    private int jumpCount;
    private int historyGen;
    private String typingKey;
    private String typingText = "";
    private int typingTimer = -1;
    private String toastText = "";
    private int toastTimer = -1;
    private int recallTimer = -1;

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
    private HTMLElement host;
    private HTMLElement fileInput;
    private HTMLElement cameraButton;
    /** Where parley-widget.css came from: parley-media.js/.css sit beside it. */
    String mediaBase = "";
    private JSObject chunk;
    private Component component;
    private JSObject viewport;
    private JSObject vvListener;
    private JSObject onlineListener;
    private boolean destroyed;

    ChatWidget(JSObject options, boolean floating, ChatClient sdk) {
        this.options = options;
        this.floating = floating;
        this.sdk = sdk;
        JSObject cfg = Js.isPlainObject(Js.get(options, "chatConfig")) ? Js.get(options, "chatConfig") : options;
        myPin = Js.string(cfg, "pin");
        myAppId = Js.string(cfg, "appId");
        peerPin = Js.string(cfg, "toChat");
        peerAppId = Js.string(cfg, "toAppId");
        mobile = "m".equals(Js.string(cfg, "clientType"));
        strings = Strings.forLocale(Js.string(options, "locale"));
        roles = Js.isPlainObject(Js.get(options, "roles")) ? Js.get(options, "roles") : null;
        String d = Js.string(options, "dir");
        dir = "rtl".equals(d) ? "rtl" : "ltr";
        String p = Js.string(options, "position");
        position = p != null && p.contains("left") ? "left" : "right";
        double max = Js.number(options, "maxLength");
        maxOption = max >= 1 ? (int) Math.min(max, Integer.MAX_VALUE) : Integer.MAX_VALUE;
        double page = Js.number(options, "pageSize");
        pageSize = page >= 1 && page <= Limits.MAX_HISTORY_COUNT ? (int) page : 20;
        double g = Js.number(options, "gid");
        gid = g > 0 ? g : Double.NaN;
        configuredGid = gid;
        group = gid == gid;
        titleBadge = Js.isTrue(options, "titleBadge");
        open = !floating || Js.isTrue(options, "open");
        header = new Header(this, options, group, peerPin, peerAppId);
    }

    // ---- lifecycle --------------------------------------------------------------------

    void start(HTMLElement root) {
        host = root;
        component = Templates.bind(this, root);
        on("state", e -> {
            connState = Js.string(e, "state");
            if ("open".equals(connState)) {
                stopTicker();
            }
            requestUpdate();
        });
        on("reconnecting", e -> {
            retryAt = Js.number(e, "at");
            startTicker();
            requestUpdate();
        });
        on("open", e -> {
            connState = "open";
            stopTicker();
            readStateAsked = false;
            fetchUnread();
            if (readStateKnown) {
                fetchReadState();
            }
            if (gid != gid && !open && peerPin != null) {
                // a closed one-to-one launcher: learn the conversation's gid for its unread badge
                sdk.pullHistoryMsg(Dom.jsNumber(-1), Dom.jsNumber(1), Dom.fn(res -> {
                    learnGid(Js.number(res, "gid"));
                    requestUpdate();
                }), gidArg());
            }
            // what was missed while away arrives as "message" events: the SDK syncs its cursors
            if (open && !historyRequested) {
                loadOlder();
            } else if (historyError && !firstPageLoaded && open) {
                loadOlder();
            }
            requestUpdate();
        });
        on("close", e -> {
            if (!Js.isTrue(e, "willReconnect")) {
                connState = "closed";
            }
            requestUpdate();
        });
        on("message", e -> receive(e));
        on("chat_message_ack", e -> {
            JSObject m = Js.get(e, "message");
            String cmid = Js.string(e, "clientMsgId");
            Msg mine = cmid != null ? byCmid.get(cmid) : null;
            if (mine != null) {
                // also covers messages restored from the SDK's durable outbox, which have no callback here
                if (mine.status != Msg.SENT) {
                    sendResult(mine, e);
                }
            } else if (Js.isPlainObject(m)) {
                // messages the host sent itself through handle.sdk (e.g. an order card) appear too
                receive(m);
            }
        });
        on("send_failed", e -> {
            String cmid = Js.string(e, "clientMsgId");
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
        on("resync", e -> {
            double g = Js.number(e, "gid");
            if (g != g || g == gid) {
                reloadNewest();
            }
        });
        on("recalled", e -> {
            Msg m = Js.number(e, "gid") == gid ? byMid.get(Dom.numStr(Js.number(e, "mid"))) : null;
            if (m != null && !m.recalled) {
                markRecalled(m);
                scheduleRender();
            }
        });
        on("read_receipt", e -> {
            JSObject reader = Js.get(e, "reader");
            if (Js.number(e, "gid") == gid && !isSelf(reader)) {
                sawRead(Js.string(reader, "pin") + "/" + Js.string(reader, "appId"), Js.number(e, "mid"));
                scheduleRender();
            }
        });
        on("unread", e -> {
            double g = Js.number(e, "gid");
            double n = Js.number(e, "count");
            unreadAt = Js.now();
            if (channel != null) {
                Live.post(channel, g, n, unreadAt);
            }
            setUnread(g, n);
        });
        on("typing", e -> {
            JSObject from = Js.get(e, "from");
            if (!mine(Js.number(e, "gid"), from) || isSelf(from)) {
                return;
            }
            typingKey = Js.string(from, "pin") + "/" + Js.string(from, "appId");
            Msg who = new Msg(this);
            who.pin = Js.string(from, "pin");
            who.appId = Js.string(from, "appId");
            applyRole(who, Js.string(from, "nickName"));
            header.saw(who);
            typingText = Strings.fill(group ? strings.namedTyping : strings.peerTyping, who.name, null);
            double ttl = Js.number(e, "ttlMs");
            Dom.clearTimer(typingTimer);
            typingTimer = Dom.setTimeout(ttl > 0 && ttl < 30_000 ? (int) ttl : (int) sdk.limits().typingTtlMs, () -> stopTyping());
            requestUpdate();
        });
        if (myPin != null) {
            channel = Live.channel("parley-unread:" + myPin + ":" + myAppId, d -> {
                double at = Js.number(d, "at");
                if (at > unreadAt) {
                    unreadAt = at;
                    setUnread(Js.number(d, "gid"), Js.number(d, "count"));
                }
            });
        }
        visListener = Dom.fn(e -> onVisible());
        Dom.listenFn(Dom.document(), "visibilitychange", visListener);
        viewport = Dom.visualViewport();
        if (viewport != null) {
            vvListener = Dom.fn(e -> fitViewport());
            Dom.listenFn(viewport, "resize", vvListener);
            Dom.listenFn(viewport, "scroll", vvListener);
        }
        onlineListener = Dom.fn(e -> requestUpdate());
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
        Dom.unlisten(Dom.document(), "visibilitychange", visListener);
        Dom.clearTimer(markTimer);
        Dom.clearTimer(typingTimer);
        Dom.clearTimer(toastTimer);
        Dom.clearTimer(recallTimer);
        if (watcher != null) {
            Live.disconnect(watcher);
        }
        if (channel != null) {
            Live.close(channel);
        }
        if (titleBadge) {
            Live.titleBadge(0);
        }
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
        showTitle();
        onVisible();
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
        int gen = ++historyGen;
        sdk.pullHistoryMsg(Dom.jsNumber(start), Dom.jsNumber(pageSize), Dom.fn(res -> {
            if (gen == historyGen) {
                historyResult(res, start);
            }
        }), gidArg());
        render();
    }

    private void historyResult(JSObject res, double start) {
        historyLoading = false;
        if (destroyed) {
            return;
        }
        if (Js.number(res, "code") != 0) {
            historyError = true;
            render();
            return;
        }
        learnGid(Js.number(res, "gid"));
        JSObject[] msgs = Dom.array(Js.get(res, "msgs"));
        boolean first = !firstPageLoaded;
        firstPageLoaded = true;
        // newest → oldest: insert each at its place (they are older than what we show)
        for (JSObject raw : msgs) {
            double mid = Js.number(raw, "mid");
            if (mid == mid && (oldestMid != oldestMid || mid < oldestMid)) {
                oldestMid = mid;
            }
            if (mid != mid) {
                continue;
            }
            Msg known = byMid.get(Dom.numStr(mid));
            String cmid = Js.string(raw, "clientMsgId");
            Msg pending = cmid != null ? byCmid.get(cmid) : null;
            if (known != null) {
                if (isRecall(raw) && !known.recalled) {
                    markRecalled(known);
                }
            } else if (pending != null && pending.mid != pending.mid && isSelf(Js.get(raw, "from"))) {
                // restored from the outbox, but the server already has it: one bubble, in its place
                acked(pending, raw);
                items.remove(pending);
                insertSorted(pending);
            } else {
                insertSorted(toMsg(raw));
            }
        }
        receiptsDirty = true;
        if (first) {
            fetchReadState();
        }
        hasMore = msgs.length > 0 && !Js.isTrue(res, "end");
        if (first) {
            forceBottom = true;
        }
        render();
        if (jumping) {
            continueJump();
            return;
        }
        // fill the viewport: with too few messages to scroll, the reader could never pull more
        if (hasMore && list != null && !Dom.scrollable(list)) {
            loadOlder();
        }
    }

    /** Pages back (the list stays contiguous) until the first unread is loaded, then shows it at the top. */
    public void jumpToUnread() {
        jumping = true;
        continueJump();
    }

    private void continueJump() {
        if (hasMore && !(oldestMid <= jumpMid)) {
            if (!historyLoading) {
                loadOlder();
            }
            return;
        }
        jumping = false;
        for (Msg m : items) {
            if (m.mid >= jumpMid && !m.self && m.rowEl != null) {
                Dom.setScrollTop(list, Dom.scrollTop(list) + Dom.top(m.rowEl) - Dom.top(list) - 8);
                break;
            }
        }
        jumpMid = Double.NaN;
        stuck = false;
        Templates.update();
    }

    /** As in the source: a group by gid, a one-to-one chat by the SDK's toChat/toAppId (also after a reload). */
    private JSObject gidArg() {
        return configuredGid == configuredGid ? Dom.jsNumber(configuredGid) : Dom.undef();
    }

    private void learnGid(double g) {
        if (gid != gid && g > 0) {
            gid = g;
            Double n = unreadByGid.get(Dom.numStr(g));
            if (n != null) {
                setUnread(g, n);
            }
            fetchReadState();
            onVisible();
        }
    }

    /** True for the widget's conversation (one-to-one: a packet from the peer teaches us its gid). */
    private boolean mine(double g, JSObject from) {
        if (gid == gid) {
            return g == gid;
        }
        boolean peer = peerPin != null && peerPin.equals(Js.string(from, "pin"))
                && peerAppId != null && peerAppId.equals(Js.string(from, "appId"));
        if (peer) {
            learnGid(g);
        }
        return peer;
    }

    /** After "resync" (too much was missed): the newest page again; unsent bubbles stay. */
    private void reloadNewest() {
        if (destroyed) {
            return;
        }
        List<Msg> keep = new ArrayList<>();
        for (Msg m : items) {
            if (m.status != Msg.SENT) {
                keep.add(m);
            }
        }
        items.clear();
        byMid.clear();
        byCmid.clear();
        inbox.clear();
        for (Msg m : keep) {
            items.add(m);
            byCmid.put(m.clientMsgId, m);
        }
        historyGen++;
        historyLoading = false;
        historyError = false;
        historyRequested = false;
        firstPageLoaded = false;
        hasMore = true;
        oldestMid = Double.NaN;
        newCount = 0;
        readStateAsked = false;
        jumpMid = Double.NaN;
        jumping = false;
        forceBottom = true;
        if (open && "open".equals(sdk.getState())) {
            loadOlder();
        } else {
            render();
        }
    }

    // ---- unread, read receipts, typing ------------------------------------------------

    private void fetchUnread() {
        sdk.getUnread(Dom.fn(res -> {
            for (JSObject c : Dom.array(Js.get(res, "conversations"))) {
                setUnread(Js.number(c, "gid"), Js.number(c, "count"));
            }
        }));
    }

    private void setUnread(double g, double n) {
        if (!(g > 0) || !(n >= 0) || destroyed) {
            return;
        }
        if (gid != gid) {
            unreadByGid.put(Dom.numStr(g), n);
            return;
        }
        if (g == gid && serverUnread != (int) n) {
            serverUnread = (int) n;
            showTitle();
            requestUpdate();
        }
    }

    private int badgeCount() {
        return serverUnread >= 0 ? serverUnread : unread;
    }

    private void showTitle() {
        if (titleBadge) {
            Live.titleBadge(badgeCount());
        }
    }

    private void fetchReadState() {
        if (readStateAsked || gid != gid || destroyed) {
            return;
        }
        readStateAsked = true;
        sdk.getReadState(Dom.fn(res -> {
            if (Js.number(res, "code") != 0) {
                readStateAsked = false;
                return;
            }
            for (JSObject m : Dom.array(Js.get(res, "members"))) {
                if (isSelf(m)) {
                    myReadMid = Js.number(m, "lastReadMid");
                } else {
                    sawRead(Js.string(m, "pin") + "/" + Js.string(m, "appId"), Js.number(m, "lastReadMid"));
                }
            }
            readStateKnown = true;
            receiptsDirty = true;
            if (!jumpChecked && firstPageLoaded) {
                jumpChecked = true;
                // more unread than the first page holds: offer to jump up to the first unread
                if (serverUnread > 0 && hasMore && myReadMid >= 0 && oldestMid > myReadMid + 1) {
                    jumpMid = myReadMid + 1;
                    jumpCount = serverUnread;
                }
            }
            scheduleRender();
        }), Dom.jsNumber(gid));
    }

    private void sawRead(String who, double mid) {
        Double had = readers.get(who);
        if (mid == mid && (had == null || had < mid)) {
            readers.put(who, mid);
            receiptsDirty = true;
        }
    }

    private void updateReceipts() {
        receiptsDirty = false;
        if (!readStateKnown) {
            return;
        }
        double[] marks = new double[readers.size()];
        int k = 0;
        for (Double v : readers.values()) {
            marks[k++] = v;
        }
        for (Msg m : items) {
            String text = null;
            int n = 0;
            if (m.self && !m.recalled && m.status == Msg.SENT && m.mid == m.mid) {
                for (double v : marks) {
                    if (v >= m.mid) {
                        n++;
                    }
                }
                text = n == 0 ? strings.unreadMark : group ? Strings.fill(strings.readCount, String.valueOf(n), null)
                        : strings.read;
            }
            m.readText = text;
            m.readAny = n > 0;
        }
    }

    /** Rows from others that are at least half visible, while the panel is open and the tab shown, are read. */
    void watch(HTMLElement row) {
        if (watcher == null && list != null) {
            watcher = Live.watcher(list, () -> onVisible());
        }
        if (watcher != null) {
            Live.observe(watcher, row);
        }
    }

    /** What is visible now counts at once; the cursor is sent at most every 300 ms. */
    private void onVisible() {
        if (!open || watcher == null || gid != gid || destroyed || Live.hidden()) {
            return;
        }
        double max = Live.maxVisible(watcher);
        if (max > readMax) {
            readMax = max;
        }
        if (markTimer < 0 && readMax > markedMid) {
            markTimer = Dom.setTimeout(300, () -> {
                markTimer = -1;
                if (readMax > markedMid && !destroyed) {
                    markedMid = readMax;
                    sdk.markRead(Dom.jsNumber(readMax), Dom.jsNumber(gid));
                }
            });
        }
    }

    private void stopTyping() {
        Dom.clearTimer(typingTimer);
        typingTimer = -1;
        typingKey = null;
        typingText = "";
        requestUpdate();
    }

    private void toast(String text, int ms) {
        toastText = text;
        Dom.clearTimer(toastTimer);
        toastTimer = Dom.setTimeout(ms, () -> {
            toastTimer = -1;
            toastText = "";
            requestUpdate();
        });
        requestUpdate();
    }

    // ---- copy and recall --------------------------------------------------------------

    void copy(Msg m) {
        String text = Js.string(m.raw, "content");
        if (text != null && !m.recalled) {
            Live.copy(text, list, () -> toast(strings.copied, 2000), () -> toast(strings.copyFailed, 3000));
        }
    }

    void recall(Msg m) {
        if (m.mid != m.mid || gid != gid || m.recalled) {
            return;
        }
        sdk.recallMsg(Dom.jsNumber(m.mid), Dom.fn(res -> {
            if (Js.number(res, "code") == 0) {
                if (!m.recalled) {
                    markRecalled(m);
                    Dom.focus(list);
                    scheduleRender();
                }
                return;
            }
            String err = Js.string(res, "error");
            String why = "recall_window_passed".equals(err) ? strings.recallTooLate : Js.string(res, "msg");
            toast(Strings.fill(strings.recallFailed, why != null ? why : String.valueOf(err), null), 5000);
        }), Dom.jsNumber(gid));
    }

    private static boolean isRecall(JSObject raw) {
        return "recall".equals(Js.string(raw, "type")) || Js.isTrue(raw, "recalled");
    }

    /** The content is dropped for good: only "X recalled a message" remains. */
    private void markRecalled(Msg m) {
        m.recalled = true;
        m.custom = false;
        m.segments = new ArrayList<>();
        m.raw = null;
        m.readText = null;
        m.recallText = m.self ? strings.youRecalled : Strings.fill(strings.otherRecalled, m.name, null);
        receiptsDirty = true;
    }

    /** Hides recall buttons when their window ends (one timer for the soonest). */
    private void armRecallTimer() {
        double now = Js.now();
        double soonest = Double.NaN;
        for (int i = items.size() - 1; i >= 0; i--) {
            Msg m = items.get(i);
            if (now - m.timestamp >= recallMs() && m.status == Msg.SENT) {
                break;
            }
            if (m.isRecallable()) {
                soonest = m.timestamp + recallMs();
            }
        }
        if (soonest == soonest) {
            recallTimer = Dom.setTimeout((int) (soonest - now) + 50, () -> {
                recallTimer = -1;
                requestUpdate();
                armRecallTimer();
            });
        }
    }

    /** The server's recall window (auth_ok limits): the Recall action hides when it ends. */
    double recallMs() {
        return sdk.limits().recallWindowMs;
    }

    int maxLength() {
        return Math.min(maxOption, sdk.limits().maxTextChars);
    }

    // ---- incoming ---------------------------------------------------------------------

    private void receive(JSObject raw) {
        if (!Js.isPlainObject(raw) || destroyed) {
            return;
        }
        double g = Js.number(raw, "gid");
        if (gid == gid) {
            if (g != gid) {
                return;
            }
        } else {
            JSObject from = Js.get(raw, "from");
            boolean peer = peerPin != null && peerPin.equals(Js.string(from, "pin"))
                    && peerAppId != null && peerAppId.equals(Js.string(from, "appId"));
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
            double mid = Js.number(raw, "mid");
            if (mid != mid) {
                continue;
            }
            Msg known = byMid.get(Dom.numStr(mid));
            if (known != null) {
                if (isRecall(raw) && !known.recalled) {
                    markRecalled(known);
                }
                continue;
            }
            String cmid = Js.string(raw, "clientMsgId");
            Msg pending = cmid != null ? byCmid.get(cmid) : null;
            if (pending != null && isSelf(Js.get(raw, "from"))) {
                acked(pending, raw);
                continue;
            }
            Msg m = toMsg(raw);
            insertSorted(m);
            receiptsDirty = true;
            if (!m.self) {
                // a message from X with mid M: X has read up to M
                String who = m.pin + "/" + m.appId;
                sawRead(who, m.mid);
                if (who.equals(typingKey)) {
                    stopTyping();
                }
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
        if (m.self && m.clientMsgId != null) {
            byCmid.put(m.clientMsgId, m); // a restored outbox copy of it then never shows twice
        }
    }

    private boolean isSelf(JSObject from) {
        return myPin != null && myPin.equals(Js.string(from, "pin")) && myAppId != null
                && myAppId.equals(Js.string(from, "appId"));
    }

    private Msg toMsg(JSObject raw) {
        Msg m = new Msg(this);
        m.raw = raw;
        m.mid = Js.number(raw, "mid");
        m.clientMsgId = Js.string(raw, "clientMsgId");
        m.type = Js.string(raw, "type");
        if (m.type == null) {
            m.type = MessageType.TEXT;
        }
        JSObject from = Js.get(raw, "from");
        m.pin = Js.string(from, "pin");
        m.appId = Js.string(from, "appId");
        m.self = isSelf(from);
        double ts = Js.number(raw, "timestamp");
        m.timestamp = ts == ts ? ts : Js.now();
        String nick = Js.string(from, "nickName");
        applyRole(m, nick);
        header.saw(m);
        setContent(m, raw);
        return m;
    }

    private void setContent(Msg m, JSObject raw) {
        if (isRecall(raw)) {
            m.recalled = false;
            markRecalled(m);
            m.time = Dom.clock(m.timestamp, strings.lang);
            return;
        }
        m.custom = !MessageType.TEXT.equals(m.type);
        if (!m.custom) {
            String text = Js.string(raw, "content");
            m.segments = Seg.split(text != null ? text : "");
        }
        m.time = Dom.clock(m.timestamp, strings.lang);
        m.updateClass();
    }

    /** The source's role handling: roles[pin/appId] or roles[pin] or roles[appId] → name, avatar, side. */
    void applyRole(Msg m, String nick) {
        JSObject role = null;
        if (roles != null) {
            role = Js.get(roles, m.pin + "/" + m.appId);
            if (!Js.isPlainObject(role)) {
                role = Js.get(roles, m.pin);
            }
            if (!Js.isPlainObject(role)) {
                role = Js.get(roles, m.appId);
            }
            if (!Js.isPlainObject(role)) {
                role = null;
            }
        }
        String name = Js.string(role, "name");
        if (name == null) {
            name = nick != null && !nick.isEmpty() ? nick : (m.pin != null ? m.pin : "?");
        }
        m.name = name;
        String avatar = Js.string(role, "avatar");
        m.avatar = avatar != null ? Dom.safeUrl(avatar) : null;
        m.initial = initial(name);
        String side = Js.string(role, "side");
        m.side = "left".equals(side) || "right".equals(side) ? side : (m.self ? "right" : "left");
    }

    static String initial(String name) {
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
        if (!MessageType.hasVisibleText(text) || text.length() > maxLength()) {
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
        m.timestamp = Js.now();
        m.status = Msg.SENDING;
        applyRole(m, Js.string(options, "nickName"));
        JSObject raw = Js.object();
        Js.set(raw, "content", Dom.js(text));
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
        if (m.blob != null && m.clientMsgId == null) {
            upload(m); // the upload failed: upload again
            render();
            return;
        }
        m.status = Msg.SENDING;
        m.updateClass();
        JSObject cb = Dom.fn(pack -> sendResult(m, pack));
        // same client id: the server de-duplicates, so the message is stored once
        if (!sdk.resendMsg(Dom.js(m.clientMsgId), cb)) {
            // unknown to the SDK (refused before it was queued): send it again as what it is, under a fresh id
            byCmid.remove(m.clientMsgId);
            m.clientMsgId = null;
            String cmid = MessageType.IMAGE.equals(m.type) ? sdk.sendImageMsg(Js.get(m.raw, "image"), cb, gidArg())
                    : m.custom ? sdk.sendCustomMsg(Dom.js(m.type), Js.get(m.raw, "payload"), cb, gidArg(), m.raw)
                    : sdk.sendTextMsg(Js.get(m.raw, "content"), cb, gidArg());
            if (m.clientMsgId == null) {
                m.clientMsgId = cmid;
            }
            byCmid.put(m.clientMsgId, m);
        }
        render();
    }

    private void sendResult(Msg m, JSObject pack) {
        if (m.clientMsgId == null) {
            m.clientMsgId = Js.string(pack, "clientMsgId");
        }
        if (Js.number(pack, "code") == 0) {
            learnGid(Js.number(pack, "gid"));
            JSObject stored = Js.get(pack, "message");
            acked(m, Js.isPlainObject(stored) ? stored : pack);
        } else {
            m.status = Msg.FAILED;
            m.updateClass();
        }
        scheduleRender();
    }

    /** Our message was stored: take the server's copy (mid, time, text) so we show what others see. */
    private void acked(Msg m, JSObject stored) {
        double mid = Js.number(stored, "mid");
        if (mid == mid) {
            Msg dup = byMid.get(Dom.numStr(mid));
            if (dup != null && dup != m) {
                items.remove(dup);
            }
            m.mid = mid;
            byMid.put(Dom.numStr(mid), m);
        }
        double ts = Js.number(stored, "timestamp");
        if (ts == ts) {
            m.timestamp = ts;
        }
        m.status = Msg.SENT;
        receiptsDirty = true;
        if (m.blob != null) {
            // uploaded and stored: the ordinary thumbnail (opens the viewer) replaces the preview
            m.blob = null;
            m.bar = null;
            if (Js.isPlainObject(Js.get(stored, "image"))) {
                m.raw = stored;
            }
            m.remount();
        }
        if (Js.string(stored, "content") != null) {
            m.raw = stored;
            setContent(m, stored);
        } else {
            m.updateClass();
        }
    }

    private void restorePending(JSObject p) {
        String cmid = Js.string(p, "clientMsgId");
        if (cmid == null || byCmid.containsKey(cmid)) {
            return;
        }
        double g = Js.number(p, "gid");
        boolean here = gid == gid ? g == gid : (peerPin != null && peerPin.equals(Js.string(p, "toChat")));
        if (!here) {
            return;
        }
        Msg m = new Msg(this);
        m.clientMsgId = cmid;
        String type = Js.string(p, "type");
        m.type = type != null ? type : MessageType.TEXT;
        m.self = true;
        m.pin = myPin;
        m.appId = myAppId;
        m.timestamp = Js.now();
        m.status = "failed".equals(Js.string(p, "status")) ? Msg.FAILED : Msg.SENDING;
        applyRole(m, Js.string(options, "nickName"));
        m.raw = p;
        setContent(m, p);
        items.add(m);
        byCmid.put(cmid, m);
    }

    // ---- images (the heavy parts: parley-media.js, imported on first use) -------------

    private void media(Dom.Callback use) {
        if (chunk != null) {
            use.call(chunk);
            return;
        }
        Images.load(mediaBase + "parley-media.js", c -> {
            if (chunk == null) {
                chunk = c;
                Images.css(host, mediaBase + "parley-media.css");
            }
            use.call(c);
        });
    }

    public void bindFile(HTMLElement el) {
        if (fileInput != el) {
            fileInput = el;
            Dom.listen(el, "change", e -> {
                JSObject f = Images.first(el);
                if (f != null) {
                    sendFile(f);
                }
            });
        }
    }

    public void bindCamera(HTMLElement el) {
        cameraButton = el;
    }

    public void pickImage() {
        Images.click(fileInput);
    }

    public void openCamera() {
        media(c -> Images.camera(c, host, strings.lang, cameraButton, this::sendImage));
    }

    private void sendFile(JSObject file) {
        if (!Images.isImage(file)) {
            toast(strings.notImage, 4000);
            return;
        }
        media(c -> Images.prepare(c, file, (b, w, h) -> {
            if (b != null) {
                sendImage(b, w, h);
            } else {
                toast(strings.renderFailed, 3000);
            }
        }));
    }

    private void sendImage(JSObject blob, int w, int h) {
        Msg m = new Msg(this);
        m.type = MessageType.IMAGE;
        m.self = true;
        m.pin = myPin;
        m.appId = myAppId;
        m.timestamp = Js.now();
        m.blob = blob;
        m.w = w;
        m.h = h;
        m.raw = Js.object();
        applyRole(m, Js.string(options, "nickName"));
        setContent(m, m.raw);
        items.add(m);
        forceBottom = true;
        upload(m);
        render();
    }

    private void upload(Msg m) {
        m.status = Msg.SENDING;
        m.updateClass();
        sdk.uploadImage(m.blob, Images.fn((l, t) -> {
            if (m.bar != null && t > 0) {
                Images.progress(m.bar, (int) Math.floor(l * 100 / t));
            }
        }), Dom.fn(res -> {
            String url = Js.string(res, "url");
            if (Js.number(res, "code") != 0 || url == null) {
                m.status = Msg.FAILED;
                m.updateClass();
                scheduleRender();
                return;
            }
            if (m.bar != null) {
                Images.progress(m.bar, 100);
            }
            JSObject img = Images.image(url, Js.number(res, "size"), m.w, m.h);
            m.raw = Images.raw(img);
            String cmid = sdk.sendImageMsg(img, Dom.fn(pack -> sendResult(m, pack)), gidArg());
            if (m.clientMsgId == null) {
                m.clientMsgId = cmid;
            }
            byCmid.put(m.clientMsgId, m);
        }));
    }

    /** The preview and progress bar of our own image while it uploads (and after a failure). */
    void mountPreview(Msg m, HTMLElement el) {
        m.bar = Images.preview(chunk, el, m.blob, m.w, m.h, strings.image);
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
            if (draftVisible && gid == gid) {
                sdk.sendTyping(Dom.jsNumber(gid)); // the SDK sends at most one every 2 s
            }
            Dom.autoGrow(el);
            Templates.update(); // user input: the send button follows at once (a click may come next)
        });
        Dom.listen(el, "compositionstart", e -> composing = true);
        Dom.listen(el, "compositionend", e -> composing = false);
        Dom.listen(el, "focus", e -> fitViewport());
        Dom.listen(el, "paste", e -> {
            JSObject f = Images.file(e);
            if (f != null) {
                sendFile(f);
            }
        });
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
        LongPress.install(el);
        Dom.listen(el, "scroll", e -> onScroll());
        Dom.listen(el, "click", e -> {
            JSObject a = Images.link(e);
            if (a != null) {
                media(c -> Images.viewer(c, host, a, strings.lang));
            }
        });
    }

    public void bindLauncher(HTMLElement el) {
        launcher = el;
    }

    public void bindPanel(HTMLElement el) {
        if (panel != el) {
            Dom.listen(el, "dragover", Images::dragOver);
            Dom.listen(el, "dragleave", Images::dragLeave);
            Dom.listen(el, "drop", e -> {
                JSObject f = Images.file(e);
                if (f != null) {
                    sendFile(f);
                }
            });
        }
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
            requestUpdate();
        }
    }

    public void jumpToBottom() {
        newCount = 0;
        stuck = true;
        forceBottom = true;
        render();
    }

    /** The list changed: render in the next frame, keeping the reader's place. */
    private void scheduleRender() {
        requestUpdate();
    }

    /** Unread, typing, banner, toast: rendered in the next frame too, never once per packet. */
    private void requestUpdate() {
        if (renderScheduled) {
            return;
        }
        renderScheduled = true;
        Dom.nextFrame(() -> {
            renderScheduled = false;
            if (!destroyed) {
                frame();
            }
        });
    }

    /** Applies pending data to the DOM now, keeping the reader's place. */
    void render() {
        frame();
    }

    private void frame() {
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
        if (receiptsDirty) {
            updateReceipts();
        }
        if (recallTimer < 0) {
            armRecallTimer();
        }
        if (!open && serverUnread < 0) {
            showTitle();
        }
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
        int today = Dom.dayKey(Js.now());
        int yesterday = Dom.dayKey(Js.now() - 86_400_000);
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
            boolean cont = !m.dayStart && before != null && !before.recalled && before.status == Msg.SENT && m.status == Msg.SENT
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
            Dom.style(panel, "height", Dom.numStr(Js.number(viewport, "height")) + "px");
            Dom.style(panel, "top", Dom.numStr(Js.number(viewport, "offsetTop")) + "px");
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
            ticker = Dom.setInterval(1000, () -> requestUpdate());
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

    public Header getHeader() {
        return header;
    }

    public boolean isFloating() {
        return floating;
    }

    public String getExpanded() {
        return open ? "true" : "false";
    }

    public String getLauncherLabel() {
        int n = badgeCount();
        return n > 0 && !open ? Strings.fill(strings.unreadLabel, String.valueOf(n), null) : strings.openChat;
    }

    public boolean isUnread() {
        return badgeCount() > 0 && !open;
    }

    public String getUnreadText() {
        int n = badgeCount();
        return n > 99 ? "99+" : String.valueOf(n);
    }

    public boolean isJumpable() {
        return jumpMid == jumpMid && open;
    }

    public String getJumpText() {
        return Strings.fill(strings.unreadAbove, String.valueOf(jumpCount), null);
    }

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
        if (Dom.browserOffline() || "closed".equals(connState) || "offline".equals(connState)) {
            return strings.offline;
        }
        if ("reconnecting".equals(connState)) {
            double left = retryAt - Js.now();
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
        return draftVisible && draftLength <= maxLength();
    }

    public String getCounterText() {
        return draftLength + "/" + maxLength();
    }

    public String getCounterLabel() {
        return Strings.fill(strings.counterLabel, String.valueOf(draftLength), String.valueOf(maxLength()));
    }

    public String getCounterClass() {
        return draftLength >= maxLength() ? "pw-counter pw-counter-full"
                : draftLength * 10 >= maxLength() * 9 ? "pw-counter pw-counter-warn" : "pw-counter";
    }

    public String getMaxLengthAttr() {
        return String.valueOf(maxLength());
    }
}
