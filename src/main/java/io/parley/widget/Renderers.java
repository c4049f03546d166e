package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import java.util.HashMap;
import java.util.Map;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Renderers for special-type messages: {@code ParleyWidget.registerRenderer(type, fn)} where
 * {@code fn(msg, ctx)} returns a DOM node the host built. A throwing renderer, one that returns
 * no node, or an unknown type shows a readable fallback, never raw JSON.
 */
final class Renderers {
    private static Map<String, JSObject> byType;

    private Renderers() {
    }

    private static Map<String, JSObject> registry() {
        if (byType == null) {
            byType = new HashMap<>();
            byType.put("order", orderRenderer());
            byType.put("image", imageRenderer());
        }
        return byType;
    }

    static boolean register(JSObject type, JSObject fn) {
        if (!Js.isString(type) || (!Js.isFunction(fn) && !Js.isNil(fn))) {
            Js.warn("registerRenderer(type, fn) needs a type name and a function");
            return false;
        }
        String t = Js.str(type);
        if (Js.isNil(fn)) {
            registry().remove(t);
        } else {
            registry().put(t, fn);
        }
        return true;
    }

    static void render(Msg m, HTMLElement into, ChatWidget owner) {
        JSObject fn = registry().get(m.type);
        Strings s = owner.strings;
        if (fn != null) {
            JSObject node = call(fn, m.raw, context(m.self, s.lang, s.viewOrder, s.image, owner.media.base));
            if (Dom.isNode(node)) {
                Dom.append(into, node);
                return;
            }
            fallback(into, s.renderFailed, m);
            return;
        }
        fallback(into, s.unsupported, m);
    }

    /** "[type] title-or-text", all as text. */
    private static void fallback(HTMLElement into, String label, Msg m) {
        HTMLElement box = Dom.add(into, "div", "pw-fallback", null);
        Dom.add(box, "span", "pw-fallback-label", label + " · " + m.type);
        // a sender's fallbackText is made for clients that cannot render the type
        String hint = Js.string(m.raw, "fallbackText");
        if (hint == null) {
            hint = Js.string(Js.get(m.raw, "payload"), "title");
        }
        if (hint == null) {
            hint = Js.string(Js.get(m.raw, "payload"), "text");
        }
        if (hint == null && m.raw != null) {
            String c = Js.string(m.raw, "content");
            hint = c != null && !c.isEmpty() ? c : null;
        }
        if (hint != null) {
            Dom.add(box, "span", "pw-fallback-text", hint.length() > 200 ? hint.substring(0, 200) + "…" : hint);
        }
    }

    @JSBody(params = { "self", "locale", "viewOrder", "image", "assets" }, script = "return { self: self, locale: locale,"
            + " strings: { viewOrder: viewOrder, image: image }, assets: assets };")
    private static native JSObject context(boolean self, String locale, String viewOrder, String image, String assets);

    /**
     * The built-in "image": a lazy thumbnail whose box is reserved from width × height before it
     * loads (nothing jumps); a click opens the full image in a new tab. https URLs only, or http from the
     * page's own origin or the origin the widget's files came from (ctx.assets: a dev Parley server, also
     * embedded from another port): a mixed-content or stray http URL is not fetched.
     */
    @JSBody(script = "return function (_msg, _ctx) {"
            + " var _src = _msg && typeof _msg.url === 'string' ? _msg.url : (_msg && _msg.image && _msg.image.url) || '';"
            + " var _url = null; try { _url = new URL(_src); } catch (_x) { return null; }"
            + " if (_url.protocol !== 'https:' && !(_url.protocol === 'http:' && (_url.origin === location.origin"
            + " || _url.origin === new URL((_ctx && _ctx.assets) || '/', location.href).origin))) return null;"
            + " var _dim = _msg.image || _msg; var _wid = +_dim.width || 0, _hei = +_dim.height || 0;"
            + " var _alt = (_ctx && _ctx.strings && _ctx.strings.image) || 'Image';"
            + " var _lnk = document.createElement('a'); _lnk.className = 'pw-image'; _lnk.href = _url.href;"
            + " _lnk.target = '_blank'; _lnk.rel = 'noopener noreferrer';"
            + " var _img = document.createElement('img'); _img.alt = _alt; _img.loading = 'lazy'; _img.decoding = 'async';"
            + " if (_wid > 0 && _hei > 0) { var _sc = Math.min(1, 240 / _wid, 240 / _hei);"
            + " _img.width = _wid; _img.height = _hei; _img.style.width = Math.max(40, Math.round(_wid * _sc)) + 'px';"
            + " _img.style.aspectRatio = _wid + ' / ' + _hei; }"
            + " _img.src = _url.href; _lnk.appendChild(_img); return _lnk; };")
    private static native JSObject imageRenderer();

    @JSBody(params = { "fn", "msg", "ctx" }, script = "try { return fn(msg, ctx); }"
            + " catch (_e) { if (typeof console !== 'undefined') console.error('[parley-widget] renderer threw', _e); return null; }")
    private static native JSObject call(JSObject fn, JSObject msg, JSObject ctx);

    /**
     * The built-in "order" card, written exactly as a host would write one: DOM built with
     * createElement and textContent, the link only for an http(s) URL.
     */
    @JSBody(script = "return function (msg, ctx) {"
            + " var p = msg && msg.payload && typeof msg.payload === 'object' ? msg.payload : {};"
            + " var text = function (v) { return typeof v === 'string' || typeof v === 'number' ? String(v) : ''; };"
            + " var card = document.createElement('div'); card.className = 'pw-order';"
            + " var title = document.createElement('div'); title.className = 'pw-order-title';"
            + " title.textContent = text(p.title) || 'Order'; card.appendChild(title);"
            + " if (text(p.price)) { var price = document.createElement('div'); price.className = 'pw-order-price';"
            + " price.textContent = text(p.price); card.appendChild(price); }"
            + " if (text(p.orderId)) { var id = document.createElement('div'); id.className = 'pw-order-id';"
            + " id.textContent = '#' + text(p.orderId); card.appendChild(id); }"
            + " var href = text(p.url || p.link); var ok = false;"
            + " try { var u = new URL(href); ok = u.protocol === 'https:' || u.protocol === 'http:'; } catch (e) {}"
            + " if (ok) { var a = document.createElement('a'); a.className = 'pw-order-link'; a.href = u.href;"
            + " a.rel = 'noopener noreferrer'; a.target = '_blank';"
            + " a.textContent = (ctx && ctx.strings && ctx.strings.viewOrder) || 'View order'; card.appendChild(a); }"
            + " return card; };")
    private static native JSObject orderRenderer();
}
