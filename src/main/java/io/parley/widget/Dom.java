package io.parley.widget;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The few imperative DOM calls Flavour has no binding for: shadow roots, stylesheet links,
 * scroll positions, visualViewport, focus, IME state, listeners, and plain-JS value access.
 * No template literals here: TeaVM drops them from @JSBody.
 */
final class Dom {
    private Dom() {
    }

    @JSFunctor
    interface Callback extends JSObject {
        void call(JSObject arg);
    }

    @JSFunctor
    interface Action extends JSObject {
        void run();
    }

    // ---- plain JS values --------------------------------------------------------------

    @JSBody(params = "o", script = "var r = []; if (o !== null && typeof o === 'object') { for (var k in o)"
            + " { if (Object.prototype.hasOwnProperty.call(o, k)) r.push(k); } } return r;")
    static native String[] keys(JSObject o);

    /** The functor as a real JS function, so the SDK (and the DOM) can call it. */
    @JSBody(params = "f", script = "return f;")
    static native JSObject fn(Callback f);

    /** The array's items, or none when it is not an array. */
    @JSBody(params = "a", script = "return Array.isArray(a) ? a.slice() : [];")
    static native JSObject[] array(JSObject a);

    @JSBody(params = "s", script = "return s.toUpperCase();")
    static native String upper(String s);

    @JSBody(params = "n", script = "return String(n);")
    static native String numStr(double n);

    @JSBody(params = "s", script = "return s;")
    static native JSObject js(String s);

    @JSBody(params = "n", script = "return n;")
    static native JSObject jsNumber(double n);

    @JSBody(script = "return void 0;")
    static native JSObject undef();

    // ---- time -------------------------------------------------------------------------

    @JSBody(params = { "t", "loc" }, script = "var dt = new Date(t); var h = dt.getHours(), m = dt.getMinutes();"
            + " return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m;")
    static native String clock(double t, String loc);

    @JSBody(params = "t", script = "var dt = new Date(t); var p = function (n) { return (n < 10 ? '0' : '') + n; };"
            + " return p(dt.getHours()) + ':' + p(dt.getMinutes()) + ':' + p(dt.getSeconds());")
    static native String clockSeconds(double t);

    @JSBody(params = "t", script = "var dt = new Date(t); return dt.getFullYear() * 10000 + dt.getMonth() * 100 + dt.getDate();")
    static native int dayKey(double t);

    @JSBody(params = { "t", "loc" }, script = "var dt = new Date(t);"
            + " try { return dt.toLocaleDateString(loc, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }); }"
            + " catch (e) { return dt.toDateString(); }")
    static native String dateLabel(double t, String loc);

    // ---- URLs -------------------------------------------------------------------------

    /** The normalized URL when it is an absolute http(s) URL with a host; null otherwise. */
    @JSBody(params = "s", script = "try { var u = new URL(s); } catch (e) { return null; }"
            + " return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u.href : null;")
    static native String httpUrl(String s);

    /** http(s) or page-relative URL resolved against the page; null for any other scheme. */
    @JSBody(params = "s", script = "try { var u = new URL(s, document.baseURI); } catch (e) { return null; }"
            + " return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;")
    static native String safeUrl(String s);

    /**
     * The URL of this very script, from the stack of a call made inside it; works after load too,
     * where document.currentScript is already gone.
     */
    @JSBody(script = "var s = ''; try { throw new Error('x'); } catch (e) { s = String(e.stack || ''); }"
            + " var m = s.match(/(https?:\\/\\/[^\\s()]+?\\.js)(?::\\d+)*/);"
            + " if (m) return m[1];"
            + " var all = document.getElementsByTagName('script');"
            + " for (var i = all.length - 1; i >= 0; i--) { if (/parley-widget[^\\/]*\\.js(\\?|#|$)/.test(all[i].src)) return all[i].src; }"
            + " return null;")
    static native String ownScriptUrl();

    // ---- elements ---------------------------------------------------------------------

    @JSBody(params = "sel", script = "try { return document.querySelector(sel); } catch (e) { return null; }")
    static native HTMLElement query(String sel);

    @JSBody(params = "v", script = "return typeof Node !== 'undefined' && v instanceof Node;")
    static native boolean isNode(JSObject v);

    @JSBody(params = "v", script = "return typeof Element !== 'undefined' && v instanceof Element;")
    static native boolean isElement(JSObject v);

