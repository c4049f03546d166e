package io.parley.widget.media;

import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The DOM calls the media components need. Elements are built with createElement and
 * textContent only, so no data is ever parsed as HTML. Script locals start with "_": the
 * minifier renames parameters to short names that an inner "e" would shadow.
 */
final class Html {
    private static int nextId;

    private Html() {
    }

    @JSFunctor
    interface Handler extends JSObject {
        void handle(JSObject event);
    }

    @JSFunctor
    interface Action extends JSObject {
        void run();
    }

    /**
     * One listener per component, told which of its events fired: every Java lambda handed to
     * JS costs a class in the bundle, so components route all their DOM events through one.
     */
    @JSFunctor
    interface Events extends JSObject {
        void on(int what, JSObject event);
    }

    /** A new element, appended to parent when parent is not null. */
    @JSBody(params = { "parent", "tag", "cls", "text" }, script = "var _e = document.createElement(tag);"
            + " if (cls) _e.className = cls; if (text != null) _e.textContent = text;"
            + " if (parent) parent.appendChild(_e); return _e;")
    static native HTMLElement add(JSObject parent, String tag, String cls, String text);

    /** A button with an accessible name (visible text, or aria-label when text is null). */
    static HTMLElement button(JSObject parent, String cls, String text, String label) {
        HTMLElement b = add(parent, "button", cls, text);
        attr(b, "type", "button");
        if (label != null) {
            attr(b, "aria-label", label);
        }
        return b;
    }

    /** A 24×24 line icon from one SVG path (createElementNS: no markup, allowed under any CSP). */
    @JSBody(params = { "parent", "d" }, script = "var _ns = 'http://www.w3.org/2000/svg';"
            + " var _s = document.createElementNS(_ns, 'svg'); _s.setAttribute('viewBox', '0 0 24 24');"
            + " _s.setAttribute('aria-hidden', 'true'); _s.setAttribute('focusable', 'false');"
            + " _s.setAttribute('class', 'pm-icon'); var _p = document.createElementNS(_ns, 'path');"
            + " _p.setAttribute('d', d); _s.appendChild(_p); parent.appendChild(_s);")
    static native void icon(JSObject parent, String d);

    @JSBody(params = { "e", "k", "v" }, script = "if (v == null) e.removeAttribute(k); else e.setAttribute(k, v);")
    static native void attr(JSObject e, String k, String v);

    @JSBody(params = { "e", "t" }, script = "e.textContent = t;")
    static native void text(JSObject e, String t);

    /** Sets a style property through CSSOM, which a strict style-src CSP allows (a style attribute it would not). */
    @JSBody(params = { "e", "k", "v" }, script = "e.style.setProperty(k, v);")
    static native void style(JSObject e, String k, String v);

    @JSBody(params = { "e", "c", "on" }, script = "if (on) e.classList.add(c); else e.classList.remove(c);")
    static native void toggle(JSObject e, String c, boolean on);

    @JSBody(params = { "e", "h" }, script = "e.hidden = h;")
    static native void hidden(JSObject e, boolean h);

    @JSBody(params = { "e", "d" }, script = "e.disabled = d;")
    static native void disabled(JSObject e, boolean d);

    @JSBody(params = { "t", "type", "fn" }, script = "t.addEventListener(type, fn); return fn;")
    static native JSObject on(JSObject t, String type, Handler fn);

    /** Listens with {@code fn(what, event)}; returns the listener for {@link #off}. */
    @JSBody(params = { "t", "type", "fn", "what" }, script = "var _h = function (_e) { fn(what, _e); };"
            + " t.addEventListener(type, _h); return _h;")
    static native JSObject on(JSObject t, String type, Events fn, int what);

    @JSBody(params = { "t", "type", "fn" }, script = "t.removeEventListener(type, fn);")
    static native void off(JSObject t, String type, JSObject fn);

    @JSBody(params = "e", script = "if (e && e.parentNode) e.parentNode.removeChild(e);")
    static native void remove(JSObject e);

    @JSBody(params = "e", script = "if (e && e.focus) { try { e.focus({ preventScroll: true }); } catch (_x) { e.focus(); } }")
    static native void focus(JSObject e);

    /** The focused element of e's own tree: a shadow root keeps its own activeElement. */
    @JSBody(params = "e", script = "var _r = e && e.getRootNode ? e.getRootNode() : document;"
            + " return _r.activeElement || null;")
    static native HTMLElement active(JSObject e);

    @JSBody(params = "e", script = "return !!e && e.isConnected === true;")
    static native boolean connected(JSObject e);

    @JSBody(params = "e", script = "return e.key || '';")
    static native String key(JSObject e);

    @JSBody(params = "e", script = "e.preventDefault();")
    static native void prevent(JSObject e);

    static boolean same(JSObject a, JSObject b) {
        return Js.same(a, b);
    }

    @JSBody(params = "e", script = "return e.target;")
    static native JSObject target(JSObject e);

    /** Clicks that a button or input inside would receive (keyboard activation included). */
    @JSBody(params = "e", script = "e.click();")
    static native void click(JSObject e);

    @JSBody(params = { "ms", "fn" }, script = "return setInterval(fn, ms);")
    static native int every(int ms, Action fn);

    @JSBody(params = "id", script = "clearInterval(id);")
    static native void cancel(int id);

    // plain values: the shared helper layer (io.parley.sdk.Js)
    static JSObject get(JSObject o, String k) {
        return Js.get(o, k);
    }

    static String str(JSObject o, String k) {
        return Js.string(o, k);
    }

    static double num(JSObject o, String k) {
        return Js.number(o, k);
    }

    /** An http(s) URL (absolute or page-relative, resolved); null for any other scheme. */
    @JSBody(params = "s", script = "try { var _u = new URL(s, document.baseURI); } catch (_x) { return null; }"
            + " return _u.protocol === 'http:' || _u.protocol === 'https:' || _u.protocol === 'blob:' ? _u.href : null;")
    static native String safeUrl(String s);

    @JSBody(params = "f", script = "return f;")
    static native JSObject fn(Handler f);

    /** An id unique in this page, for aria-labelledby. */
    static String id(String prefix) {
        return prefix + (++nextId);
    }

    /** width/height as the CSS custom properties the stylesheet sizes boxes from (aspect-ratio, max sizes). */
    static void ratio(JSObject e, int width, int height) {
        style(e, "--pm-w", String.valueOf(width));
        style(e, "--pm-h", String.valueOf(height));
    }
}
