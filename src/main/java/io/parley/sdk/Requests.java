package io.parley.sdk;

import io.parley.protocol.ClientError;
import io.parley.protocol.Field;
import io.parley.protocol.KeyedList;
import io.parley.protocol.Limits;
import io.parley.protocol.Outbox;
import io.parley.protocol.PacketType;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.browser.Window;

/**
 * Requests and the outbox: what waits for an answer, written when the connection is open,
 * failed when its deadline passes; chat messages are kept durable (IndexedDB) until acked, go
 * out again on every new connection and after a reload, and failed ones wait for a resend.
 */
final class Requests implements TimerHandler {
    private final ChatClient client;
    /** Chat messages waiting for their ack; re-sent on every new connection until acked or expired. */
    private final Outbox<Request> messages = new Outbox<>();
    /** Other requests; only sent once, since create_group is not idempotent. */
    private final Outbox<Request> requests = new Outbox<>();
    /** Messages that failed, kept so a resend can send them again under the same client id. */
    private final KeyedList<String, Request> failed = new KeyedList<>();
    private OutboxStore store;
    private int sweepTimer = -1;
    private int nextRequestId;

    Requests(ChatClient client) {
        this.client = client;
    }

    /** Connected with a new config: its durable outbox, and the sweeper that fails what expired. */
    void start(ChatConfig config) {
        store = new OutboxStore(config.pin, config.appId);
        store.loadAll(this);
        if (sweepTimer < 0) {
            sweepTimer = Window.setInterval(this, 1000);
        }
    }

    void stop() {
        if (sweepTimer >= 0) {
            Window.clearInterval(sweepTimer);
            sweepTimer = -1;
        }
    }

    // ---- out ---------------------------------------------------------------------------

    void request(JSObject p, Answer cb) {
        Request r = add(p, cb);
        if (client.config == null) {
            requests.acknowledge(r.id);
            fail(cb, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "call connect() first", null);
            return;
        }
        flush();
    }

    /** Resume asks for a sync: an internal request, answered in Java (written by the next flush). */
    void sync(long gid, long afterMid, Answer answer) {
        JSObject p = ChatClient.packet(PacketType.SYNC);
        Js.setNumber(p, Field.GID, gid);
        Js.setNumber(p, Field.AFTER_MID, afterMid);
        Js.setNumber(p, Field.LIMIT, Limits.DEFAULT_SYNC_LIMIT);
        add(p, answer);
    }

    /** The SDK's own request (renew), answered in Java. */
    void internal(JSObject p, Answer answer) {
        add(p, answer);
        flush();
    }

    private Request add(JSObject p, Answer cb) {
        String id = "r" + Dom.numStr(++nextRequestId);
        Js.setString(p, Field.ID, id);
        ChatConfig config = client.config;
        Request r = new Request(id, p, cb);
        requests.add(id, r, Js.now() + (config != null ? config.requestTimeoutMs : 15_000));
        return r;
    }

    void sendMessage(String cmid, JSObject p, Answer cb) {
        ChatConfig config = client.config;
        if (config == null) {
            Request r = new Request(cmid, p, cb);
            failMessage(r, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "call connect() first");
            return;
        }
        messages.add(cmid, new Request(cmid, p, cb), Js.now() + config.sendTimeoutMs);
        store.put(cmid, p, "pending");
        flush();
    }

    /** A failed message again under its original client id, so it is delivered once; false: none such. */
    boolean resend(String cmid, Answer cb) {
        Request r = cmid == null ? null : failed.remove(cmid);
        if (r == null) {
            return false;
        }
        sendMessage(cmid, r.packet, cb != null ? cb : r.callback);
        return true;
    }

    /** Writes what waits, on an open socket even before auth_ok: it follows auth in the same flight. */
    void flush() {
        if (client.conn.writable()) {
            write(messages.takeUnwritten());
            write(requests.takeUnwritten());
        }
    }

    // indexed loops here: an iterator would bring AbstractList's into the bundle
    private void write(List<Request> rs) {
        for (int i = 0; i < rs.size(); i++) {
            client.write(rs.get(i).packet);
        }
    }

    // ---- answers -----------------------------------------------------------------------

    /** The request with this id, now answered (null: none waits). */
    Request answered(String id) {
        return id == null ? null : requests.acknowledge(id);
    }

    /** Our chat message was stored: out of the outbox for good. */
    Request acked(String cmid) {
        Request r = messages.acknowledge(cmid);
        if (r != null) {
            store.remove(r.id);
        }
        return r;
    }

    /** The server refused our chat message (an error packet with its id): failed, kept for a resend. */
    Request refused(String id) {
        Request r = id == null ? null : messages.acknowledge(id);
        if (r != null) {
            store.remove(r.id);
            failed.put(r.id, r);
        }
        return r;
    }

