package io.parley.sdk;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.core.JSDate;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLButtonElement;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLInputElement;
import org.teavm.jso.dom.html.HTMLTextAreaElement;
import org.teavm.jso.dom.xml.Node;
import org.teavm.jso.file.FileList;

/**
 * The DOM half of the one browser helper layer ({@link Js} holds plain values), shared by the
 * widget and the lazily loaded media chunk. teavm-jso-apis' typed bindings wherever they exist;
 * {@code @JSBody} only for what they lack (shadow roots, getRootNode, composedPath, isConnected,
 * focus options, popover, clipboard, fractional scroll offsets) or where a try/catch is needed.
 * Only what a bundle calls is compiled into it. Script locals start with "_" (the minifier renames
 * parameters to short names that a local would shadow); no template literals (TeaVM drops them).
 */
public final class Dom {
    private static int nextId;

    private Dom() {
    }

    @JSFunctor
    public interface Callback extends JSObject {
        void call(JSObject arg);
    }

    @JSFunctor
    public interface Action extends JSObject {
        void run();
    }

    /**
     * One listener per component, told which of its events fired: every Java lambda handed to
     * JS costs a class in the bundle, so a component can route all its DOM events through one.
     */
    @JSFunctor
    public interface Events extends JSObject {
        void on(int what, JSObject event);
    }

    // ---- plain JS values the widget hands over -----------------------------------------

    @JSBody(params = "o", script = "var _r = []; if (o !== null && typeof o === 'object') { for (var _k in o)"
            + " { if (Object.prototype.hasOwnProperty.call(o, _k)) _r.push(_k); } } return _r;")
    public static native String[] keys(JSObject o);

    /** The functor as a real JS function, so the SDK (and the DOM) can call it. */
    @JSBody(params = "f", script = "return f;")
    public static native JSObject fn(Callback f);

    /** The array's items, or none when it is not an array. */
    @JSBody(params = "a", script = "return Array.isArray(a) ? a.slice() : [];")
    public static native JSObject[] array(JSObject a);

    public static String upper(String s) {
        return JSString.valueOf(s).toUpperCase().stringValue();
    }

    @JSBody(params = "n", script = "return String(n);")
    public static native String numStr(double n);

    public static JSObject js(String s) {
        return JSString.valueOf(s);
    }

    public static JSObject jsNumber(double n) {
        return JSNumber.valueOf(n);
    }

    public static JSObject undef() {
        return JSObjects.undefined();
    }

    /** An id unique in this page, for aria-labelledby. */
    public static String id(String prefix) {
        return prefix + (++nextId);
    }

    // ---- time -------------------------------------------------------------------------

    @JSBody(params = { "t", "loc" }, script = "var _d = new Date(t); var _h = _d.getHours(), _m = _d.getMinutes();"
            + " return (_h < 10 ? '0' : '') + _h + ':' + (_m < 10 ? '0' : '') + _m;")
    public static native String clock(double t, String loc);

    @JSBody(params = "t", script = "var _d = new Date(t); var _p = function (_n) { return (_n < 10 ? '0' : '') + _n; };"
            + " return _p(_d.getHours()) + ':' + _p(_d.getMinutes()) + ':' + _p(_d.getSeconds());")
    public static native String clockSeconds(double t);

    public static int dayKey(double t) {
        JSDate d = JSDate.create(t);
        return d.getFullYear() * 10000 + d.getMonth() * 100 + d.getDate();
    }

    @JSBody(params = { "t", "loc" }, script = "var _d = new Date(t);"
            + " try { return _d.toLocaleDateString(loc, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }); }"
            + " catch (_x) { return _d.toDateString(); }")
    public static native String dateLabel(double t, String loc);

    // ---- URLs -------------------------------------------------------------------------

    /** The normalized URL when it is an absolute http(s) URL with a host; null otherwise. */
    @JSBody(params = "s", script = "try { var _u = new URL(s); } catch (_x) { return null; }"
            + " return (_u.protocol === 'http:' || _u.protocol === 'https:') && _u.hostname ? _u.href : null;")
    public static native String httpUrl(String s);

