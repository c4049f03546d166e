package io.parley.widget;

import io.parley.protocol.MessageType;
import io.parley.sdk.Answer;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * What the reader can do with one message: copy its text, recall their own within the server's
 * window (the action hides when it ends), and resend a failed one as what it was.
 */
final class MessageActions {
    private final ChatWidget w;
    private int recallTimer = -1;
    /** Recall asks first: one press arms it for a few seconds ("Confirm recall"), a second press recalls. */
    Msg armed;
    private int armTimer = -1;
    static final int CONFIRM_MS = 5000;
    private static final int COPIED = 0, COPY_FAILED = 1, DISARM = 2, RECALL_ENDS = 3;
    /** The copy results and both timers through one functor (one class in the bundle, not one per lambda). */
    private final Dom.Events events = this::on;

    MessageActions(ChatWidget w) {
        this.w = w;
    }

    void copy(Msg m) {
        String text = Js.string(m.raw, "content");
        if (text != null && !m.recalled) {
            Dom.copy(text, w.scroll.list, bind(events, COPIED), bind(events, COPY_FAILED));
        }
    }

    /** The row's Recall button: the first press asks, the second recalls. */
    void recall(Msg m) {
        if (arm(m)) {
            recallNow(m);
        }
    }

    /** Confirmed (a second press, here or in the touch menu): asks the server. */
    void recallNow(Msg m) {
        Conversation conv = w.conv;
        if (m.mid != m.mid || !conv.known() || m.recalled) {
            return;
        }
        w.sdk.recall(m.mid, res -> {
            if (Js.number(res, "code") == 0) {
                if (!m.recalled) {
                    w.timeline.markRecalled(m);
                    Dom.focus(w.scroll.list);
                    w.requestUpdate();
                }
                return;
            }
            Strings s = w.strings;
            String err = Js.string(res, "error");
            String why = "recall_window_passed".equals(err) ? s.recallTooLate : Js.string(res, "msg");
            w.notices.toast(Strings.fill(s.recallFailed, why != null ? why : String.valueOf(err), null), 5000);
        }, conv.gid);
    }

    /** True when m was armed already (go ahead); else arms it, asks, and disarms after a while. */
    boolean arm(Msg m) {
        Dom.clearTimer(armTimer);
        armTimer = -1;
        if (armed == m) {
            armed = null;
            w.requestUpdate();
            return true;
        }
        armed = m;
        armTimer = Dom.later(CONFIRM_MS, events, DISARM);
        w.notices.toast(w.strings.recallAsk, CONFIRM_MS);
        w.requestUpdate();
        return false;
    }

    /** The server's recall window (auth_ok limits): the Recall action hides when it ends. */
    double recallMs() {
        return w.sdk.limits().recallWindowMs;
    }

    /** Hides recall buttons when their window ends (one timer for the soonest). */
    void armRecallTimer() {
        if (recallTimer >= 0) {
            return;
        }
        double now = Js.now();
        double soonest = Double.NaN;
        for (int i = w.timeline.items.size() - 1; i >= 0; i--) {
            Msg m = w.timeline.items.get(i);
            if (now - m.timestamp >= recallMs() && m.status == Msg.SENT) {
                break;
            }
            if (m.isRecallable()) {
                soonest = m.timestamp + recallMs();
            }
        }
        if (soonest == soonest) {
            recallTimer = Dom.later((int) (soonest - now) + 50, events, RECALL_ENDS);
        }
    }

    private void on(int what, JSObject e) {
        if (what == COPIED) {
            w.notices.toast(w.strings.copied, 2000);
        } else if (what == COPY_FAILED) {
            w.notices.toast(w.strings.copyFailed, 3000);
        } else if (what == DISARM) {
            armTimer = -1;
            armed = null;
            w.touchMenu.disarmed();
            w.requestUpdate();
        } else {
            recallTimer = -1;
            w.requestUpdate();
            armRecallTimer();
        }
    }

    @JSBody(params = { "fn", "what" }, script = "return function () { fn(what, null); };")
    private static native Dom.Action bind(Dom.Events fn, int what);

    void resend(Msg m) {
        if (m.status != Msg.FAILED) {
            return;
        }
        if (m.blob != null && m.clientMsgId == null) {
            w.media.upload(m); // the upload failed: upload again
            w.render();
            return;
        }
        m.status = Msg.SENDING;
        m.updateClass();
        Timeline timeline = w.timeline;
        Answer cb = timeline.sent(m);
        // same client id: the server de-duplicates, so the message is stored once
        if (!w.sdk.resend(m.clientMsgId, cb)) {
            // unknown to the SDK (refused before it was queued): send it again as what it is, under a fresh id
            timeline.untrack(m);
            double gid = w.conv.configuredGid;
            String cmid = MessageType.IMAGE.equals(m.type) ? w.sdk.sendImage(Js.get(m.raw, "image"), cb, gid)
                    : m.custom ? w.sdk.sendCustom(m.type, Js.get(m.raw, "payload"), m.raw, cb, gid)
                    : w.sdk.sendText(Js.string(m.raw, "content"), cb, gid);
            timeline.track(m, cmid);
        }
        w.render();
    }

    void destroy() {
        Dom.clearTimer(armTimer);
        Dom.clearTimer(recallTimer);
    }
}
