package io.parley.desk;

import io.parley.protocol.ConversationFields;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** One conversation of the list, as the server last described it (list_conversations or conversation_updated). */
final class Entry {
    final double gid;
    final String key;
    String name;
    String avatar;
    String peerPin;
    double time;
    double lastMid;
    int unread;
    String preview;
    String lastType;
    boolean recalled;
    boolean lastMine;
    /** Bumped by every change: the list view redraws a row only when it moved on. */
    int version;

    Entry(double gid) {
        this.gid = gid;
        key = Dom.numStr(gid);
    }

    /** {@code roles}: the host's roles option (as the widget's): a 1:1 peer's avatar comes from it. */
    void read(JSObject raw, String myPin, String myAppId, JSObject roles) {
        name = Js.string(raw, ConversationFields.NAME);
        JSObject peer = Js.get(raw, ConversationFields.PEER);
        peerPin = Js.string(peer, "pin");
        String a = Js.string(raw, ConversationFields.AVATAR);
        if (a == null && peerPin != null && roles != null) {
            String appId = Js.string(peer, "appId");
            a = roleAvatar(roles, peerPin + "/" + appId, peerPin, appId);
        }
        avatar = a != null ? Dom.safeUrl(a) : null;
        if (name == null || name.isEmpty()) {
            name = peerPin != null ? peerPin : "#" + key;
        }
        time = Js.number(raw, ConversationFields.TIME);
        lastMid = Js.number(raw, ConversationFields.LAST_MID);
        double u = Js.number(raw, ConversationFields.UNREAD);
        unread = u > 0 ? (int) u : 0;
        JSObject last = Js.get(raw, ConversationFields.LAST);
        preview = Js.string(last, ConversationFields.PREVIEW);
        lastType = Js.string(last, "msgType");
        recalled = Js.isTrue(last, ConversationFields.RECALLED);
        JSObject from = Js.get(last, "from");
        lastMine = myPin != null && myPin.equals(Js.string(from, "pin")) && myAppId != null
                && myAppId.equals(Js.string(from, "appId"));
        version++;
    }

    /** The widget's role lookup order: pin/appId, then pin, then appId. */
    @JSBody(params = { "r", "a", "b", "c" }, script = "var _k = [a, b, c]; for (var _i = 0; _i < 3; _i++) {"
            + " var _v = Object.prototype.hasOwnProperty.call(r, _k[_i]) ? r[_k[_i]] : null;"
            + " if (_v && typeof _v === 'object' && typeof _v.avatar === 'string') return _v.avatar; } return null;")
    private static native String roleAvatar(JSObject r, String a, String b, String c);

    /** The server's filter rule: a name prefix (ASCII letters in either case) or a 1:1 peer's pin prefix. */
    boolean matches(String filter) {
        return filter.isEmpty() || Dom.upper(name).startsWith(Dom.upper(filter))
                || (peerPin != null && peerPin.startsWith(filter));
    }

    /** Newest activity first; ties by gid, higher first (the server's order). */
    static int compare(Entry a, Entry b) {
        if (a.time != b.time) {
            return a.time > b.time ? -1 : 1;
        }
        return a.gid > b.gid ? -1 : a.gid < b.gid ? 1 : 0;
    }
}
