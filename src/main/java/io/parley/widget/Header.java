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
    private Msg who;

    Header(ChatWidget w, JSObject options, Conversation conv) {
        this.w = w;
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
