package io.parley.widget;

import io.parley.sdk.Js;
import org.teavm.jso.JSObject;

/**
 * The header's model: who the chat is with (the peer, or the group), their avatar, and whether they type.
 * Names only ever reach the page as text (html:text) or as a checked avatar URL.
 */
public final class Header {
    private final ChatWidget w;
    private final boolean fixed;
    private final boolean group;
    private final Conversation conv;
    private Msg who;
    /** The peer has written or typed: their own messages name them from now on. */
    private boolean heard;

    Header(ChatWidget w, JSObject options, Conversation conv) {
        this.w = w;
        this.conv = conv;
        group = conv.group;
        String peerPin = conv.peerPin;
        who = new Msg(w);
        who.pin = peerPin;
        who.appId = conv.peerAppId;
        String title = Js.string(options, "title");
        if (title == null && group) {
            title = Js.string(options, "groupName");
        }
        fixed = title != null || group || peerPin == null;
        if (fixed) {
            who.name = title != null ? title : w.strings.title;
            who.initial = Conversation.initial(who.name);
        } else {
            conv.applyRole(who, null);
        }
    }

    /** A message or typing from the one-to-one peer teaches us its nickName (or role name and avatar). */
    void saw(Msg m) {
        if (!fixed && !m.self) {
            who = m;
            heard = true;
        }
    }

    /** read_state_result's member list names the peer (by their token's name) before they have written. */
    void member(JSObject m) {
        String nick = Js.string(m, "nickName");
        if (!fixed && !heard && nick != null && Conversation.key(m).equals(who.pin + "/" + who.appId)) {
            conv.applyRole(who, nick);
            w.requestUpdate();
        }
    }

    public String getTitle() {
        return who.name;
    }

    public String getAvatar() {
        return who.avatar;
    }

    public String getInitial() {
        return who.initial;
    }

    /** "typing…" (a group names who types) or empty. */
    public String getStatus() {
        String t = w.notices.getTypingText();
        return t.isEmpty() || group ? t : w.strings.typing;
    }
}
