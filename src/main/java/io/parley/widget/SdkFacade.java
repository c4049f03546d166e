package io.parley.widget;

import io.parley.sdk.ChatClient;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * {@code handle.sdk}: the widget's SDK for host code, as a plain object forwarding to its
 * {@link ChatClient} engine. (The widget never reaches the exported ParleySDK class, which would
 * add a second global.)
 * The widget owns the connection, so connect() is not offered. Methods travel by index (the
 * order of the names in {@link #build}): an int switch is far smaller than a string switch.
 */
final class SdkFacade {
    private SdkFacade() {
    }

    @JSFunctor
    interface Invoker extends JSObject {
        JSObject invoke(int method, JSObject a, JSObject b, JSObject c, JSObject d, JSObject e);
    }

    static JSObject create(ChatClient sdk) {
        return build((method, a, b, c, d, e) -> {
            switch (method) {
                case 0:
                    sdk.on(a, b);
                    break;
                case 1:
                    sdk.off(a, b);
                    break;
                case 2:
                    sdk.createGroup(a, b);
                    break;
                case 3:
                    sdk.pullHistoryMsg(a, b, c, d);
                    break;
                case 4:
                    return Dom.js(sdk.sendTextMsg(a, b, c));
                case 5:
                    return Dom.js(sdk.sendCustomMsg(a, b, c, d, e));
                case 6:
                    return Dom.jsBool(sdk.resendMsg(a, b));
                case 7:
                    sdk.close();
                    break;
                case 8:
                    sdk.recallMsg(a, b, c);
                    break;
                case 9:
                    sdk.markRead(a, b);
                    break;
                case 10:
                    sdk.getReadState(a, b);
                    break;
                case 11:
                    sdk.getUnread(a);
                    break;
                case 12:
                    sdk.sendTyping(a);
                    break;
                case 13:
                    return Dom.js(sdk.sendImageMsg(a, b, c));
                case 14:
                    return sdk.uploadImage(a, b, c);
                case 15:
                    return sdk.pendingMessages();
                case 16:
                    sdk.pullMsgsAfter(a, b, c, d);
                    break;
                case 17:
                    sdk.pullMsgsAround(a, b, c, d);
                    break;
                default:
                    return Dom.js(sdk.getState());
            }
            return null;
        });
    }

    @JSBody(params = "invoker", script = "var _make = function (_idx) { return function (_a1, _a2, _a3, _a4, _a5) {"
            + " var _res = invoker(_idx, _a1, _a2, _a3, _a4, _a5); return _res === null ? void 0 : _res; }; };"
            + " var _fac = {}; var _names = ['on', 'off', 'createGroup', 'pullHistoryMsg', 'sendTextMsg',"
            + " 'sendCustomMsg', 'resendMsg', 'close', 'recallMsg', 'markRead', 'getReadState', 'getUnread', 'sendTyping',"
            + " 'sendImageMsg', 'uploadImage', 'pendingMessages', 'pullMsgsAfter', 'pullMsgsAround'];"
            + " for (var _idx = 0; _idx < _names.length; _idx++) _fac[_names[_idx]] = _make(_idx);"
            + " Object.defineProperty(_fac, 'state', { get: function () { return invoker(-1); }, enumerable: true });"
            + " return _fac;")
    private static native JSObject build(Invoker invoker);
}
