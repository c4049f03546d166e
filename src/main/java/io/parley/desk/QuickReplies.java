package io.parley.desk;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import io.parley.widget.DeskChat;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The host's quick replies ({@code options.quickReplies}: strings): from the chat bar's menu, or by
 * typing {@code /} and a few letters at the start of the composer (↑/↓ pick, Enter or Tab insert,
 * Esc closes). Inserted as plain text into the composer of the conversation on screen.
 */
final class QuickReplies {
    /** One JS listener for all of this component's DOM events (each Java lambda handed to JS costs a class). */
    private final Dom.Events events = this::on;
    private static final int BUTTON = 1;
    private static final int PICK = 2;
    private static final int INPUT = 3;
    private static final int KEY = 4;

    private final List<String> replies = new ArrayList<>();
    private final List<String> matches = new ArrayList<>();
    private HTMLElement button;
    private HTMLElement menu;
    private DeskChat chat;
    private int highlighted;
    /** Opened by a leading "/" in the composer: the pick replaces that draft. */
    private boolean slash;

    QuickReplies(Desk d, JSObject options) {
        for (JSObject r : Dom.array(Js.get(options, "quickReplies"))) {
            if (Js.isString(r) && !Js.str(r).trim().isEmpty()) {
                replies.add(Js.str(r));
            }
        }
        if (replies.isEmpty()) {
            return;
        }
        button = Dom.button(d.chatBar, "pd-quick", d.s.quick, null);
        Dom.attr(button, "aria-haspopup", "menu");
        Dom.attr(button, "aria-expanded", "false");
        menu = Dom.add(d.chatBar.getParentNode(), "div", "pd-menu", null);
        Dom.attr(menu, "role", "menu");
        Dom.attr(menu, "aria-label", d.s.quick);
        Dom.hidden(menu, true);
        Dom.on(button, "click", events, BUTTON);
        Dom.on(menu, "click", events, PICK);
        capture(d.chatBar.getParentNode(), Dom.fn(e -> on(KEY, e)));
    }

    /** The conversation on screen changed: the menu follows its composer. */
    void attach(DeskChat c) {
        close(false);
        chat = c;
        HTMLElement input = c.input();
        if (button != null && input != null && input.getAttribute("data-pd-quick") == null) {
            input.setAttribute("data-pd-quick", "");
            Dom.on(input, "input", events, INPUT);
        }
    }

    private void on(int what, JSObject e) {
        if (what == BUTTON) {
            if (menu.isHidden()) {
                show("", false);
                focusItem();
            } else {
                close(true);
            }
        } else if (what == PICK) {
            String i = attrOf(Dom.target(e));
            if (i != null) {
                insert(matches.get(Integer.parseInt(i)));
            }
        } else if (what == INPUT) {
            String v = chat.draft();
            if (v.startsWith("/") && v.indexOf('\n') < 0) {
                show(v.substring(1), true);
            } else if (slash) {
                close(false);
            }
        } else if (what == KEY && menu != null && !menu.isHidden()) {
            String k = Dom.key(e);
            int n = matches.size();
            if ("ArrowDown".equals(k) || "ArrowUp".equals(k)) {
                highlighted = (highlighted + ("ArrowDown".equals(k) ? 1 : n - 1)) % n;
                mark();
                if (!slash) {
                    focusItem();
                }
            } else if (("Enter".equals(k) || (slash && "Tab".equals(k))) && !Dom.composing(e)) {
                insert(matches.get(highlighted));
            } else if ("Escape".equals(k)) {
                close(!slash);
                if (slash) {
                    chat.focusComposer();
                }
            } else {
                return;
            }
            Dom.preventDefault(e);
            stop(e);
        }
    }

    private void show(String prefix, boolean fromSlash) {
        slash = fromSlash;
        matches.clear();
        String p = Dom.upper(prefix);
        for (String r : replies) {
            if (Dom.upper(r).contains(p)) {
                matches.add(r);
            }
        }
        if (matches.isEmpty()) {
            close(false);
            return;
        }
        Dom.clear(menu);
        for (int i = 0; i < matches.size(); i++) {
            HTMLElement item = Dom.button(menu, "pd-menu-item", matches.get(i), null);
            Dom.attr(item, "role", "menuitem");
            Dom.attr(item, "tabindex", "-1");
            Dom.attr(item, "data-i", String.valueOf(i));
        }
        highlighted = 0;
        mark();
        Dom.hidden(menu, false);
        Dom.attr(button, "aria-expanded", "true");
    }

    private void mark() {
        JSObject items = menu.getChildren();
        for (int i = 0; i < ListView.size(items); i++) {
            Dom.toggle(Js.at(items, i), "pd-hl", i == highlighted);
        }
    }

    private void focusItem() {
        Dom.focus(Js.at(menu.getChildren(), highlighted));
    }

    private void insert(String text) {
        String draft = chat.draft();
        chat.setDraft(slash || draft.trim().isEmpty() ? text : draft + " " + text);
        close(false);
        chat.focusComposer();
    }

    private void close(boolean focusButton) {
        if (menu == null) {
            return;
        }
        slash = false;
        Dom.hidden(menu, true);
        Dom.attr(button, "aria-expanded", "false");
        if (focusButton) {
            Dom.focus(button);
        }
    }

    @JSBody(params = "t", script = "var _b = t && t.closest ? t.closest('[data-i]') : null; return _b ? _b.getAttribute('data-i') : null;")
    private static native String attrOf(JSObject t);

    @JSBody(params = { "el", "fn" }, script = "el.addEventListener('keydown', fn, true);")
    private static native void capture(JSObject el, JSObject fn);

    @JSBody(params = "e", script = "e.stopPropagation();")
    private static native void stop(JSObject e);
}
