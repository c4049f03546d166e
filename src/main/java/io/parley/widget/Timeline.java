package io.parley.widget;

import io.parley.protocol.MessageType;
import io.parley.sdk.Answer;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;

/**
 * The message list's model: rows ordered by mid (our unacknowledged ones last), merged from
 * history pages, live messages, acks and the SDK's restored outbox, so each message shows once.
 * Live messages wait in an inbox and join the list as many per frame as the frame can afford
 * ({@link ScrollView#drainLimit()}).
 */
final class Timeline {
    /** Messages moved into the list per frame while none of them needs a row (closed, or read higher up). */
    static final int DRAIN_PER_FRAME = 40;

    /** The last drain took messages: their rows come first, the overscan waits a frame. */
    boolean took;

    final List<Msg> items = new ArrayList<>();
    private final List<JSObject> inbox = new ArrayList<>();
    private final Map<String, Msg> byMid = new HashMap<>();
    private final Map<String, Msg> byCmid = new HashMap<>();
    private final ChatWidget w;
    private final Conversation conv;

    Timeline(ChatWidget w) {
        this.w = w;
        this.conv = w.conv;
    }

    // ---- incoming ---------------------------------------------------------------------

    /** A "message" event: queued for the next frame when it belongs to this conversation. */
    void receive(JSObject raw) {
        if (!Js.isPlainObject(raw) || w.destroyed || !conv.mine(Js.number(raw, "gid"), Js.get(raw, "from"))) {
            return;
        }
        inbox.add(raw);
        w.requestUpdate();
    }

    /** The message a row shows, from its data-mid (stored) or else its data-cmid (not stored yet). */
    Msg shownBy(String mid, String cmid) {
        return mid != null && !mid.isEmpty() ? byMid.get(mid) : cmid != null && !cmid.isEmpty() ? byCmid.get(cmid) : null;
    }

    boolean waiting() {
        return !inbox.isEmpty();
    }

