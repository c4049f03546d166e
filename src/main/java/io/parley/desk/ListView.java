package io.parley.desk;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The conversation list pane: filter box, "unread only" toggle and a listbox of options (avatar,
 * name, time, preview, unread badge). Rows are built as DOM nodes with text only (no markup from
 * data) and redrawn only when their entry changed. One option is in the tab order (roving
 * tabindex); arrows move, Enter opens; scrolling near the end asks for the next page.
 */
final class ListView {
    /** One JS listener for all of this component's DOM events (each Java lambda handed to JS costs a class). */
    private final Dom.Events events = this::on;
    private static final int FILTER_INPUT = 1;
    private static final int UNREAD_TOGGLE = 2;
    private static final int LIST_KEY = 3;
    private static final int LIST_CLICK = 4;
    private static final int LIST_SCROLL = 5;
    private static final int FILTER_KEY = 6;

    private final Desk d;
    private final DeskStrings s;
    final HTMLElement filterInput;
    private final HTMLElement unreadButton;
    final HTMLElement box;
    private final HTMLElement status;
    private final Map<String, HTMLElement> rows = new HashMap<>();
    private final Map<String, Integer> drawn = new HashMap<>();
    /** What the listbox shows now, in order (the model's order, maybe only the unread ones). */
    final List<Entry> shown = new ArrayList<>();
    boolean unreadOnly;
    /** The option in the tab order (the open conversation, or where the arrows moved to). */
    double active = Double.NaN;
    private int filterTimer = -1;

    ListView(Desk d, HTMLElement pane) {
        this.d = d;
        s = d.s;
        HTMLElement tools = Dom.add(pane, "div", "pd-tools", null);
        filterInput = Dom.add(tools, "input", "pd-filter", null);
        Dom.attr(filterInput, "type", "search");
        Dom.attr(filterInput, "aria-label", s.filter);
        Dom.attr(filterInput, "placeholder", s.filter);
        Dom.attr(filterInput, "aria-keyshortcuts", "Control+K /");
        unreadButton = Dom.button(tools, "pd-toggle", s.unreadOnly, null);
        Dom.attr(unreadButton, "aria-pressed", "false");
        box = Dom.add(pane, "div", "pd-items", null);
        Dom.attr(box, "role", "listbox");
        Dom.attr(box, "aria-label", s.conversations);
        status = Dom.add(pane, "div", "pd-status", null);
        Dom.attr(status, "role", "status");
        Dom.on(filterInput, "input", events, FILTER_INPUT);
        Dom.on(filterInput, "keydown", events, FILTER_KEY);
        Dom.on(unreadButton, "click", events, UNREAD_TOGGLE);
        Dom.on(box, "keydown", events, LIST_KEY);
        Dom.on(box, "click", events, LIST_CLICK);
        Dom.on(box, "scroll", events, LIST_SCROLL);
    }

    private void on(int what, JSObject e) {
        if (what == FILTER_INPUT) {
            Dom.clearTimer(filterTimer);
            filterTimer = Dom.setTimeout(200, () -> {
                filterTimer = -1;
                d.filter(Dom.value(filterInput).trim());
            });
        } else if (what == FILTER_KEY) {
            if ("ArrowDown".equals(Dom.key(e)) || "Enter".equals(Dom.key(e))) {
                Dom.preventDefault(e);
                focusActive();
            }
        } else if (what == UNREAD_TOGGLE) {
            unreadOnly = !unreadOnly;
            Dom.attr(unreadButton, "aria-pressed", unreadOnly ? "true" : "false");
            render();
            d.fillPage();
        } else if (what == LIST_KEY) {
            onKey(e);
        } else if (what == LIST_CLICK) {
            double gid = gidOf(Dom.target(e));
            if (gid > 0) {
                d.open(gid, true);
            }
        } else if (what == LIST_SCROLL) {
            if (nearEnd(box)) {
                d.loadMore();
            }
        }
    }

    private void onKey(JSObject e) {
        String k = Dom.key(e);
        int i = indexOf(active);
        int n = shown.size();
        int to = -1;
        if ("ArrowDown".equals(k)) {
            to = Math.min(i + 1, n - 1);
        } else if ("ArrowUp".equals(k)) {
            to = Math.max(i - 1, 0);
        } else if ("Home".equals(k)) {
            to = 0;
        } else if ("End".equals(k)) {
            to = n - 1;
        } else if (("Enter".equals(k) || " ".equals(k)) && i >= 0) {
            Dom.preventDefault(e);
            d.open(active, true);
            return;
        } else {
            return;
        }
        Dom.preventDefault(e);
        if (to >= 0 && to < n) {
            move(shown.get(to).gid);
            if (to >= n - 3) {
                d.loadMore();
            }
        }
    }

    /** Moves the roving focus to gid's option. */
    void move(double gid) {
        active = gid;
        syncTabStop();
        HTMLElement row = rows.get(Dom.numStr(gid));
        if (row != null) {
            Dom.focus(row);
            Dom.scrollIntoView(row);
        }
    }

    void focusActive() {
        if (indexOf(active) < 0 && !shown.isEmpty()) {
            active = shown.get(0).gid;
        }
        move(active);
    }

