package io.parley.widget;

import io.parley.sdk.Dom;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/** The widget's side of images: tiny DOM helpers; the heavy parts live in the lazily imported parley-media.js. */
final class Images {
    private Images() {
    }

    @JSFunctor
    interface Image extends JSObject {
        void image(JSObject blob, int width, int height, String why);
    }

    @JSFunctor
    interface Progress extends JSObject {
        void progress(double loaded, double total);
    }

    /**
     * import(url): the module's namespace object to {@code ok}, or the failure's text to
     * {@code failed}. Both handled here, so no rejection ever reaches the host page.
     */
    @JSBody(params = { "u", "ok", "failed" }, script = "import(new URL(u, document.baseURI).href).then("
            + "function (_m) { try { ok(_m); } catch (_x) { console.error('[parley]', _x); } },"
            + " function (_e) { failed(String(_e)); });")
    static native void load(String u, Dom.Callback ok, Dom.Callback failed);

    @JSBody(params = { "r", "u" }, script = "var _l = document.createElement('link'); _l.rel = 'stylesheet'; _l.href = u;"
            + " r.getRootNode().appendChild(_l);")
    static native void css(JSObject r, String u);

    /**
     * The first image File of a paste or drop, else its first file (null: no files); the default
     * action is prevented when files came, and a drop ends the drop highlight.
     */
    @JSBody(params = { "v" }, script = "v.currentTarget.classList.remove('pw-drop');"
            + " var _d = v.clipboardData || v.dataTransfer; var _f = _d && _d.files;"
            + " if (!_f || !_f.length) return null; v.preventDefault();"
            + " for (var _i = 0; _i < _f.length; _i++) if (/^image\\//.test(_f[_i].type)) return _f[_i]; return _f[0];")
    static native JSObject file(JSObject v);


    /** Files dragged over the panel: accept them and highlight the drop zone. */
    @JSBody(params = { "v" }, script = "var _d = v.dataTransfer; if (_d && _d.types.includes('Files')) {"
            + " v.preventDefault(); v.currentTarget.classList.add('pw-drop'); }")
    static native void dragOver(JSObject v);

    /** The drag left the panel (not just one of its children): no highlight. */
    @JSBody(params = { "v" }, script = "if (!v.currentTarget.contains(v.relatedTarget)) v.currentTarget.classList.remove('pw-drop');")
    static native void dragLeave(JSObject v);



    @JSBody(params = { "c", "r", "l", "o", "x", "p", "f" }, script = "c.camera(r, l, o, x, p, f);")
    static native void camera(JSObject c, JSObject r, String l, JSObject o, double x, double p, Image f);

    @JSBody(params = { "c", "b", "x", "p", "l", "f" }, script = "c.prepare(b, x, p, l, f);")
    static native void prepare(JSObject c, JSObject b, double x, double p, String l, Image f);

    /** The thumbnail link a click or Enter landed on (null: none); its default (new tab) is prevented. */
    @JSBody(params = { "v" }, script = "var _a = v.target && v.target.closest && v.target.closest('a.pw-image');"
            + " if (!_a) return null; v.preventDefault(); return _a;")
    static native JSObject link(JSObject v);

    @JSBody(params = { "c", "r", "a", "l" }, script = "c.viewerFor(r, a, l);")
    static native void viewer(JSObject c, JSObject r, JSObject a, String l);

    /** The local preview (from parley-media.js: a blob: URL) and a progress bar; returns the bar. */
    @JSBody(params = { "c", "el", "b", "w", "h", "t" }, script = "return c ? c.preview(el, b, w, h, t) : null;")
    static native HTMLElement preview(JSObject c, HTMLElement el, JSObject b, int w, int h, String t);

    static void progress(HTMLElement p, int n) {
        p.setAttribute("aria-valuenow", String.valueOf(n));
        Dom.style(p.getFirstChild(), "width", n + "%");
    }

    @JSBody(params = { "u", "s", "w", "h" }, script = "return { url: u, size: s, width: w, height: h };")
    static native JSObject image(String u, double s, int w, int h);

    @JSBody(params = { "i" }, script = "return { type: 'image', image: i };")
    static native JSObject raw(JSObject i);

    @JSBody(params = { "f" }, script = "return f;")
    static native JSObject fn(Progress f);
}
