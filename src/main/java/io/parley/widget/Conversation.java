package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSObject;

/**
 * Who talks with whom: me, the one-to-one peer or the group, the conversation's gid once known,
 * and the host's roles (name, avatar, side) for each sender.
 */
final class Conversation {
    final String myPin;
    final String myAppId;
    final String peerPin;
    final String peerAppId;
    /** From options (a group), or learned from the first answer (one-to-one); NaN until known. */
    double gid;
    /** The gid the host configured (NaN: none; the engine then addresses a one-to-one chat by toChat/toAppId). */
    final double configuredGid;
    /** A group (gid configured): receipts read "N read" instead of "Read". The desk opens 1:1s by gid too and says so. */
    boolean group;
    private final JSObject roles;
    private String myNick;
    private final ChatWidget w;

    Conversation(ChatWidget w, JSObject options, JSObject cfg) {
        this.w = w;
        myPin = Js.string(cfg, "pin");
        myAppId = Js.string(cfg, "appId");
        peerPin = Js.string(cfg, "toChat");
        peerAppId = Js.string(cfg, "toAppId");
        myNick = Js.string(options, "nickName");
        roles = Js.isPlainObject(Js.get(options, "roles")) ? Js.get(options, "roles") : null;
        double g = Js.number(options, "gid");
        gid = g > 0 ? g : Double.NaN;
        configuredGid = gid;
        group = gid == gid;
    }

    boolean known() {
        return gid == gid;
    }

    void learnGid(double g) {
        if (gid != gid && g > 0) {
            gid = g;
            w.gidLearned(g);
        }
    }

    /** True for the widget's conversation (one-to-one: a packet from the peer teaches us its gid). */
    boolean mine(double g, JSObject from) {
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

    boolean isSelf(JSObject from) {
        return myPin != null && myPin.equals(Js.string(from, "pin")) && myAppId != null
                && myAppId.equals(Js.string(from, "appId"));
    }

    static String key(JSObject who) {
        return Js.string(who, "pin") + "/" + Js.string(who, "appId");
    }

    /** A new message of my own, written now. */
    Msg own(String type) {
        Msg m = new Msg(w);
        m.type = type;
        m.self = true;
        m.pin = myPin;
        m.appId = myAppId;
        m.timestamp = Js.now();
        applyRole(m, myNick);
        return m;
    }

    /** The server's copy of our message names us as others see us (the token's signed name): from now on, so do we. */
    void ownName(Msg m, JSObject stored) {
        String nick = Js.string(Js.get(stored, "from"), "nickName");
        if (nick != null) {
            myNick = nick;
            applyRole(m, nick);
        }
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
}
