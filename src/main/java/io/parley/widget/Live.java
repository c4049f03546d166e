package io.parley.widget;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Browser bits behind recall/copy, read receipts, unread badges and typing: the
 * IntersectionObserver that finds what the reader actually sees, the clipboard, the tab
 * title badge and the BroadcastChannel between tabs. Every local inside the scripts starts
 * with "_" so the minifier's parameter names never clash.
 */
final class Live {
    private Live() {
    }

    /**
     * Watches message rows inside {@code root}: a row counts as seen when at least half of it (or
     * half the list's height, for a tall one) is visible. {@code fn} runs on every change.
     */
    @JSBody(params = { "root", "fn" }, script = "if (typeof IntersectionObserver !== 'function') return null;"
            + " var _vis = new Set(); var _io = new IntersectionObserver(function (_ents) {"
            + " for (var _i = 0; _i < _ents.length; _i++) { var _en = _ents[_i];"
            + " if (_en.isIntersecting && (_en.intersectionRatio >= 0.5 || (_en.rootBounds"
            + " && _en.intersectionRect.height >= _en.rootBounds.height / 2))) _vis.add(_en.target);"
            + " else _vis['delete'](_en.target); } fn(); }, { root: root, threshold: [0, 0.5, 1] });"
            + " return { io: _io, vis: _vis };")
    static native JSObject watcher(HTMLElement root, Dom.Action fn);

    @JSBody(params = { "w", "el" }, script = "w.io.observe(el);")
    static native void observe(JSObject w, HTMLElement el);

    @JSBody(params = "w", script = "w.io.disconnect(); w.vis.clear();")
    static native void disconnect(JSObject w);

    /** The highest mid among visible rows from others (0: none). */
    @JSBody(params = "w", script = "var _max = 0; w.vis.forEach(function (_el) {"
            + " if (!_el.isConnected) { w.vis['delete'](_el); return; }"
            + " if (_el.classList.contains('pw-self')) return;"
            + " var _mid = +_el.getAttribute('data-mid'); if (_mid > _max) _max = _mid; }); return _max;")
    static native double maxVisible(JSObject w);

    @JSBody(script = "return typeof document !== 'undefined' && document.visibilityState === 'hidden';")
    static native boolean hidden();

    /** navigator.clipboard, else a hidden textarea and execCommand('copy'); focus stays where it was. */
    @JSBody(params = { "text", "root", "ok", "bad" }, script = "var _fb = function () {"
            + " var _doc = document; var _ta = _doc.createElement('textarea'); _ta.value = text;"
            + " _ta.setAttribute('readonly', ''); _ta.style.position = 'fixed'; _ta.style.top = '0';"
            + " _ta.style.left = '0'; _ta.style.opacity = '0';"
            + " var _act = root && root.getRootNode ? root.getRootNode().activeElement : null;"
            + " _doc.body.appendChild(_ta); _ta.select(); var _res = false;"
            + " try { _res = _doc.execCommand('copy'); } catch (_x) { _res = false; }"
            + " _doc.body.removeChild(_ta); if (_act && _act.focus) { try { _act.focus({ preventScroll: true }); } catch (_y) {} }"
            + " if (_res) ok(); else bad(); };"
            + " var _cb = typeof navigator !== 'undefined' ? navigator.clipboard : null;"
            + " if (_cb && typeof _cb.writeText === 'function') {"
            + " try { _cb.writeText(text).then(function () { ok(); }, _fb); } catch (_z) { _fb(); } } else { _fb(); }")
    static native void copy(String text, HTMLElement root, Dom.Action ok, Dom.Action bad);

    /** "(N) " before the page title; 0 removes it. */
    @JSBody(params = "n", script = "var _base = document.title.replace(/^\\(\\d+\\+?\\) /, '');"
            + " var _want = n > 0 ? '(' + (n > 99 ? '99+' : n) + ') ' + _base : _base;"
            + " if (document.title !== _want) document.title = _want;")
    static native void titleBadge(int n);

    @JSBody(params = { "name", "fn" }, script = "if (typeof BroadcastChannel !== 'function') return null;"
            + " try { var _ch = new BroadcastChannel(name); _ch.onmessage = function (_ev) { fn(_ev.data); }; return _ch; }"
            + " catch (_x) { return null; }")
    static native JSObject channel(String name, Dom.Callback fn);

    @JSBody(params = { "ch", "g", "n", "at" }, script = "try { ch.postMessage({ gid: g, count: n, at: at }); } catch (_x) {}")
    static native void post(JSObject ch, double g, double n, double at);

    @JSBody(params = "ch", script = "try { ch.close(); } catch (_x) {}")
    static native void close(JSObject ch);

    @JSBody(params = { "el", "copyText", "copyAria", "recallText", "recallAria", "onCopy", "onRecall" }, script =
            "el.textContent = ''; var _mk = function (_cls, _txt, _aria, _fn) { var _btn = document.createElement('button'); _btn.type = 'button';"
            + " _btn.className = 'pw-act ' + _cls; _btn.textContent = _txt; _btn.setAttribute('aria-label', _aria);"
            + " _btn.hidden = true; _btn.addEventListener('click', function () { _fn(); }); return _btn; };"
            + " var _acts = document.createElement('div'); _acts.className = 'pw-acts';"
            + " el.appendChild(document.createElement('span')); el.appendChild(_acts);"
            + " _acts.appendChild(_mk('pw-copy', copyText, copyAria, onCopy));"
            + " _acts.appendChild(_mk('pw-recall', recallText, recallAria, onRecall));")
    static native void buildUnder(HTMLElement el, String copyText, String copyAria, String recallText,
            String recallAria, Dom.Action onCopy, Dom.Action onRecall);

    @JSBody(params = { "el", "text", "cls", "copy", "recall" }, script = "var _rec = el.firstChild;"
            + " var _btns = el.lastChild.children; _rec.textContent = text || ''; _rec.className = text ? cls : '';"
            + " _rec.hidden = !text; _btns[0].hidden = !copy; _btns[1].hidden = !recall;")
    static native void updateUnder(HTMLElement el, String text, String cls, boolean copy, boolean recall);
}
