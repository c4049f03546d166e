package io.parley.widget;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import io.parley.sdk.ChatClient;
import io.parley.sdk.JsChatApi;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSClass;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The one global of parley-widget.js.
 * <pre>
 * var chat = ParleyWidget.mount('#chat', { url, token or tokenProvider, pin, appId, toChat, toAppId, clientType, gid,
 *     roles, locale, theme, position, zIndex, cssUrl, titleBadge, onError, signInText });   // or mount(null, …) for the floating launcher
 * chat.open(); chat.close(); chat.destroy(); chat.sdk.sendCustomMsg('order', {...});
 * ParleyWidget.registerRenderer('order', function (msg, ctx) { return aDomNode; });
 * </pre>
 */
@JSClass(name = "ParleyWidget")
public class ParleyWidget {
    static final String DEFAULT_Z_INDEX = "2147483000";

    private ParleyWidget() {
    }

    @JSExport
    public static JSObject mount(JSObject target, JSObject options) {
        if (!Js.isPlainObject(options)) {
            Js.warn("mount(target, options): options must be an object with the chat config");
            return null;
        }
        boolean floating = Js.isNil(target);
        HTMLElement parent;
        if (floating) {
            parent = Dom.query("body");
        } else if (Js.isString(target)) {
            parent = Dom.query(Js.str(target));
        } else if (Dom.isElement(target)) {
            parent = (HTMLElement) target;
        } else {
            parent = null;
        }
        if (parent == null) {
            Js.warn("mount(target, options): no element for the target");
            return null;
        }

        HTMLElement host = Dom.create("parley-widget");
        hostStyles(host, floating, options);
        parent.appendChild(host);
        if (floating) {
            Dom.topLayer(host);
        }
        JSObject shadow = Dom.attachShadow(host);
        String cssUrl = Js.string(options, "cssUrl");
        cssUrl = cssUrl != null ? Dom.safeUrl(cssUrl) : defaultCssUrl();
        if (cssUrl != null) {
            // hidden until styled: no flash of an unstyled widget
            Dom.force(host, "visibility", "hidden");
            linkStylesheet(shadow, cssUrl, host);
        }
        HTMLElement root = Dom.create("div");
        root.setClassName("pw-host");
        Dom.append(shadow, root);

        ChatClient client = new ChatClient();
        JsChatApi sdk = new JsChatApi(client);
        ChatWidget widget = new ChatWidget(options, floating, client);
        if (cssUrl != null) {
            widget.media.base = cssUrl.substring(0, cssUrl.lastIndexOf('/') + 1);
        }
        widget.start(root);
        JSObject cfg = Js.isPlainObject(Js.get(options, "chatConfig")) ? Js.get(options, "chatConfig") : options;
        sdk.connect(cfg, null, null, Js.get(options, "gid"));
        widget.connecting();
        // one functor for the handle's three methods: each Java lambda is a class in the bundle
        return handle(sdk, (what, e) -> {
            if (what == 0) {
                widget.openPanel();
            } else if (what == 1) {
                widget.closePanel(false);
            } else {
                widget.destroy();
                Dom.remove(host);
            }
        });
    }

    /** Registers fn(msg, ctx) → DOM node for messages of a special type; null fn removes it. */
    @JSExport
    public static void registerRenderer(JSObject type, JSObject fn) {
        Renderers.register(type, fn);
    }

