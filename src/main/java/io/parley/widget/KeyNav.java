package io.parley.widget;

import org.teavm.jso.JSBody;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Keyboard paths through the panel. The message list is one tab stop: arrow keys (Home/End) move
 * between its rows, and only the row in focus offers its own controls (Copy, Recall, Resend, links)
 * to Tab, so Tab goes list, composer, send whatever the chat's length. On a phone the floating panel
 * covers the page and is a modal dialog: Tab and Shift+Tab wrap inside it.
 */
final class KeyNav {
    private KeyNav() {
    }

    static void onKey(HTMLElement panel, HTMLElement list, KeyboardEvent e, boolean modal) {
        if (panel != null && list != null) {
            key(panel, list, e, modal);
        }
    }

    /** Full screen (the stylesheet's phone layout): the floating panel is then modal. */
    @JSBody(script = "return !!window.matchMedia && matchMedia('(max-width: 599px)').matches;")
    static native boolean phone();

    /**
     * The page behind the modal panel made inert (no focus, out of the accessibility tree): aria-modal
     * inside a shadow root does not hide the light DOM around it, so the siblings of the widget's host
     * and of each of its ancestors get {@code inert}; only those we marked are given back.
     */
    @JSBody(params = { "el", "on" }, script = "var _h = el.getRootNode().host;"
            + " for (var _n = _h; _n && _n.parentElement && _n !== document.body; _n = _n.parentElement) {"
            + "   for (var _c = _n.parentElement.firstElementChild; _c; _c = _c.nextElementSibling) {"
            + "     if (_c === _n || /^(SCRIPT|STYLE|LINK)$/.test(_c.tagName)) continue;"
            + "     if (on && !_c.inert) { _c.inert = true; _c.setAttribute('data-pw-inert', ''); }"
            + "     else if (!on && _c.hasAttribute('data-pw-inert')) { _c.inert = false; _c.removeAttribute('data-pw-inert'); } } }")
    static native void pageInert(HTMLElement el, boolean on);

    @JSBody(params = { "panel", "list", "e", "modal" }, script = "var _k = e.key, _a = panel.getRootNode().activeElement;"
            + " if (!_a || !panel.contains(_a) || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;"
            // a dialog of its own inside the panel (camera, image viewer) keeps its own Tab loop
            + " var _d = _a.closest('[aria-modal=true]'); if (_d && _d !== panel) return;"
            + " var _row = _a !== list && list.contains(_a) ? _a.closest('.pw-msg, .pw-recalled') : null;"
            + " if (/^(ArrowUp|ArrowDown|Home|End)$/.test(_k)) {"
            + "   if (_a !== list && _a !== _row) return;"
            + "   var _rows = list.querySelectorAll('.pw-msg, .pw-recalled'); if (!_rows.length) return;"
            + "   var _i = Array.prototype.indexOf.call(_rows, _row), _up = _k === 'ArrowUp';"
            + "   var _j = _k === 'Home' ? 0 : _k === 'End' || _i < 0 ? _rows.length - 1 : _i + (_up ? -1 : 1);"
            + "   e.preventDefault();"
            // past the rows in the DOM: scroll, so the windowed list brings the next ones in
            + "   if (_j < 0 || _j >= _rows.length) { list.scrollTop += _up ? -60 : 60; return; }"
            + "   _rows[_j].focus(); return; }"
            + " if (_k !== 'Tab') return;"
            + " var _all = panel.querySelectorAll('button, textarea, input, a[href], [tabindex]'), _items = [];"
            + " for (var _n = 0; _n < _all.length; _n++) { var _el = _all[_n];"
            + "   if (_el.disabled || _el.closest('[hidden]') || !_el.getClientRects().length) continue;"
            + "   if (_el.tabIndex < 0 && _el !== _row) continue;"
            + "   if (_el !== list && list.contains(_el) && !(_row && _row.contains(_el))) continue;"
            + "   _items.push(_el); }"
            + " var _p = _items.indexOf(_a); if (_p < 0) return;"
            + " var _q = _p + (e.shiftKey ? -1 : 1);"
            + " if (_q < 0 || _q >= _items.length) { if (!modal) return; _q = (_q + _items.length) % _items.length; }"
            + " e.preventDefault(); _items[_q].focus();")
    private static native void key(HTMLElement panel, HTMLElement list, KeyboardEvent e, boolean modal);
}