    /** http(s) or page-relative URL resolved against the page; null for any other scheme. */
    @JSBody(params = "s", script = "try { var _u = new URL(s, document.baseURI); } catch (_x) { return null; }"
            + " return _u.protocol === 'http:' || _u.protocol === 'https:' ? _u.href : null;")
    public static native String safeUrl(String s);

    // ---- elements ---------------------------------------------------------------------

    @JSBody(params = "sel", script = "try { return document.querySelector(sel); } catch (_x) { return null; }")
    public static native HTMLElement query(String sel);

    @JSBody(params = "v", script = "return typeof Node !== 'undefined' && v instanceof Node;")
    public static native boolean isNode(JSObject v);

    @JSBody(params = "v", script = "return typeof Element !== 'undefined' && v instanceof Element;")
    public static native boolean isElement(JSObject v);

    public static HTMLElement create(String tag) {
        return HTMLDocument.current().createElement(tag);
    }

    /** A new element with a class and text (both optional), appended to parent when there is one. */
    public static HTMLElement add(JSObject parent, String tag, String cls, String text) {
        HTMLElement e = create(tag);
        if (cls != null) {
            e.setClassName(cls);
        }
        if (text != null) {
            e.setTextContent(text);
        }
        if (parent != null) {
            ((Node) parent).appendChild(e);
        }
        return e;
    }

    /** A button with an accessible name (visible text, or aria-label when text is null). */
    public static HTMLElement button(JSObject parent, String cls, String text, String label) {
        HTMLElement b = add(parent, "button", cls, text);
        b.setAttribute("type", "button");
        if (label != null) {
            b.setAttribute("aria-label", label);
        }
        return b;
    }

    /** A 24×24 line icon from one SVG path (createElementNS: no markup, allowed under any CSP). */
    @JSBody(params = { "parent", "d" }, script = "var _ns = 'http://www.w3.org/2000/svg';"
            + " var _s = document.createElementNS(_ns, 'svg'); _s.setAttribute('viewBox', '0 0 24 24');"
            + " _s.setAttribute('aria-hidden', 'true'); _s.setAttribute('focusable', 'false');"
            + " _s.setAttribute('class', 'pm-icon'); var _p = document.createElementNS(_ns, 'path');"
            + " _p.setAttribute('d', d); _s.appendChild(_p); parent.appendChild(_s);")
    public static native void icon(JSObject parent, String d);

    /** Sets an attribute; null removes it. */
    public static void attr(JSObject e, String k, String v) {
        HTMLElement el = (HTMLElement) e;
        if (v == null) {
            el.removeAttribute(k);
        } else {
            el.setAttribute(k, v);
        }
    }

    public static void text(JSObject e, String t) {
        ((Node) e).setTextContent(t);
    }

    public static void hidden(JSObject e, boolean h) {
        ((HTMLElement) e).setHidden(h);
    }

    public static void disabled(JSObject button, boolean d) {
        ((HTMLButtonElement) button).setDisabled(d);
    }

    public static void toggle(JSObject e, String cls, boolean on) {
        if (on) {
            ((HTMLElement) e).getClassList().add(cls);
        } else {
            ((HTMLElement) e).getClassList().remove(cls);
        }
    }

    @JSBody(params = "host", script = "return host.attachShadow({ mode: 'open' });")
    public static native JSObject attachShadow(HTMLElement host);

    /** Sets a style property with !important through CSSOM (allowed under a strict style-src). */
    public static void force(HTMLElement e, String k, String v) {
        e.getStyle().setProperty(k, v, "important");
    }

    /** Sets a style property through CSSOM, which a strict style-src CSP allows (a style attribute it would not); null removes it. */
    public static void style(JSObject e, String k, String v) {
        if (v == null) {
            ((HTMLElement) e).getStyle().removeProperty(k);
        } else {
            ((HTMLElement) e).getStyle().setProperty(k, v);
        }
    }

    /** Puts the element in the top layer (above any z-index) where the browser supports popover. */
    @JSBody(params = "e", script = "if (typeof e.showPopover !== 'function') return false;"
            + " try { e.setAttribute('popover', 'manual'); e.showPopover(); return true; } catch (_x) { return false; }")
    public static native boolean topLayer(HTMLElement e);

    public static void remove(JSObject e) {
        Node p = e != null ? ((Node) e).getParentNode() : null;
        if (p != null) {
            p.removeChild((Node) e);
        }
    }

