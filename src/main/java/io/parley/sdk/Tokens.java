package io.parley.sdk;

import io.parley.protocol.Field;
import io.parley.protocol.ClientError;
import io.parley.protocol.PacketType;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.browser.Window;

/**
 * The connection's token: the fixed {@code token}, or one from the host's {@code tokenProvider}
 * (a function returning a Promise of a token). The provider is asked on every dial (in parallel
 * with the socket opening, so it costs no round trip), a little before {@code exp}, and after a
 * {@code token_expired}; a token that arrives on an authenticated connection is sent as
 * {@code renew}, so the session, its outbox and resume state carry on.
 */
final class Tokens implements TimerHandler, Answer, ProviderAnswer {
    private final ChatClient client;
    private JSObject provider;
    /** The token auth, renew and uploads use. */
    String token;
    /** Not yet sent to the server: a reconnect may use it without asking again. */
    boolean fresh;
    /** A provider call is under way: auth waits for it. */
    private boolean waiting;
    private int calls;
    private int timer = -1;
    /** Server clock minus ours, from auth_ok: exp is on the server's clock. */
    private double skewMs;

    Tokens(ChatClient client) {
        this.client = client;
    }

    void start(ChatConfig c) {
        stop();
        provider = c.tokenProvider;
        token = c.token;
        fresh = token != null;
        waiting = false;
    }

    boolean renewable() {
        return provider != null;
    }

    /** A socket is being dialed: with a provider, a token not yet known fresh is asked for now. */
    void dialing() {
        if (provider != null && !fresh && !waiting) {
            ask();
        }
    }

    /** The socket is open: true when auth can go now; else it goes when the provider's token comes. */
    boolean ready() {
        if (provider == null || fresh) {
            return true;
        }
        dialing(); // asked before, but it failed while no socket was open: ask again
        return false;
    }

    /** The token goes out (auth or renew). */
    private String use() {
        fresh = false;
        return token;
    }

    /** auth_ok (with the server's clock) or renew_ok: renews a quarter of the lifetime (at most a minute) before exp. */
    void expires(double expSeconds, double serverTime) {
        if (serverTime > 0) {
            skewMs = serverTime - Js.now();
        }
        Window.clearTimeout(timer);
        if (provider != null && expSeconds > 0) {
            double left = expSeconds * 1000 - Js.now() - skewMs;
            timer = Window.setTimeout(this, (int) Math.max(0, left - Math.min(60_000, left / 4)));
        }
    }

    /** Time to renew (on a connection that is not open, the next dial asks anyway). */
    @Override
    public void onTimer() {
        if (client.conn.isOpen()) {
            ask();
        }
    }

    void stop() {
        Window.clearTimeout(timer);
        calls++; // answers to earlier calls are ignored
    }

    private void ask() {
        waiting = true;
        ask(provider, this, ++calls);
    }

    /** The provider's answer to ask number {@code call} (this object is the callback: no lambda class in the bundle). */
    @Override
    public void got(JSObject t, String why, int call) {
        if (call != calls) {
            return;
        }
        waiting = false;
        if (why == null && Js.isString(t) && !Js.str(t).isEmpty()) {
            token = Js.str(t);
            fresh = true;
            arrived();
        } else {
            failed(why != null ? why : "it gave no token");
        }
    }

    /**
     * The provider rejected or threw. With no socket open that may be the same network trouble (the
     * next dial asks again); on an open socket it is a token problem: the session cannot go on (the
     * host signs the user in again).
     */
    private void failed(String why) {
        if (!client.conn.socketOpen()) {
            return;
        }
        String msg = "tokenProvider failed: " + why;
        Js.warn(msg);
        client.emitter.emit("error", Requests.errorPack(ClientError.TOKEN_PROVIDER, ClientError.TOKEN_PROVIDER_ID, msg, null));
        client.ended(msg);
    }

    /** The first packet on every socket. */
    JSObject authPacket(ChatConfig config) {
        JSObject p = ChatClient.packet(PacketType.AUTH);
        Js.setString(p, Field.TOKEN, use());
        Js.setString(p, Field.PIN, config.pin);
        Js.setString(p, Field.APP_ID, config.appId);
        Js.setString(p, Field.CLIENT_TYPE, config.clientType);
        if (config.toChat != null) {
            Js.setString(p, Field.TO_CHAT, config.toChat);
            Js.setString(p, Field.TO_APP_ID, config.toAppId);
        }
        return p;
    }

    /** A token from the provider: auth on a socket waiting for it, renew on an authenticated one. */
    private void arrived() {
        if (client.conn.isOpen()) {
            JSObject p = ChatClient.packet(PacketType.RENEW);
            Js.setString(p, Field.TOKEN, use());
            client.requests.internal(p, this);
        } else if (client.conn.awaitingAuth()) {
            client.opened();
        }
    }

    /** renew's answer (this object is the request's {@link Answer}: no lambda class in the bundle). */
    @Override
    public void answer(JSObject res) {
        if (Js.number(res, Field.CODE) == 0) {
            expires(Js.number(res, Field.EXP), 0); // renew_ok
        } else {
            Js.warn(Js.stringify(res)); // the session keeps its old token until its exp
        }
    }

    @JSBody(params = { "f", "got", "c" }, script = "var _no = function (_e) { got(null, String(_e && _e.message || _e), c); };"
            + " try { Promise.resolve(f()).then(function (_t) { got(_t, null, c); }, _no); } catch (_e) { _no(_e); }")
    private static native void ask(JSObject provider, ProviderAnswer got, int call);
}
