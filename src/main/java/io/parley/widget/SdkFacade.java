package io.parley.widget;

import io.parley.sdk.ParleySDK;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * {@code handle.sdk}: the widget's SDK for host code, as a plain object forwarding to the Java
 * instance. (Exporting the class itself would add a second global; see io.parley.build.SdkExportStripper.)
 * The widget owns the connection, so connect() is not offered.
 */
final class SdkFacade {
    private SdkFacade() {
    }

    @JSFunctor
    interface Invoker extends JSObject {
        JSObject invoke(String method, JSObject a, JSObject b, JSObject c, JSObject d);
    }

    static JSObject create(ParleySDK sdk) {
        return build((method, a, b, c, d) -> {
            switch (method) {
                case "on":
                    sdk.on(a, b);
                    return null;
                case "off":
                    sdk.off(a, b);
                    return null;
                case "state":
                    return Dom.js(sdk.getState());
                case "createGroup":
                    sdk.createGroup(a, b);
                    return null;
                case "pullHistoryMsg":
                    sdk.pullHistoryMsg(a, b, c, d);
                    return null;
                case "sendTextMsg":
                    return Dom.js(sdk.sendTextMsg(a, b, c));
                case "sendCustomMsg":
                    return Dom.js(sdk.sendCustomMsg(a, b, c, d));
                case "resendMsg":
                    return Dom.jsBool(sdk.resendMsg(a, b));
                case "close":
                    sdk.close();
                    return null;
                default:
                    return null;
            }
        });
    }

    @JSBody(params = "invoker", script = "var make = function (name) { return function (a1, a2, a3, a4) {"
            + " var res = invoker(name, a1, a2, a3, a4); return res === null ? void 0 : res; }; };"
            + " var facade = {}; var names = ['on', 'off', 'createGroup', 'pullHistoryMsg', 'sendTextMsg',"
            + " 'sendCustomMsg', 'resendMsg', 'close'];"
            + " for (var idx = 0; idx < names.length; idx++) facade[names[idx]] = make(names[idx]);"
            + " Object.defineProperty(facade, 'state', { get: function () { return invoker('state'); }, enumerable: true });"
            + " return facade;")
    private static native JSObject build(Invoker invoker);
}