    /** A text node, or a link (href: an http(s) URL Seg accepted) whose text is set as text. */
    public static void appendText(HTMLElement e, String text, String href) {
        Node n = HTMLDocument.current().createTextNode(text);
        if (href != null) {
            HTMLElement a = create("a");
            a.setClassName("pw-link");
            a.setAttribute("href", href);
            a.setAttribute("rel", "noopener noreferrer");
            a.setAttribute("target", "_blank");
            a.appendChild(n);
            n = a;
        }
        e.appendChild(n);
    }

    public static void clear(JSObject e) {
        ((HTMLElement) e).clear();
    }

    public static void append(JSObject parent, JSObject child) {
        ((Node) parent).appendChild((Node) child);
    }

    @JSBody(params = "e", script = "if (e && e.focus) { try { e.focus({ preventScroll: true }); } catch (_x) { e.focus(); } }")
    public static native void focus(JSObject e);

    /** The focused element of e's own tree: a shadow root keeps its own activeElement. */
    @JSBody(params = "e", script = "var _r = e && e.getRootNode ? e.getRootNode() : document;"
            + " return _r.activeElement || null;")
    public static native HTMLElement active(JSObject e);

    public static boolean hasFocus(HTMLElement e) {
        return active(e) == e;
    }

    @JSBody(params = { "a", "b" }, script = "return !!b && a.contains(b);")
    public static native boolean contains(JSObject a, JSObject b);

    /** The event passed through el (shadow DOM included). */
    @JSBody(params = { "ev", "el" }, script = "return ev.composedPath().indexOf(el) >= 0;")
    public static native boolean within(JSObject ev, JSObject el);

    @JSBody(params = "e", script = "return !!e && e.isConnected === true;")
    public static native boolean connected(JSObject e);

    /** Clicks that a button or input inside would receive (keyboard activation included). */
    public static void click(JSObject e) {
        ((HTMLElement) e).click();
    }

    @JSBody(params = "e", script = "if (e && e.scrollIntoView) e.scrollIntoView({ block: 'nearest' });")
    public static native void scrollIntoView(HTMLElement e);

    // ---- listeners and timers ----------------------------------------------------------

    /** Listens; returns the JS function, for {@link #unlisten}. */
    @JSBody(params = { "target", "type", "fn" }, script = "target.addEventListener(type, fn); return fn;")
    public static native JSObject listen(JSObject target, String type, Callback fn);

    /** Listens with {@code fn(what, event)}; returns the listener for {@link #unlisten}. */
    @JSBody(params = { "t", "type", "fn", "what" }, script = "var _h = function (_e) { fn(what, _e); };"
            + " t.addEventListener(type, _h); return _h;")
    public static native JSObject on(JSObject t, String type, Events fn, int what);

    @JSBody(params = { "target", "type", "fn" }, script = "target.addEventListener(type, fn);")
    public static native void listenFn(JSObject target, String type, JSObject fn);

    @JSBody(params = { "target", "type", "fn" }, script = "target.removeEventListener(type, fn);")
    public static native void unlisten(JSObject target, String type, JSObject fn);

    public static JSObject window() {
        return Window.current();
    }

    public static JSObject document() {
        return HTMLDocument.current();
    }

    @JSBody(script = "return window.visualViewport || null;")
    public static native JSObject visualViewport();

    public static int setTimeout(int ms, TimerHandler fn) {
        return Window.setTimeout(fn, ms);
    }

    public static int setInterval(int ms, TimerHandler fn) {
        return Window.setInterval(fn, ms);
    }

    /** A timeout that calls fn(what, null): a component's timers can share its one {@link Events} functor. */
    @JSBody(params = { "ms", "fn", "what" }, script = "return setTimeout(function () { fn(what, null); }, ms);")
    public static native int later(int ms, Events fn, int what);

    /** An interval that calls fn(what, null), like {@link #later}. */
    @JSBody(params = { "ms", "fn", "what" }, script = "return setInterval(function () { fn(what, null); }, ms);")
    public static native int every(int ms, Events fn, int what);

    /** Clears a timeout or an interval (they share one id space). */
    public static void clearTimer(int id) {
        Window.clearTimeout(id);
    }