    @JSBody(params = "tag", script = "return document.createElement(tag);")
    static native HTMLElement create(String tag);

    @JSBody(params = { "parent", "tag", "cls", "text" }, script = "var elem = document.createElement(tag);"
            + " if (cls) elem.className = cls; if (text != null) elem.textContent = text; parent.appendChild(elem); return elem;")
    static native HTMLElement add(JSObject parent, String tag, String cls, String text);

    @JSBody(params = "host", script = "return host.attachShadow({ mode: 'open' });")
    static native JSObject attachShadow(HTMLElement host);

    /** Sets a style property with !important through CSSOM (allowed under a strict style-src). */
    @JSBody(params = { "e", "k", "v" }, script = "e.style.setProperty(k, v, 'important');")
    static native void force(HTMLElement e, String k, String v);

    @JSBody(params = { "e", "k", "v" }, script = "if (v == null) e.style.removeProperty(k); else e.style.setProperty(k, v);")
    static native void style(HTMLElement e, String k, String v);

    /** Puts the element in the top layer (above any z-index) where the browser supports popover. */
    @JSBody(params = "e", script = "if (typeof e.showPopover !== 'function') return false;"
            + " try { e.setAttribute('popover', 'manual'); e.showPopover(); return true; } catch (x) { return false; }")
    static native boolean topLayer(HTMLElement e);

    @JSBody(params = "e", script = "if (e && e.parentNode) e.parentNode.removeChild(e);")
    static native void remove(JSObject e);

    /** A text node, or a link (href: an http(s) URL Seg accepted) whose text is set as text. */
    @JSBody(params = { "e", "text", "href" }, script = "var _n = document.createTextNode(text);"
            + " if (href) { var _a = document.createElement('a'); _a.className = 'pw-link'; _a.setAttribute('href', href);"
            + " _a.rel = 'noopener noreferrer'; _a.target = '_blank'; _a.appendChild(_n); _n = _a; } e.appendChild(_n);")
    static native void appendText(HTMLElement e, String text, String href);

    @JSBody(params = { "e", "src", "initial" }, script = "e.textContent = src ? '' : (initial || '');"
            + " if (src) { var _i = document.createElement('img'); _i.alt = ''; _i.setAttribute('src', src); e.appendChild(_i); }")
    static native void avatar(HTMLElement e, String src, String initial);

    @JSBody(params = "e", script = "while (e.firstChild) e.removeChild(e.firstChild);")
    static native void clear(JSObject e);

    @JSBody(params = { "parent", "child" }, script = "parent.appendChild(child);")
    static native void append(JSObject parent, JSObject child);

    @JSBody(params = "e", script = "return e.firstChild != null;")
    static native boolean hasChildren(JSObject e);

    @JSBody(params = "e", script = "if (e) { try { e.focus({ preventScroll: true }); } catch (x) { e.focus(); } }")
    static native void focus(HTMLElement e);

    /** The focused element of e's own tree: a shadow root keeps its own activeElement. */
    @JSBody(params = "e", script = "var _r = e && e.getRootNode ? e.getRootNode() : document;"
            + " return _r.activeElement || null;")
    static native HTMLElement active(JSObject e);

    @JSBody(params = { "a", "b" }, script = "return !!b && a.contains(b);")
    static native boolean contains(JSObject a, JSObject b);

    /** The event passed through el (shadow DOM included). */
    @JSBody(params = { "ev", "el" }, script = "return ev.composedPath().indexOf(el) >= 0;")
    static native boolean within(JSObject ev, JSObject el);

    @JSBody(params = "e", script = "var rootNode = e.getRootNode ? e.getRootNode() : document;"
            + " return (rootNode.activeElement || document.activeElement) === e;")
    static native boolean hasFocus(HTMLElement e);

    @JSBody(params = { "target", "type", "fn" }, script = "target.addEventListener(type, fn); return fn;")
    static native JSObject listen(JSObject target, String type, Callback fn);

    @JSBody(params = { "target", "type", "fn" }, script = "target.addEventListener(type, fn);")
    static native void listenFn(JSObject target, String type, JSObject fn);

    @JSBody(params = { "target", "type", "fn" }, script = "target.removeEventListener(type, fn);")
    static native void unlisten(JSObject target, String type, JSObject fn);

    @JSBody(script = "return window;")
    static native JSObject window();

