package io.parley.sdk;

import io.parley.protocol.Field;
import io.parley.protocol.PacketType;
import io.parley.protocol.ServerLimits;
import org.teavm.jso.JSObject;

/**
 * Inbound dispatch: each packet from the server goes to the request it answers, the resume
 * cursors (messages), or the host as an event (pushes, errors).
 */
final class Inbound {
    private Inbound() {
    }

    static void received(ChatClient client, String text) {
        JSObject p = text == null ? null : Js.parseObject(text);
        String type = Js.string(p, Field.TYPE);
        if (type == null) {
            Js.warn("ignored a frame that is not a Parley packet");
            return;
        }
        String id = Js.string(p, Field.ID);
        Requests out = client.requests;
        Resume resume = client.resume;
        // an if-chain, not a string switch: TeaVM turns those into far larger code
        if (PacketType.AUTH_OK.equals(type)) {
            authenticated(client, p);
        } else if (PacketType.CHAT_MESSAGE.equals(type)) {
            JSObject msg = Js.get(p, Field.MSG);
            if (Js.isPlainObject(msg)) {
                resume.received(Js.number(msg, Field.GID), Js.number(msg, Field.MID), msg);
            }
        } else if (PacketType.CHAT_MESSAGE_ACK.equals(type)) {
            Request r = out.acked(Js.string(p, Field.CLIENT_MSG_ID));
            if (r != null) {
                // our own message counts as seen, but is not re-emitted as a "message"
                resume.received(Js.number(p, Field.GID), Js.number(p, Field.MID), null);
                r.answer(p);
                client.emitter.emit(PacketType.CHAT_MESSAGE_ACK, p);
            }
        } else if (PacketType.ERROR.equals(type)) {
            onError(client, id, p);
        } else if (!PacketType.HEARTBEAT_ACK.equals(type) && !PacketType.PING.equals(type)) {
            Request r = out.answered(id);
            if (r == null) {
                if (!PacketType.HISTORY_RESULT.equals(type) && !PacketType.SYNC_RESULT.equals(type)) {
                    client.emitter.emit(type, p); // a push (recalled, read_receipt, unread, typing, ...)
                }
            } else {
                if (PacketType.HISTORY_RESULT.equals(type)) { // (the SDK's own requests are never history)
                    resume.seenInHistory(r.packet, p);
                }
                r.answer(p);
            }
        }
    }

    private static void onError(ChatClient client, String id, JSObject p) {
        Requests out = client.requests;
        Request r = out.answered(id);
        if (r != null) {
            r.answer(p);
            return;
        }
        r = out.refused(id);
        if (r != null) {
            Js.setString(p, Field.CLIENT_MSG_ID, r.id);
            r.answer(p);
            client.emitter.emit("send_failed", p);
            return;
        }
        double c = Js.number(p, Field.CODE);
        if (c == 4012 && client.tokens.renewable()) {
            client.conn.expired = true; // the next socket asks the provider for a fresh token
            return;
        }
        // unasked: a refused login or origin, a limit; the console names it for the integrator
        Js.warn(Js.stringify(p));
        // a token problem or a refused origin: no retry, whatever close code the socket then ends with
        if (c > 4010 && c < 4017 || c == 4105) {
            client.conn.refusal = Js.string(p, Field.ERROR);
        }
        client.emitter.emit("error", p);
    }

    private static void authenticated(ChatClient client, JSObject p) {
        client.limits = readLimits(Js.get(p, ServerLimits.FIELD));
        boolean reconnected = client.conn.authenticated(Js.number(p, Field.HEARTBEAT_MS), Js.number(p, Field.PING_MS));
        ChatConfig config = client.config;
        JSObject info = Js.object();
        Js.setString(info, Field.PIN, config.pin);
        Js.setString(info, Field.APP_ID, config.appId);
        Js.setBoolean(info, "reconnected", reconnected);
        client.emitter.emit("open", info);
        client.resume.authenticated(Js.string(p, Field.EPOCH));
        client.tokens.expires(Js.number(p, Field.EXP), Js.number(p, Field.SERVER_TIME));
    }

    /** The server's limits from auth_ok; each value missing or out of range keeps its default. */
    private static ServerLimits readLimits(JSObject o) {
        ServerLimits l = new ServerLimits();
        l.recallWindowMs = ServerLimits.pick(Js.number(o, ServerLimits.RECALL_WINDOW_MS), 0, 1e12, l.recallWindowMs);
        l.maxTextChars = (int) ServerLimits.pick(Js.number(o, ServerLimits.MAX_TEXT_CHARS), 1, 1e7, l.maxTextChars);
        l.typingIntervalMs = ServerLimits.pick(Js.number(o, ServerLimits.TYPING_INTERVAL_MS), 0, 6e5, l.typingIntervalMs);
        l.typingTtlMs = ServerLimits.pick(Js.number(o, ServerLimits.TYPING_TTL_MS), 100, 6e5, l.typingTtlMs);
        // as sent (NaN when absent): the media chunk checks them, where bytes are cheap
        l.maxUploadBytes = Js.number(o, ServerLimits.MAX_UPLOAD_BYTES);
        l.maxUploadPixels = Js.number(o, ServerLimits.MAX_UPLOAD_PIXELS);
        return l;
    }
}