    /** A monotonic clock in ms for frame budgets. */
    @JSBody(script = "return performance.now();")
    public static native double perfNow();

    /**
     * Runs fn once, before the next paint. Frames do not run in a hidden tab (the title still counts
     * unread there): then a timer runs it, also when the tab is hidden before the frame. A visible
     * tab has no timer: under load it fired between frames and rendered outside them.
     */
    @JSBody(params = "fn", script = "var _d = document, _done = false; var _run = function () { if (!_done) { _done = true;"
            + " _d.removeEventListener('visibilitychange', _run); fn(); } }; requestAnimationFrame(_run);"
            + " if (_d.visibilityState === 'hidden') setTimeout(_run, 100); else _d.addEventListener('visibilitychange', _run);")
    public static native void nextFrame(Action fn);

    public static boolean browserOffline() {
        return !PageLifecycle.online();
    }

    @JSBody(script = "return typeof document !== 'undefined' && document.visibilityState === 'hidden';")
    public static native boolean pageHidden();

    public static int viewportWidth() {
        return Window.current().getInnerWidth();
    }

    // ---- events -----------------------------------------------------------------------

    public static String key(JSObject e) {
        String k = ((KeyboardEvent) e).getKey();
        return k != null ? k : "";
    }

    public static boolean modified(JSObject e) {
        KeyboardEvent k = (KeyboardEvent) e;
        return k.isShiftKey() || k.isAltKey() || k.isCtrlKey() || k.isMetaKey();
    }

    /** True while an input method editor is composing (Chinese, Japanese…): Enter then commits, never sends. */
    public static boolean composing(JSObject e) {
        KeyboardEvent k = (KeyboardEvent) e;
        return k.isComposing() || k.getKeyCode() == 229;
    }

    public static void preventDefault(JSObject e) {
        ((Event) e).preventDefault();
    }

    public static JSObject target(JSObject e) {
        return ((Event) e).getTarget();
    }

    // ---- form fields ------------------------------------------------------------------

    /** The file input's first chosen file (null: none); the input is emptied, so choosing it again fires again. */
    public static JSObject takeFile(JSObject input) {
        HTMLInputElement i = (HTMLInputElement) input;
        FileList files = i.getFiles();
        JSObject f = files != null ? files.item(0) : null;
        i.setValue("");
        return f;
    }

    public static String value(JSObject e) {
        String v = ((HTMLTextAreaElement) e).getValue();
        return v != null ? v : "";
    }

    public static void setValue(JSObject e, String v) {
        ((HTMLTextAreaElement) e).setValue(v);
    }

    /** Grows a textarea with its content up to its CSS max-height. */
    public static void autoGrow(HTMLElement e) {
        style(e, "height", null);
        if (!value(e).isEmpty()) {
            style(e, "height", "auto");
            style(e, "height", (e.getScrollHeight() + e.getOffsetHeight() - e.getClientHeight()) + "px");
        }
    }

    // ---- scrolling (fractional offsets: the typed getters round to int) -----------------

    @JSBody(params = "e", script = "return e.scrollTop;")
    public static native double scrollTop(HTMLElement e);

    @JSBody(params = { "e", "v" }, script = "e.scrollTop = v;")
    public static native void setScrollTop(HTMLElement e, double v);

    @JSBody(params = "e", script = "return e.scrollHeight - e.scrollTop - e.clientHeight;")
    public static native double distanceToBottom(HTMLElement e);

    public static boolean scrollable(HTMLElement e) {
        return e.getScrollHeight() > e.getClientHeight() + 1;
    }

    public static void scrollToBottom(HTMLElement e) {
        e.setScrollTop(e.getScrollHeight());
    }

    @JSBody(params = "e", script = "return e.getBoundingClientRect().top;")
    public static native double top(HTMLElement e);

    @JSBody(params = "e", script = "return e.getBoundingClientRect().height;")
    public static native double height(HTMLElement e);

    /** The top border's width (no typed getter). */
    @JSBody(params = "e", script = "return e.clientTop;")
    public static native double clientTop(HTMLElement e);

    // ---- clipboard --------------------------------------------------------------------

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
    public static native void copy(String text, HTMLElement root, Action ok, Action bad);
}
