package io.parley.sdk;

import io.parley.protocol.ClientType;
import org.teavm.jso.JSObject;

/** The source's chatConfig, checked once at connect time. */
final class ChatConfig {
    String url;
    String token;
    /** The host's () => Promise<token>, or null. */
    JSObject tokenProvider;
    String pin;
    String appId;
    String toChat;
    String toAppId;
    String clientType;
    /** Where uploadImage posts; defaults to the socket's host + /api/upload. */
    String uploadUrl;
    int requestTimeoutMs = 15_000;
    int sendTimeoutMs = 20_000;
    /** Why the config was refused, or null when it is usable. */
    String problem;

    static ChatConfig parse(JSObject o) {
        ChatConfig c = new ChatConfig();
        if (!Js.isPlainObject(o)) {
            c.problem = "chatConfig must be an object";
            return c;
        }
        c.url = Js.string(o, "url");
        if (c.url == null) {
            c.url = Js.pageSocketUrl();
        }
        c.token = Js.string(o, "token");
        JSObject provider = Js.get(o, "tokenProvider");
        c.tokenProvider = Js.isFunction(provider) ? provider : null;
        c.pin = Js.string(o, "pin");
        c.appId = Js.string(o, "appId");
        c.toChat = Js.string(o, "toChat");
        c.toAppId = Js.string(o, "toAppId");
        c.clientType = Js.string(o, "clientType");
        if (c.clientType == null && Js.isNil(Js.get(o, "clientType"))) {
            c.clientType = "comet";
        }
        double timeout = Js.number(o, "sendTimeoutMs");
        if (timeout >= 1000 && timeout <= 600_000) {
            c.sendTimeoutMs = (int) timeout;
        }
        c.problem = c.check();
        if (c.problem == null) {
            c.uploadUrl = Js.string(o, "uploadUrl");
            if (c.uploadUrl == null) {
                c.uploadUrl = Uploader.httpBase(c.url) + "/api/upload";
            }
        }
        return c;
    }

    /** Why the fields are not usable, or null: pure, so it runs on the JVM too. */
    String check() {
        if (url == null || !(url.startsWith("ws://") || url.startsWith("wss://"))) {
            return "chatConfig.url must be a ws:// or wss:// URL";
        }
        if ((token == null || token.isEmpty()) && tokenProvider == null) {
            return "chatConfig.token or chatConfig.tokenProvider (a function) is required";
        }
        if (pin == null || pin.isEmpty()) {
            return "chatConfig.pin is required";
        }
        if (appId == null || appId.isEmpty()) {
            return "chatConfig.appId is required";
        }
        if (!ClientType.isValid(clientType)) {
            return "chatConfig.clientType must be one of m, comet, android, iOS";
        }
        if ((toChat == null) != (toAppId == null)) {
            return "chatConfig.toChat and chatConfig.toAppId go together";
        }
        return null;
    }
}