    /** Moves delivered messages into the list, at most {@code max}; the rest wait for the next frame. */
    void drain(int max) {
        int take = Math.min(inbox.size(), max);
        took = take > 0;
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
            if (pending != null && conv.isSelf(Js.get(raw, "from"))) {
                acked(pending, raw);
                continue;
            }
            Msg m = toMsg(raw);
            insertSorted(m);
            w.receipts.dirty = true;
            if (!m.self) {
                // a message from X with mid M: X has read up to M
                String who = m.pin + "/" + m.appId;
                w.receipts.saw(who, m.mid);
                w.notices.typedBy(who);
                w.announcer.say(m);
                if (!w.open) {
                    w.badge.local++;
                } else if (!w.scroll.stuck) {
                    w.scroll.newCount++;
                }
            }
        }
        inbox.subList(0, take).clear();
    }

    /** One message of an older history page (newest → oldest): into its place, or merged with what we show. */
    void mergeOlder(JSObject raw, double mid) {
        Msg known = byMid.get(Dom.numStr(mid));
        String cmid = Js.string(raw, "clientMsgId");
        Msg pending = cmid != null ? byCmid.get(cmid) : null;
        if (known != null) {
            if (isRecall(raw) && !known.recalled) {
                markRecalled(known);
            }
        } else if (pending != null && pending.mid != pending.mid && conv.isSelf(Js.get(raw, "from"))) {
            // restored from the outbox, but the server already has it: one bubble, in its place
            acked(pending, raw);
            items.remove(pending);
            insertSorted(pending);
        } else {
            insertSorted(toMsg(raw));
        }
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

    private Msg toMsg(JSObject raw) {
        Msg m = new Msg(w);
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
        m.self = conv.isSelf(from);
        double ts = Js.number(raw, "timestamp");
        m.timestamp = ts == ts ? ts : Js.now();
        conv.applyRole(m, Js.string(from, "nickName"));
        w.header.saw(m);
        setContent(m, raw);
        return m;
    }

    void setContent(Msg m, JSObject raw) {
        m.raw = raw;
        if (isRecall(raw)) {
            m.recalled = false;
            markRecalled(m);
            m.time = Dom.clock(m.timestamp, w.strings.lang);
            return;
        }
        m.custom = !MessageType.TEXT.equals(m.type);
        if (!m.custom) {
            String text = Js.string(raw, "content");
            m.segments = Seg.split(text != null ? text : "");
        }
        m.time = Dom.clock(m.timestamp, w.strings.lang);
        m.updateClass();
    }

    // ---- our own messages -------------------------------------------------------------

    /** Our new message, shown at the end until the server stores it. */
    void add(Msg m) {
        items.add(m);
        w.scroll.forceBottom = true;
    }

    /** The SDK gave our message its client id: acks and the restored outbox find the bubble by it. */
    void track(Msg m, String cmid) {
        if (m.clientMsgId == null) {
            m.clientMsgId = cmid;
        }
        byCmid.put(m.clientMsgId, m);
    }

    void untrack(Msg m) {
        byCmid.remove(m.clientMsgId);
        m.clientMsgId = null;
    }

    /** The answer to our send: stored (the server's copy replaces ours) or failed. */
    /** Where the engine answers our send of m (one lambda class for every send path). */
    Answer sent(Msg m) {
        return pack -> sendResult(m, pack);
    }

    void sendResult(Msg m, JSObject pack) {
        if (m.clientMsgId == null) {
            m.clientMsgId = Js.string(pack, "clientMsgId");
        }
        if (Js.number(pack, "code") == 0) {
            conv.learnGid(Js.number(pack, "gid"));
            JSObject stored = Js.get(pack, "message");
            acked(m, Js.isPlainObject(stored) ? stored : pack);
        } else {
            m.fail();
        }
        w.requestUpdate();
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
        conv.ownName(m, stored);
        w.receipts.dirty = true;
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
            setContent(m, stored);
        } else {
            m.updateClass();
        }
    }

    /** chat_message_ack: also for messages restored from the durable outbox, which have no callback here. */
    void onAck(JSObject e) {
        JSObject m = Js.get(e, "message");
        String cmid = Js.string(e, "clientMsgId");
        Msg mine = cmid != null ? byCmid.get(cmid) : null;
        if (mine != null) {
            if (mine.status != Msg.SENT) {
                sendResult(mine, e);
            }
        } else if (Js.isPlainObject(m)) {
            // messages the host sent itself through handle.sdk (e.g. an order card) appear too
            receive(m);
        }
    }

    void onSendFailed(JSObject e) {
        String cmid = Js.string(e, "clientMsgId");
        Msg mine = cmid != null ? byCmid.get(cmid) : null;
        if (mine != null && mine.status == Msg.SENDING) {
            mine.fail();
            w.requestUpdate();
        }
    }

    /** After a reload: messages still in the SDK's durable outbox show as sending (or failed). */
    void onRestored(JSObject list) {
        for (JSObject p : Dom.array(list)) {
            restore(p);
        }
        w.scroll.forceBottom = true;
        w.requestUpdate();
    }

    private void restore(JSObject p) {
        String cmid = Js.string(p, "clientMsgId");
        if (cmid == null || byCmid.containsKey(cmid)) {
            return;
        }
        double g = Js.number(p, "gid");
        boolean here = conv.known() ? g == conv.gid : (conv.peerPin != null && conv.peerPin.equals(Js.string(p, "toChat")));
        if (!here) {
            return;
        }
        String type = Js.string(p, "type");
        Msg m = conv.own(type != null ? type : MessageType.TEXT);
        m.clientMsgId = cmid;
        m.status = "failed".equals(Js.string(p, "status")) ? Msg.FAILED : Msg.SENDING;
        setContent(m, p);
        items.add(m);
        byCmid.put(cmid, m);
    }

    // ---- recall -----------------------------------------------------------------------

    void onRecalled(JSObject e) {
        Msg m = Js.number(e, "gid") == conv.gid ? byMid.get(Dom.numStr(Js.number(e, "mid"))) : null;
        if (m != null && !m.recalled) {
            markRecalled(m);
            w.requestUpdate();
        }
    }

    private static boolean isRecall(JSObject raw) {
        return "recall".equals(Js.string(raw, "type")) || Js.isTrue(raw, "recalled");
    }

    /** The content is dropped for good: only "X recalled a message" remains. */
    void markRecalled(Msg m) {
        m.recalled = true;
        m.custom = false;
        m.segments = new ArrayList<>();
        m.raw = null;
        m.readText = null;
        Strings s = w.strings;
        m.recallText = m.self ? s.youRecalled : Strings.fill(s.otherRecalled, m.name, null);
        w.receipts.dirty = true;
    }

    // ---- layout -----------------------------------------------------------------------

    /** Day separators, and runs from one sender within 3 minutes that show name and avatar once. */
    void markDays() {
        int today = Dom.dayKey(Js.now());
        int yesterday = Dom.dayKey(Js.now() - 86_400_000);
        int prev = -1;
        Msg before = null;
        Strings s = w.strings;
        for (Msg m : items) {
            if (m.dayKeyOf != m.timestamp) {
                m.dayKeyOf = m.timestamp;
                m.dayKey = Dom.dayKey(m.timestamp);
            }
            int key = m.dayKey;
            m.dayStart = key != prev;
            if (m.dayStart) {
                m.dayLabel = key == today ? s.today : key == yesterday ? s.yesterday : Dom.dateLabel(m.timestamp, s.lang);
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

    /** After "resync" (too much was missed): everything goes but our unsent bubbles. */
    void keepUnsent() {
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
    }
}
