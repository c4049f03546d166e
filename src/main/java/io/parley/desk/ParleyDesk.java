package io.parley.desk;

import io.parley.sdk.ChatClient;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import io.parley.widget.DeskChat;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSClass;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The one global of parley-desk.js: a professional's page with all their conversations.
 * <pre>
 * var desk = ParleyDesk.mount('#desk', { url, token or tokenProvider, pin, appId, clientType, locale, theme,
 *     roles, quickReplies: ['...'], sound: true, cssUrl, widgetCssUrl });
 * desk.select(gid); desk.destroy(); desk.sdk.listConversations({limit, before, filter}, cb);
 * </pre>
 * The chat pane is the widget's own view (parley-widget.css styles it, fetched beside this script).
 */
@JSClass(name = "ParleyDesk")
public class ParleyDesk {
    private ParleyDesk() {
    }

    @JSExport
    public static JSObject mount(JSObject target, JSObject options) {
        if (!Js.isPlainObject(options)) {
            Js.warn("mount(target, options): options must be an object with the chat config");
            return null;
        }
        HTMLElement parent = Js.isString(target) ? Dom.query(Js.str(target))
                : Dom.isElement(target) ? (HTMLElement) target : null;
        if (parent == null) {
            Js.warn("mount(target, options): no element for the target");
            return null;
        }
        HTMLElement host = Dom.create("parley-desk");
        DeskChat.hostBox(host, options);
        parent.appendChild(host);
        JSObject shadow = Dom.attachShadow(host);
        String widgetCss = Js.string(options, "widgetCssUrl");
        widgetCss = widgetCss != null ? Dom.safeUrl(widgetCss) : DeskChat.widgetCssUrl();
        String deskCss = Js.string(options, "cssUrl");
        deskCss = deskCss != null ? Dom.safeUrl(deskCss)
                : widgetCss != null ? widgetCss.substring(0, widgetCss.lastIndexOf('/') + 1) + "parley-desk.css" : null;
        if (deskCss != null) {
            Dom.force(host, "visibility", "hidden"); // until styled: no flash of an unstyled desk
            DeskChat.linkCss(shadow, deskCss, host);
        }
        JSObject cfg = Js.isPlainObject(Js.get(options, "chatConfig")) ? Js.get(options, "chatConfig") : options;
        ChatClient client = new ChatClient();
        DeskSdk sdk = new DeskSdk(client);
        Desk desk = new Desk(shadow, options, cfg, client, widgetCss);
        sdk.connect(cfg, null, null, null);
        desk.start(); // its first page is written right behind auth
        desk.render();
        return handle(sdk, gid -> desk.open(Js.toNumber(gid), false), () -> {
            desk.destroy();
            Dom.remove(host);
        });
    }

    /** As {@code ParleyWidget.registerRenderer}: fn(msg, ctx) → DOM node for a special type, in every chat view. */
    @JSExport
    public static void registerRenderer(JSObject type, JSObject fn) {
        DeskChat.registerRenderer(type, fn);
    }

    @JSBody(params = { "sdk", "select", "destroy" }, script = "return { sdk: sdk,"
            + " select: function (_g) { select(_g); }, destroy: function () { destroy(); } };")
    private static native JSObject handle(JSObject sdk, Dom.Callback select, Dom.Action destroy);
}