    private int indexOf(double gid) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).gid == gid) {
                return i;
            }
        }
        return -1;
    }

    /** The model into the DOM: rows created, redrawn when changed, put in order; others removed. */
    void render() {
        shown.clear();
        for (Entry e : d.list.order) {
            if (!unreadOnly || e.unread > 0 || e.gid == d.selected) {
                shown.add(e);
            }
        }
        JSObject kids = box.getChildren();
        for (int i = 0; i < shown.size(); i++) {
            Entry e = shown.get(i);
            HTMLElement row = rows.get(e.key);
            if (row == null) {
                row = Dom.add(null, "div", "pd-item", null);
                Dom.attr(row, "role", "option");
                Dom.attr(row, "id", "pd-o-" + e.key);
                Dom.attr(row, "data-gid", e.key);
                Dom.attr(row, "tabindex", "-1");
                rows.put(e.key, row);
            }
            Integer v = drawn.get(e.key);
            if (v == null || v != e.version) {
                drawn.put(e.key, e.version);
                draw(row, e);
            }
            Dom.attr(row, "aria-selected", e.gid == d.selected ? "true" : "false");
            if (childAt(kids, i) != row) {
                box.insertBefore(row, childAt(kids, i));
            }
        }
        while (size(kids) > shown.size()) {
            HTMLElement gone = childAt(kids, shown.size());
            String key = gone.getAttribute("data-gid");
            if (d.list.get(Js.toNumber(Dom.js(key))) == null) { // gone from the model (a new filter): forget it
                rows.remove(key);
                drawn.remove(key);
            }
            Dom.remove(gone);
        }
        syncTabStop();
        String st = d.list.failed ? s.failed : d.list.loading ? s.loading
                : shown.isEmpty() && d.list.end ? s.empty : "";
        Dom.text(status, st);
        Dom.hidden(status, st.isEmpty());
    }

    private void syncTabStop() {
        if (indexOf(active) < 0) {
            active = shown.isEmpty() ? Double.NaN : shown.get(0).gid;
        }
        for (Entry e : shown) {
            HTMLElement row = rows.get(e.key);
            Dom.attr(row, "tabindex", e.gid == active ? "0" : "-1");
        }
    }

    /** One row's content: avatar, name, time, preview and badge as text; its accessible name says it all. */
    private void draw(HTMLElement row, Entry e) {
        Dom.clear(row);
        HTMLElement av = Dom.add(row, "span", "pd-av", null);
        Dom.attr(av, "aria-hidden", "true");
        if (e.avatar != null) {
            HTMLElement img = Dom.add(av, "img", null, null);
            Dom.attr(img, "alt", "");
            Dom.attr(img, "src", e.avatar);
        } else {
            Dom.text(av, initial(e.name));
        }
        HTMLElement main = Dom.add(row, "span", "pd-main", null);
        HTMLElement top = Dom.add(main, "span", "pd-top", null);
        Dom.add(top, "span", "pd-name", e.name);
        String when = e.time > 0 ? when(e.time, s.lang) : "";
        Dom.add(top, "span", "pd-time", when);
        HTMLElement bottom = Dom.add(main, "span", "pd-bottom", null);
        String preview = previewText(e);
        Dom.add(bottom, "span", e.recalled ? "pd-preview pd-recalled" : "pd-preview", preview);
        String unread = e.unread > 0 ? DeskStrings.fill(s.unread, String.valueOf(e.unread)) : null;
        if (e.unread > 0) {
            HTMLElement badge = Dom.add(bottom, "span", "pd-count", e.unread > 99 ? "99+" : String.valueOf(e.unread));
            Dom.attr(badge, "aria-hidden", "true");
        }
        Dom.toggle(row, "pd-has-unread", e.unread > 0);
        Dom.attr(row, "aria-label", e.name + (unread != null ? ", " + unread : "")
                + (preview.isEmpty() ? "" : ", " + preview) + (when.isEmpty() ? "" : ", " + when));
    }

    /** The last message as the list shows it: localized markers for images and recalls, "You: " for mine. */
    String previewText(Entry e) {
        if (e.recalled) {
            return s.recalled;
        }
        String p = "image".equals(e.lastType) ? s.image : e.preview != null ? e.preview : "";
        return e.lastMine && !p.isEmpty() ? s.you + p : p;
    }

    private static String initial(String name) {
        if (name.isEmpty()) {
            return "?";
        }
        char c = name.charAt(0);
        return Character.isHighSurrogate(c) && name.length() > 1 ? name.substring(0, 2) : Dom.upper(name.substring(0, 1));
    }

    private static double gidOf(JSObject target) {
        HTMLElement row = closestOption(target);
        return row == null ? Double.NaN : Js.toNumber(Dom.js(row.getAttribute("data-gid")));
    }

    @JSBody(params = "t", script = "return t && t.closest ? t.closest('[role=option]') : null;")
    private static native HTMLElement closestOption(JSObject t);

    /** The length of a DOM collection (Js.length is for arrays only). */
    @JSBody(params = "kids", script = "return kids.length;")
    static native int size(JSObject kids);

    @JSBody(params = { "kids", "i" }, script = "return kids[i] || null;")
    private static native HTMLElement childAt(JSObject kids, int i);

    @JSBody(params = "el", script = "return el.scrollTop + el.clientHeight >= el.scrollHeight - 120;")
    static native boolean nearEnd(HTMLElement el);

    /** Today: the clock; another day: a short date. */
    @JSBody(params = { "t", "loc" }, script = "var _d = new Date(t), _n = new Date();"
            + " if (_d.toDateString() === _n.toDateString()) { var _h = _d.getHours(), _m = _d.getMinutes();"
            + " return (_h < 10 ? '0' : '') + _h + ':' + (_m < 10 ? '0' : '') + _m; }"
            + " try { return _d.toLocaleDateString(loc, { month: 'short', day: 'numeric' }); } catch (_x) { return _d.toDateString(); }")
    private static native String when(double t, String loc);
}
