package io.parley.widget;

import io.parley.protocol.MessageType;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Speaks each new message from someone else once, through a hidden log of its own. The windowed list
 * adds and removes rows while the reader scrolls and when history pages land, so the list itself must
 * not be a live region: every row coming back into the window would be read out as new.
 */
final class Announcer {
    /** Lines kept: enough for a screen reader to catch up on a short burst, not a second copy of the chat. */
    private static final int KEEP = 3;
    private final ChatWidget w;
    private HTMLElement log;

    Announcer(ChatWidget w) {
        this.w = w;
    }

    /** Called by html:expose-element. */
    public void bind(HTMLElement el) {
        log = el;
    }

    /** This frame's lines, at most KEEP: in a burst the earlier ones would leave the log in the same task, unspoken. */
    private final List<String> pending = new ArrayList<>();

    void say(Msg m) {
        note(m.name + ": " + text(m));
    }

    /** A status change of our own message that has no other voice: "Not sent: …". */
    void failed(Msg m) {
        note(w.strings.failed + ": " + text(m));
    }

    /** A status line of its own, e.g. "Read" when the other side reads our messages. */
    void note(String line) {
        if (log == null || !w.open) {
            return; // closed: the launcher's badge carries the count
        }
        pending.add(line);
        if (pending.size() > KEEP) {
            pending.remove(0);
        }
    }

    /** Once per frame: the new lines join the log, the oldest leave it. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        for (String line : pending) {
            Dom.add(log, "p", null, line);
        }
        pending.clear();
        while (log.getChildNodes().getLength() > KEEP) {
            log.removeChild(log.getFirstChild());
        }
    }

    private String text(Msg m) {
        if (m.segments != null) {
            StringBuilder sb = new StringBuilder();
            for (Seg s : m.segments) {
                sb.append(s.text);
            }
            return sb.toString();
        }
        if (MessageType.IMAGE.equals(m.type)) {
            return w.strings.image;
        }
        String hint = Js.string(m.raw, "fallbackText");
        return hint != null && !hint.isEmpty() ? hint : m.type;
    }
}
