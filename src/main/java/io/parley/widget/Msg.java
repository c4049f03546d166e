package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/** One message of the list: its data, computed when it changes; {@link Row} shows it while it is in the window. */
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
    /** Its DOM while it is inside the list's window (null outside it), and its last measured height. */
    Row view;
    double height = Double.NaN;
    int windowGen;
    /** Bumped when the special content must be built again (the upload preview gave way to the image). */
    int contentGen;
    final ChatWidget owner;

    Msg(ChatWidget owner) {
        this.owner = owner;
    }

    boolean isSending() {
        return status == SENDING;
    }

    boolean isFailed() {
        return status == FAILED;
    }

    String midAttr() {
        return mid == mid ? Dom.numStr(mid) : null;
    }

    void remount() {
        contentGen++;
        updateClass();
    }

    String readClass() {
        return readAny ? "pw-receipt pw-receipt-read" : "pw-receipt";
    }

    /** Text messages can be copied (our own pending ones too). */
    boolean isCopyable() {
        return !custom && !recalled;
    }

    /** Our own stored message, young enough to recall (the server has the last word). */
    boolean isRecallable() {
        return self && !recalled && status == SENT && mid == mid && Js.now() - timestamp < owner.actions.recallMs();
    }

    public void resend() {
        owner.actions.resend(this);
    }

    void fail() {
        status = FAILED;
        updateClass();
        owner.announcer.failed(this);
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