    /** The socket is gone: messages go out again on the next one; answers in flight may be lost. */
    void dropped(boolean failWritten) {
        messages.connectionLost();
        if (failWritten) {
            // before the answer came
            answerAll(requests.takeWritten(), ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "connection closed");
        }
    }

    // ---- failures ----------------------------------------------------------------------

    /** Every second: fails requests and messages whose deadline passed, connected or not. */
    @Override
    public void onTimer() {
        double now = Js.now();
        answerAll(requests.expire(now), ClientError.TIMEOUT, ClientError.TIMEOUT_ID, "no answer from the server in time");
        failMessages(messages.expire(now), ClientError.TIMEOUT, ClientError.TIMEOUT_ID, "not acknowledged in time; resend it with resendMsg");
    }

    void failAll(int code, String error, String why) {
        answerAll(requests.expire(Double.MAX_VALUE), code, error, why);
        failMessages(messages.expire(Double.MAX_VALUE), code, error, why);
    }

    /** Each request gets an error pack of its own. */
    private static void answerAll(List<Request> rs, int code, String error, String why) {
        for (int i = 0; i < rs.size(); i++) {
            rs.get(i).answer(errorPack(code, error, why, null));
        }
    }

    private void failMessages(List<Request> rs, int code, String error, String why) {
        for (int i = 0; i < rs.size(); i++) {
            failMessage(rs.get(i), code, error, why);
        }
    }

    /** A transient failure (timeout, no connection): kept durable as "failed" so a reload can offer resend. */
    private void failMessage(Request r, int code, String error, String why) {
        failed.put(r.id, r);
        if (store != null) {
            store.put(r.id, r.packet, "failed");
        }
        JSObject pack = errorPack(code, error, why, r.id);
        r.answer(pack);
        client.emitter.emit("send_failed", pack);
    }

    void fail(Answer cb, int code, String error, String why, String cmid) {
        JSObject pack = errorPack(code, error, why, cmid);
        if (cb != null) {
            cb.answer(pack);
        } else {
            client.emitter.emit("error", pack);
        }
    }

    static JSObject errorPack(int code, String error, String why, String cmid) {
        JSObject pack = Js.object();
        Js.setNumber(pack, Field.CODE, code);
        Js.setString(pack, Field.ERROR, error);
        Js.setString(pack, Field.MSG, why);
        if (cmid != null) {
            Js.setString(pack, Field.CLIENT_MSG_ID, cmid);
        }
        return pack;
    }

    // ---- durable outbox ----------------------------------------------------------------

    /** After a reload: pending messages go out again, failed ones wait for resendMsg. */
    void restore(OutboxStore from, JSObject records) {
        if (store != from || client.config == null) {
            return; // another connect, or closed for good (a refused token) before the outbox loaded
        }
        int n = Js.length(records);
        double deadline = Js.now() + client.config.sendTimeoutMs;
        for (int i = 0; i < n; i++) {
            JSObject rec = Js.at(records, i);
            String cmid = Js.string(rec, "cmid");
            String json = Js.string(rec, "packet");
            JSObject packet = json == null ? null : Js.parseObject(json);
            if (cmid == null || packet == null || messages.contains(cmid) || failed.indexOf(cmid) >= 0) {
                continue;
            }
            Request r = new Request(cmid, packet, null);
            if ("failed".equals(Js.string(rec, "status"))) {
                failed.put(cmid, r);
            } else {
                messages.add(cmid, r, deadline);
            }
        }
        if (n > 0) {
            client.emitter.emit("outbox_restored", pending());
            flush();
        }
    }

    /** Unacknowledged messages, oldest first, then the failed ones. */
    JSObject pending() {
        JSObject list = Js.array();
        List<Request> sending = messages.items();
        for (int i = 0; i < sending.size(); i++) {
            Js.push(list, pendingView(sending.get(i), "sending"));
        }
        for (int i = 0; i < failed.size(); i++) {
            Js.push(list, pendingView(failed.value(i), "failed"));
        }
        return list;
    }

    private static JSObject pendingView(Request r, String status) {
        JSObject v = Js.object();
        Js.setString(v, Field.CLIENT_MSG_ID, r.id);
        Js.copy(r.packet, v, Field.GID + " " + Field.TO_CHAT + " " + Field.TO_APP_ID + " " + Field.CONTENT + " "
                + Field.PAYLOAD + " " + Field.IMAGE);
        Js.set(v, Field.TYPE, Js.get(r.packet, Field.MSG_TYPE));
        Js.setString(v, "status", status);
        return v;
    }
}