    /**
     * The host element's own box, set as inline !important declarations: page rules such as
     * {@code * { all: unset }} or {@code div { display: none }} cannot hide or move it.
     */
    static void hostStyles(HTMLElement host, boolean floating, JSObject options) {
        Dom.force(host, "display", "block");
        Dom.force(host, "visibility", "visible");
        Dom.force(host, "opacity", "1");
        Dom.force(host, "margin", "0");
        Dom.force(host, "padding", "0");
        Dom.force(host, "border", "0");
        Dom.force(host, "transform", "none");
        Dom.force(host, "filter", "none");
        Dom.force(host, "contain", "none");
        if (floating) {
            Dom.force(host, "position", "fixed");
            Dom.force(host, "inset", "auto");
            Dom.force(host, "width", "0");
            Dom.force(host, "height", "0");
            Dom.force(host, "overflow", "visible");
            Dom.force(host, "background", "transparent");
            double z = Js.number(options, "zIndex");
            Dom.force(host, "z-index", z == z ? Dom.numStr(Math.floor(z)) : DEFAULT_Z_INDEX);
        } else {
            Dom.force(host, "position", "relative");
            Dom.force(host, "width", "100%");
            Dom.force(host, "height", "100%");
            double z = Js.number(options, "zIndex");
            if (z == z) {
                Dom.force(host, "z-index", Dom.numStr(Math.floor(z)));
            }
        }
        JSObject theme = Js.get(options, "theme");
        // light or dark forced by the host ('auto', the default, follows prefers-color-scheme): the stylesheet's
        // :host([data-theme=...]) picks the colours. A string, or an object's `mode` beside custom properties.
        String mode = Js.isString(theme) ? Js.str(theme) : Js.isPlainObject(theme) ? Js.string(theme, "mode") : null;
        if ("light".equals(mode) || "dark".equals(mode)) {
            Dom.attr(host, "data-theme", mode);
        }
        if (Js.isPlainObject(theme)) {
            for (String key : Dom.keys(theme)) {
                String value = Js.string(theme, key);
                String name = key.startsWith("--") ? key : "--pw-" + key;
                if (value != null && validName(name) && !"mode".equals(key)) {
                    Dom.style(host, name, value);
                }
            }
        }
    }

    private static boolean validName(String name) {
        for (int i = 2; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return name.length() > 2;
    }

    /** parley-widget.css beside this script (found from our own stack, since TeaVM runs nothing at load). */
    static String defaultCssUrl() {
        String js = ownScriptUrl();
        if (js == null) {
            return null;
        }
        int q = js.indexOf('?');
        if (q >= 0) {
            js = js.substring(0, q);
        }
        int slash = js.lastIndexOf('/');
        String file = js.substring(slash + 1);
        if (file.startsWith("parley-widget") && file.endsWith(".js")) {
            return js.substring(0, js.length() - 3) + ".css";
        }
        return js.substring(0, slash + 1) + "parley-widget.css";
    }

    @JSBody(params = { "shadow", "url", "host" }, script = "var _e = document.createElement('link');"
            + " _e.rel = 'stylesheet'; _e.href = url;"
            + " var _f = function () { host.style.setProperty('visibility', 'visible', 'important'); };"
            + " _e.addEventListener('load', _f); _e.addEventListener('error', _f); setTimeout(_f, 3000);"
            + " shadow.appendChild(_e);")
    static native void linkStylesheet(JSObject shadow, String url, HTMLElement host);

    @JSBody(params = { "sdk", "fn" }, script = "return { sdk: sdk, open: function () { fn(0, null); },"
            + " close: function () { fn(1, null); }, destroy: function () { fn(2, null); } };")
    private static native JSObject handle(JSObject sdk, Dom.Events fn);

    /**
     * The URL of this very script, from the stack of a call made inside it; works after load too,
     * where document.currentScript is already gone.
     */
    @JSBody(script = "var _f = ''; try { throw new Error('x'); } catch (_e) { _f = String(_e.stack || ''); }"
            + " var _m = _f.match(/(https?:\\/\\/[^\\s()]+?\\.js)(?::\\d+)*/);"
            + " if (_m) return _m[1];"
            + " var _all = document.getElementsByTagName('script');"
            + " for (var _i = _all.length - 1; _i >= 0; _i--) { if (/parley-widget[^\\/]*\\.js(\\?|#|$)/.test(_all[_i].src)) return _all[_i].src; }"
            + " return null;")
    private static native String ownScriptUrl();
}
