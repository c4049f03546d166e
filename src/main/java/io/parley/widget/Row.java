package io.parley.widget;

import io.parley.sdk.Dom;

import java.util.List;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.xml.Node;

/**
 * The DOM of one message while it is inside the list's window, keyed by its {@link Msg}: built
 * when the message enters the window, then patched in place (only what changed is written), so a
 * row element keeps its message for as long as it is shown. At most 8 elements: the row (its
 * avatar is a pseudo-element), name (the time is a pseudo-element), bubble, receipt, the
 * Copy/Recall holder with its two buttons, and a spinner or a Resend button. A day separator
 * stands before the row when a day starts; a recalled message is one neutral line.
 */
final class Row {
    private static final int NAME = 0;
    private static final int BUBBLE = 1;
    private static final int RECEIPT = 2;
    private static final int ACTS = 3;
    private static final int EXTRA = 4;

    final Msg m;
    /** The day separator before the row, or null. */
    HTMLElement day;
    /** The row itself: .pw-msg, or .pw-recalled once recalled. */
    HTMLElement main;
    private boolean recalledShown;
    private String cls;
    private String mid;
    private String cmid;
    private String name;
    private String time;
    private String label;
    private String dayLabel;
    private String avatar;
    private String initial;
    private String receipt;
    private String receiptCls;
    private int acts = -1;
    private int status = -1;
    private List<Seg> segs;
    /** Typed as JSObject: held as an Object, TeaVM would wrap it and identity would never match. */
    private JSObject content;
    private int contentGen = -1;

    Row(Msg m) {
        this.m = m;
    }

    /** Brings the DOM in line with the message. */
    void patch() {
        ChatWidget w = m.owner;
        Strings s = w.strings;
        if (m.dayStart) {
            if (day == null) {
                day = dayLine();
                dayLabel = null;
            }
            if (!m.dayLabel.equals(dayLabel)) {
                dayLabel = m.dayLabel;
                Dom.text(day, dayLabel);
                Dom.attr(day, "aria-label", dayLabel);
            }
        } else if (day != null) {
            Dom.remove(day);
            day = null;
        }
        if (m.recalled) {
            if (!recalledShown) {
                recalledShown = true;
                HTMLElement old = main;
                main = recalledLine();
                if (old != null) {
                    replace(old, main);
                    w.receipts.unwatch(old);
                }
            }
            Dom.text(child(main, 0), m.recallText);
            patchMid();
            return;
        }
        if (main == null) {
            main = row(s.copy, s.copyLabel, s.recall, s.recallLabel, () -> w.actions.copy(m), () -> w.actions.recall(m));
            if (!m.self) {
                w.receipts.watch(main);
            }
        }
        if (!m.rowClass.equals(cls)) {
            cls = m.rowClass;
            main.setClassName(cls);
        }
        patchMid();
        if (!eq(m.clientMsgId, cmid)) {
            cmid = m.clientMsgId;
            Dom.attr(main, "data-cmid", cmid != null ? cmid : "");
        }
        if (!eq(m.avatar, avatar) || !eq(m.initial, initial)) {
            avatar = m.avatar;
            initial = m.initial;
            avatar(main, avatar, initial);
        }
        HTMLElement nameEl = child(main, NAME);
        if (!eq(m.name, name)) {
            name = m.name;
            Dom.text(nameEl, name);
        }
        HTMLElement bubble = child(main, BUBBLE);
        if (!eq(m.time, time)) {
            time = m.time;
            Dom.attr(nameEl, "data-time", time);
        }
        // the row is a named group: follow-ups (name and time not drawn) still say who and when
        String l = name + ", " + time;
        if (!l.equals(label)) {
            label = l;
            Dom.attr(main, "aria-label", l);
        }
        patchContent(w, bubble);
        if (m.status != status) {
            status = m.status;
            Dom.remove(child(main, EXTRA));
            if (status == Msg.SENDING) {
                spinner(main, s.sending);
            } else if (status == Msg.FAILED) {
                resend(main, s.resend, m::resend);
            }
        }
        String rt = status == Msg.FAILED ? s.failed : m.readText;
        String rc = status == Msg.FAILED ? "pw-failed-text" : m.readClass();
        if (!eq(rt, receipt) || !eq(rc, receiptCls)) {
            receipt = rt;
            receiptCls = rc;
            receipt(child(main, RECEIPT), rt, rc);
        }
        int a = (m.isCopyable() ? 1 : 0) | (m.isRecallable() ? 2 : 0) | (w.actions.armed == m ? 4 : 0);
        if (a != acts) {
            acts = a;
            boolean armed = (a & 4) != 0;
            actions(child(main, ACTS), (a & 1) != 0, (a & 2) != 0, armed ? s.recallConfirm : s.recall,
                    armed ? s.recallConfirm : s.recallLabel);
        }
    }

    private void patchMid() {
        String v = m.midAttr();
        if (!eq(v, mid)) {
            mid = v;
            Dom.attr(main, "data-mid", v != null ? v : "");
        }
    }