    @JSBody(script = "return document;")
    static native JSObject document();

    @JSBody(script = "return window.visualViewport || null;")
    static native JSObject visualViewport();

    @JSBody(params = { "ms", "fn" }, script = "return setTimeout(fn, ms);")
    static native int setTimeout(int ms, Action fn);

    @JSBody(params = { "ms", "fn" }, script = "return setInterval(fn, ms);")
    static native int setInterval(int ms, Action fn);

    @JSBody(params = "id", script = "clearInterval(id); clearTimeout(id);")
    static native void clearTimer(int id);

    /** Runs fn before the next paint (or soon, where frames are throttled). */
    @JSBody(params = "fn", script = "var done = false; var run = function () { if (!done) { done = true; fn(); } };"
            + " if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run); setTimeout(run, 100);")
    static native void nextFrame(Action fn);

    @JSBody(script = "return typeof navigator !== 'undefined' && navigator.onLine === false;")
    static native boolean browserOffline();

    @JSBody(script = "return window.innerWidth;")
    static native int viewportWidth();

    @JSBody(script = "return window.innerHeight;")
    static native int viewportHeight();

    // ---- events -----------------------------------------------------------------------

    @JSBody(params = "e", script = "return e.key || '';")
    static native String key(JSObject e);

    @JSBody(params = "e", script = "return !!(e.shiftKey || e.altKey || e.ctrlKey || e.metaKey);")
    static native boolean modified(JSObject e);

    /** True while an input method editor is composing (Chinese, Japanese…): Enter then commits, never sends. */
    @JSBody(params = "e", script = "return e.isComposing === true || e.keyCode === 229;")
    static native boolean composing(JSObject e);

    @JSBody(params = "e", script = "e.preventDefault();")
    static native void preventDefault(JSObject e);

    // ---- form fields ------------------------------------------------------------------

    @JSBody(params = "e", script = "return e.value || '';")
    static native String value(JSObject e);

    @JSBody(params = { "e", "v" }, script = "e.value = v;")
    static native void setValue(JSObject e, String v);

    /** Grows a textarea with its content up to its CSS max-height. */
    @JSBody(params = "e", script = "e.style.height = ''; if (!e.value) return;"
            + " e.style.height = 'auto'; e.style.height = (e.scrollHeight + e.offsetHeight - e.clientHeight) + 'px';")
    static native void autoGrow(HTMLElement e);

    // ---- scrolling --------------------------------------------------------------------

    @JSBody(params = "e", script = "return e.scrollTop;")
    static native double scrollTop(HTMLElement e);

    @JSBody(params = { "e", "v" }, script = "e.scrollTop = v;")
    static native void setScrollTop(HTMLElement e, double v);

    @JSBody(params = "e", script = "return e.scrollHeight - e.scrollTop - e.clientHeight;")
    static native double distanceToBottom(HTMLElement e);

    @JSBody(params = "e", script = "return e.scrollHeight > e.clientHeight + 1;")
    static native boolean scrollable(HTMLElement e);

    @JSBody(params = "e", script = "e.scrollTop = e.scrollHeight;")
    static native void scrollToBottom(HTMLElement e);

    /** The bubble of the first message row at least partly visible: what the reader is looking at. */
    @JSBody(params = "list", script = "var items = list.querySelectorAll('.pw-msg'); var n = items.length;"
            + " if (!n) return null; var top = list.getBoundingClientRect().top;"
            + " var lo = 0, hi = n - 1;"
            + " while (lo < hi) { var mid = (lo + hi) >> 1;"
            + " if (items[mid].getBoundingClientRect().bottom <= top) lo = mid + 1; else hi = mid; }"
            + " return items[lo].querySelector('.pw-bubble') || items[lo];")
    static native HTMLElement anchor(HTMLElement list);

    @JSBody(params = "e", script = "return e.getBoundingClientRect().top;")
    static native double top(HTMLElement e);

    @JSBody(params = "e", script = "return e.isConnected === true;")
    static native boolean connected(HTMLElement e);

    @JSBody(params = "e", script = "if (e && e.scrollIntoView) e.scrollIntoView({ block: 'nearest' });")
    static native void scrollIntoView(HTMLElement e);

    @JSBody(params = "m", script = "if (typeof console !== 'undefined') console.warn('[parley-widget] ' + m);")
    static native void warn(String m);
}
