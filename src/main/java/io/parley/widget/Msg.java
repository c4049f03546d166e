package io.parley.widget;

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

    private HTMLElement customMount;
    private ChatWidget owner;

    Msg(ChatWidget owner) {
        this.owner = owner;
    }

    public List<Seg> getSegments() {
        return segments;
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

    public String getAvatar() {
        return avatar;
    }

    public String getInitial() {
        return initial;
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
            Renderers.render(this, el, owner);
        }
    }

    public void resend() {
        owner.resend(this);
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