    /** Text as text nodes and links (never HTML); special types through their renderer, built once. */
    private void patchContent(ChatWidget w, HTMLElement bubble) {
        if (m.custom) {
            JSObject key = m.blob != null ? m.blob : m.raw;
            if (key != content || m.contentGen != contentGen) {
                content = key;
                contentGen = m.contentGen;
                segs = null;
                bubble.setClassName("pw-bubble pw-card");
                Dom.clear(bubble);
                if (m.blob != null) {
                    w.media.mountPreview(m, bubble);
                } else {
                    Renderers.render(m, bubble, w);
                }
            }
        } else if (segs != m.segments) {
            segs = m.segments;
            content = null;
            bubble.setClassName("pw-bubble");
            Dom.clear(bubble);
            for (Seg sg : segs) {
                Dom.appendText(bubble, sg.text, sg.href);
            }
        }
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    // ---- DOM ------------------------------------------------------------------------------

    @JSBody(params = { "copyText", "copyAria", "recallText", "recallAria", "onCopy", "onRecall" }, script =
            "var _d = document; var _r = _d.createElement('div'); _r.tabIndex = -1; _r.setAttribute('role', 'group');"
            + " var _n = _d.createElement('span'); _n.className = 'pw-name'; _r.appendChild(_n);"
            + " var _b = _d.createElement('div'); _b.className = 'pw-bubble'; _r.appendChild(_b);"
            + " var _c = _d.createElement('span'); _c.className = 'pw-rcpt'; _c.hidden = true; _r.appendChild(_c);"
            + " var _u = _d.createElement('div'); _u.className = 'pw-under'; _r.appendChild(_u);"
            + " var _mk = function (_cls, _txt, _aria, _fn) { var _btn = _d.createElement('button'); _btn.type = 'button';"
            + " _btn.className = 'pw-act ' + _cls; _btn.textContent = _txt; _btn.setAttribute('aria-label', _aria);"
            + " _btn.hidden = true; _btn.addEventListener('click', function () { _fn(); }); _u.appendChild(_btn); };"
            + " _mk('pw-copy', copyText, copyAria, onCopy); _mk('pw-recall', recallText, recallAria, onRecall); return _r;")
    private static native HTMLElement row(String copyText, String copyAria, String recallText, String recallAria,
            Dom.Action onCopy, Dom.Action onRecall);

    @JSBody(script = "var _l = document.createElement('div'); _l.className = 'pw-recalled'; _l.setAttribute('role', 'note'); _l.tabIndex = -1;"
            + " _l.appendChild(document.createElement('span')); return _l;")
    private static native HTMLElement recalledLine();

@JSBody(script = "var _e = document.createElement('div'); _e.className = 'pw-day'; _e.setAttribute('role', 'separator'); return _e;")
    private static native HTMLElement dayLine();

    private static HTMLElement child(HTMLElement e, int i) {
        return (HTMLElement) e.getChildren().item(i);
    }

    private static void replace(HTMLElement old, HTMLElement now) {
        Node p = old.getParentNode();
        if (p != null) {
            p.replaceChild(now, old);
        }
    }

    /** The avatar is the row's ::before: the picture as a CSS variable (set through CSSOM), else the initial. */
    @JSBody(params = { "e", "src", "ini" }, script = "e.setAttribute('data-initial', src ? '' : (ini || ''));"
            + " if (src) e.style.setProperty('--pw-av', 'url(\"' + src.replace(/[\\\\\"\\n\\r]/g, encodeURIComponent) + '\")');"
            + " else e.style.removeProperty('--pw-av');")
    private static native void avatar(HTMLElement e, String src, String ini);

    @JSBody(params = { "e", "label" }, script = "var _s = document.createElement('span'); _s.className = 'pw-spinner';"
            + " _s.setAttribute('role', 'img'); _s.setAttribute('aria-label', label); e.appendChild(_s);")
    private static native void spinner(HTMLElement e, String label);

    @JSBody(params = { "e", "label", "fn" }, script = "var _b = document.createElement('button'); _b.type = 'button';"
            + " _b.className = 'pw-resend'; _b.textContent = label; _b.addEventListener('click', function () { fn(); });"
            + " e.appendChild(_b);")
    private static native void resend(HTMLElement e, String label, Dom.Action fn);

    private static void receipt(HTMLElement e, String t, String cls) {
        boolean shown = t != null && !t.isEmpty();
        e.setTextContent(shown ? t : "");
        e.setClassName(shown ? "pw-rcpt " + cls : "pw-rcpt");
        e.setHidden(!shown);
    }

    private static void actions(HTMLElement e, boolean copy, boolean recall, String rt, String ra) {
        child(e, 0).setHidden(!copy);
        HTMLElement r = child(e, 1);
        r.setHidden(!recall);
        r.setTextContent(rt);
        r.setAttribute("aria-label", ra);
    }
}
