package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/** One row of the message list. Getters are cheap: everything is computed when the data changes. */
public final class Msg {
    static final int SENT = 0;
    static final int SENDING = 1;
    static final int FAILED = 2;

    /** Server id; NaN until the server acknowledged our own message. */
    double mid = Double.NaN;
    String clientMsgId;
    String type;
    /** The plain message object, as delivered (handed to custom renderers). */
    JSObject raw;
    String pin;
    String appId;
    double timestamp;
    int status = SENT;

    boolean self;
    String side;
    String name;
    String avatar;
    String initial;
    String time;
    List<Seg> segments;
    boolean custom;
    String rowClass;

    boolean dayStart;
    /** Continues a run from the same sender: name, time and avatar are not repeated. */
    boolean cont;
    int dayKey;
    double dayKeyOf = Double.NaN;
    String dayLabel;

    /** Recalled: shown as a neutral system line; the content is gone. */
    boolean recalled;
    String recallText;
    /** Read state of our own sent message ("Read", "2 read"…); null: not shown. */
    String readText;
    boolean readAny;

    /** Our own image while it uploads: the prepared blob, its size and the progress bar. */
    JSObject blob;
    int w;
    int h;
    HTMLElement bar;
    private HTMLElement customMount;
    HTMLElement rowEl;
    private HTMLElement under;
    private HTMLElement textMount;
    private HTMLElement avatarMount;
    private String avatarOf;
    private List<Seg> textSegs;
    private int underState;
    private String underText;
    private ChatWidget owner;

    Msg(ChatWidget owner) {
        this.owner = owner;
    }

    public boolean isCustom() {
        return custom;
    }

    public String getRowClass() {
        return rowClass;
    }

    public String getName() {
        return name;
    }

    public String getTime() {
        return time;
    }

    public boolean isDayStart() {
        return dayStart;
    }

    public String getDayLabel() {
        return dayLabel;
    }

    public boolean isSending() {
        return status == SENDING;
    }

    public boolean isFailed() {
        return status == FAILED;
    }

    public String getMidAttr() {
        return mid == mid ? Dom.numStr(mid) : "";
    }

    public String getClientMsgId() {
        return clientMsgId != null ? clientMsgId : "";
    }

    /** Called by html:expose-element on each render: builds the custom DOM once. */
    public void mountCustom(HTMLElement el) {
        if (customMount != el) {
            customMount = el;
            Dom.clear(el);
            if (blob != null) {
                owner.media.mountPreview(this, el);
            } else {
                Renderers.render(this, el, owner);
            }
        }
    }

    /** Called by html:expose-element on each render: the avatar image, else the initial as text. */
    public void mountAvatar(HTMLElement el) {
        if (avatarMount != el || avatarOf != avatar) {
            avatarMount = el;
            avatarOf = avatar;
            Dom.avatar(el, avatar, initial);
        }
    }

    /** Called by html:expose-element on each render: the text as text nodes and links (never HTML). */
    public void mountText(HTMLElement el) {
        if (textMount != el || textSegs != segments) {
            textMount = el;
            textSegs = segments;
            Dom.clear(el);
            for (Seg s : segments) {
                Dom.appendText(el, s.text, s.href);
            }
        }
    }

    void remount() {
        customMount = null;
        updateClass();
    }

    public boolean isRecalled() {
        return recalled;
    }

    public String getRecallText() {
        return recallText;
    }

    public String getReadClass() {
        return readAny ? "pw-receipt pw-receipt-read" : "pw-receipt";
    }

    /** Text messages can be copied (our own pending ones too). */
    public boolean isCopyable() {
        return !custom && !recalled;
    }

    /** Our own stored message, young enough to recall (the server has the last word). */
    public boolean isRecallable() {
        return self && !recalled && status == SENT && mid == mid && Js.now() - timestamp < owner.actions.recallMs();
    }

    /**
     * Called by html:expose-element on each render: the read receipt and the Copy/Recall buttons,
     * built once and then only updated (a focused button stays focused).
     */
    public void mountUnder(HTMLElement el) {
        if (under != el) {
            under = el;
            underState = -1;
            Strings s = owner.strings;
            MessageActions.buildUnder(el, s.copy, s.copyLabel, s.recall, s.recallLabel, () -> owner.actions.copy(this),
                    () -> owner.actions.recall(this));
        }
        int state = (isCopyable() ? 1 : 0) | (isRecallable() ? 2 : 0) | (readAny ? 4 : 0);
        if (state != underState || readText != underText) {
            underState = state;
            underText = readText;
            MessageActions.updateUnder(el, readText, getReadClass(), (state & 1) != 0, (state & 2) != 0);
        }
    }

    /** Called by html:expose-element on each render: read receipts watch rows from others. */
    public void bindRow(HTMLElement el) {
        if (rowEl != el) {
            rowEl = el;
            if (!self) {
                owner.receipts.watch(el);
            }
        }
    }

    public void resend() {
        owner.actions.resend(this);
    }

    void fail() {
        status = FAILED;
        updateClass();
    }

    void updateClass() {
        String c = "pw-msg pw-" + side + (self ? " pw-self" : "") + (custom ? " pw-custom-row" : "")
                + (cont ? " pw-cont" : "");
        if (status == SENDING) {
            c += " pw-sending";
        } else if (status == FAILED) {
            c += " pw-failed";
        }
        rowClass = c;
    }
}
