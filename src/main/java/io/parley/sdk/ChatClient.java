package io.parley.sdk;

import io.parley.protocol.ClientError;
import io.parley.protocol.Limits;
import io.parley.protocol.MessageType;
import io.parley.protocol.Outbox;
import io.parley.protocol.PacketType;
import io.parley.protocol.ServerLimits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;

/**
 * The client engine behind {@link ParleySDK} (and used directly by the widget): connection,
 * requests and outbox, gap-free resume, inbound dispatch. Host input arrives as plain JS values
 * and is checked here; nothing throws into the host page: bad input becomes an error callback
 * or event.
 */
public class ChatClient implements ChatApi, Connection.Listener, Resume.Syncer {
    private final Emitter emitter = new Emitter();
    private final Connection conn = new Connection(emitter, this);
    /** Chat messages waiting for their ack; re-sent on every new connection until acked or expired. */
    private final Outbox<Request> messages = new Outbox<>();
    /** Other requests; only sent once, since create_group is not idempotent. */
    private final Outbox<Request> requests = new Outbox<>();
    /** Messages that failed, kept so {@link #resendMsg} can send them again under the same client id. */
    private final Map<String, Request> failed = new HashMap<>();
    private final Map<String, Double> readSent = new HashMap<>();
    private final Map<String, Double> typingSent = new HashMap<>();

    private ChatConfig config;
    private double defaultGid = Double.NaN;
    private OutboxStore store;
    /** Per conversation, the highest mid seen without gaps: what to sync from after a reconnect. */
    private final Resume resume = new Resume(emitter, this);
    private int sweepTimer = -1;
    private int nextRequestId;
    /** From the last auth_ok; defaults until then. */
    private ServerLimits limits = new ServerLimits();

    /** One request in flight: the packet, its callback, and which outbox holds it. */
    static final class Request {
        final String id;
        final JSObject packet;
        final JSObject callback;
        final boolean message;
        /** Set for the SDK's own requests (sync): answered in Java, not through a host callback. */
        Answer internal;

        Request(String id, JSObject packet, JSObject callback, boolean message) {
            this.id = id;
            this.packet = packet;
            this.callback = callback;
            this.message = message;
        }

        void answer(JSObject pack) {
            if (internal != null) {
                internal.answer(pack);
            } else {
                Js.call(callback, pack);
            }
        }
    }

    interface Answer {
        void answer(JSObject pack);
    }

    public ChatClient() {
    }

    // ---- public API -----------------------------------------------------------------

    /** Opens the connection. {@code cb(cbArg)} runs before the socket opens, so handlers it adds see {@code open}. */
    public void connect(JSObject chatConfig, JSObject cb, JSObject cbArg, JSObject gid) {
        ChatConfig parsed = ChatConfig.parse(chatConfig);
        if (config != null && parsed.problem == null) {
            shutdown(1000, "reconnect with new config");
        }
        if (Js.isFunction(cb)) {
            Js.call(cb, cbArg);
        }
        if (parsed.problem != null) {
            reportLater(ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, parsed.problem);
            return;
        }
        if (!Js.isNil(gid)) {
            double g = Js.toNumber(gid);
            if (!(g > 0)) {
                reportLater(ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, "gid must be a positive number");
                return;
            }
            defaultGid = g;
        } else {
            defaultGid = Double.NaN;
        }
        config = parsed;
        store = new OutboxStore(parsed.pin, parsed.appId);
        resume.load(new ResumeStore(parsed.pin, parsed.appId, parsed.url));
        restoreOutbox();
        startSweeper();
        conn.start(parsed.url);
    }

    public void on(JSObject event, JSObject fn) {
        if (!Js.isString(event) || !Js.isFunction(fn)) {
            Js.warn("on(event, fn) needs an event name and a function");
            return;
        }
        emitter.on(Js.str(event), fn);
    }

    public void off(JSObject event, JSObject fn) {
        if (Js.isString(event)) {
            emitter.off(Js.str(event), fn);
        }
    }

    public String getState() {
        return conn.state().wire;
    }

    public ConnState state() {
        return conn.state();
    }

    /** Creates (modifyFiled 1) or updates a group; {@code cb(pack)} with {@code pack.code} 0 and {@code pack.gid}. */
    public void createGroup(JSObject opts, JSObject cb) {
        if (!Js.isPlainObject(opts)) {
            badArgument(cb, "createGroup options must be an object", null);
            return;
        }
        JSObject p = packet(PacketType.CREATE_GROUP);
        Js.set(p, "group", opts);
        request(p, cb);
    }

    /** Pulls {@code count} messages older than {@code startMid} (-1: newest); {@code res.msgs} newest first. */
    public void pullHistoryMsg(JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        double start = Js.isNil(startMid) ? -1 : Js.toNumber(startMid);
        double n = Js.isNil(count) ? 10 : Js.toNumber(count);
        if (!(start == -1 || start > 0)) {
            badArgument(cb, "startMid must be -1 or a positive mid", null);
            return;
        }
        historyRequest(null, start, n, cb, gid);
    }

    /** One history request: direction null (older), "after" or "around"; count checked here. */
    private void historyRequest(String direction, double start, double n, JSObject cb, JSObject gid) {
        if (!(n >= 1 && n <= Limits.MAX_HISTORY_COUNT) || n != Math.floor(n)) {
            badArgument(cb, "count must be an integer 1.." + Limits.MAX_HISTORY_COUNT, null);
            return;
        }
        JSObject p = packet(PacketType.HISTORY);
        if (!address(p, gid, cb, null)) {
            return;
        }
        if (direction != null) {
            Js.setString(p, "direction", direction);
        }
        Js.setNumber(p, "startMid", start);
        Js.setNumber(p, "count", n);
        request(p, cb);
    }

    /** Sends text; returns the client message id ({@code cb(pack)} gets the ack or the failure). */
    public String sendTextMsg(JSObject text, JSObject cb, JSObject gid) {
        String cmid = Js.uuid();
        if (!Js.isString(text)) {
            badArgument(cb, "text must be a string", cmid);
            return cmid;
        }
        String s = Js.str(text);
        if (!Js.hasVisibleText(s)) {
            badArgument(cb, "text is empty", cmid);
            return cmid;
        }
        if (s.length() > limits.maxTextChars) {
            badArgument(cb, "text is longer than " + limits.maxTextChars + " characters", cmid);
            return cmid;
        }
        return send(cmid, MessageType.TEXT, "content", text, null, gid, cb);
    }

    /**
     * Sends a "special type" message: an agreed type name and a JSON payload object. Optional
     * {@code opts}: {@code {fallbackText, version}} for clients that cannot render the type.
     */
    public String sendCustomMsg(JSObject type, JSObject payload, JSObject cb, JSObject gid, JSObject opts) {
        String cmid = Js.uuid();
        String t = Js.isString(type) ? Js.str(type) : null;
        if (!MessageType.isValidCustom(t)) {
            badArgument(cb, "custom type must match [A-Za-z][A-Za-z0-9_.-]{0,31} and not be"
                    + " text/image/system/recall", cmid);
            return cmid;
        }
        JSObject body = Js.isNil(payload) ? Js.object() : payload;
        String json = Js.isPlainObject(body) ? Js.stringify(body) : null;
        if (json == null) {
            badArgument(cb, "payload must be a JSON-serializable object", cmid);
            return cmid;
        }
        if (json.length() > Limits.MAX_PAYLOAD_BYTES) {
            badArgument(cb, "payload is larger than " + Limits.MAX_PAYLOAD_BYTES + " bytes", cmid);
            return cmid;
        }
        if (!Js.isNil(opts)) {
            String fallback = Js.string(opts, "fallbackText");
            double version = Js.number(opts, "version");
            if (!Js.isPlainObject(opts) || (fallback == null && !Js.isNil(Js.get(opts, "fallbackText")))
                    || (fallback != null && fallback.length() > Limits.MAX_FALLBACK_TEXT_CHARS)
                    || (!Js.isNil(Js.get(opts, "version")) && !(version >= 1 && version == Math.floor(version)))) {
                badArgument(cb, "opts must be {fallbackText: string of at most " + Limits.MAX_FALLBACK_TEXT_CHARS
                        + " characters, version: positive integer}", cmid);
                return cmid;
            }
        }
        return send(cmid, t, "payload", Js.parseObject(json), Js.isNil(opts) ? null : opts, gid, cb);
    }

    /**
     * Uploads an image Blob/File to the Parley server, as the source uploads to "your own
     * server" before sending the URL. {@code onProgress(loaded, total)}; {@code cb(result)}
     * with {@code {code: 0, url, size, width, height, mime}} or a failure. Returns {@code {abort()}}.
     */
    public JSObject uploadImage(JSObject fileOrBlob, JSObject onProgress, JSObject cb) {
        if (config == null) {
            fail(cb, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "call connect() first: the upload uses its server and token", null);
            return null;
        }
        if (!Uploader.isBlob(fileOrBlob)) {
            badArgument(cb, "uploadImage needs a File or Blob", null);
            return null;
        }
        if (Uploader.size(fileOrBlob) <= 0) {
            badArgument(cb, "the image is empty", null);
            return null;
        }
        return Uploader.start(config.uploadUrl, config.token, fileOrBlob, onProgress, (status, body) -> {
            if (status == 200 && Js.isPlainObject(body) && Js.string(body, "url") != null) {
                Js.setNumber(body, "code", 0);
                Js.call(cb, body);
            } else if (Js.isPlainObject(body) && Js.number(body, "code") > 0) {
                Js.call(cb, body);
            } else if (status == -1) {
                fail(cb, ClientError.ABORTED, ClientError.ABORTED_ID, "upload aborted", null);
            } else {
                fail(cb, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, status == 0 ? "upload failed: network error"
                        : "upload failed: HTTP " + status, null);
            }
        });
    }

    /** Sends an image message: {@code {url, size}} as in the source, optionally width and height. */
    public String sendImageMsg(JSObject image, JSObject cb, JSObject gid) {
        String cmid = Js.uuid();
        String url = Js.string(image, "url");
        double size = Js.number(image, "size");
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2048) {
            badArgument(cb, "image.url must be an http(s) URL", cmid);
            return cmid;
        }
        if (!(size > 0) || size != Math.floor(size)) {
            badArgument(cb, "image.size must be a positive integer (bytes)", cmid);
            return cmid;
        }
        JSObject body = Js.object();
        Js.setString(body, "url", url);
        Js.setNumber(body, "size", size);
        for (String dim : new String[] { "width", "height" }) {
            double v = Js.number(image, dim);
            if (v > 0 && v == Math.floor(v)) {
                Js.setNumber(body, dim, v);
            } else if (!Js.isNil(Js.get(image, dim))) {
                badArgument(cb, "image." + dim + " must be a positive integer", cmid);
                return cmid;
            }
        }
        return send(cmid, MessageType.IMAGE, "image", body, null, gid, cb);
    }

    /** Pulls {@code count} messages newer than {@code startMid}, oldest first (forward paging). */
    public void pullMsgsAfter(JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        pageFrom("after", startMid, count, cb, gid);
    }

    /** Pulls up to {@code count} messages centred on {@code mid}, oldest first: for jump-to-first-unread. */
    public void pullMsgsAround(JSObject mid, JSObject count, JSObject cb, JSObject gid) {
        pageFrom("around", mid, count, cb, gid);
    }

    private void pageFrom(String direction, JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        double start = Js.toNumber(startMid);
        double n = Js.isNil(count) ? 10 : Js.toNumber(count);
        boolean around = "around".equals(direction);
        if (!(around ? start >= 1 : start >= -1) || start != Math.floor(start)) {
            fail(cb, ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID,
                    around ? "mid must be a positive integer" : "startMid must be -1 (from the oldest) or a mid", null);
            return;
        }
        if (start == 0) {
            start = -1; // "after nothing": from the oldest
        }
        historyRequest(direction, start, n, cb, gid);
    }

    /** Recalls one of your own messages (within the server's window); everyone sees it recalled. */
    public void recallMsg(JSObject mid, JSObject cb, JSObject gid) {
        JSObject p = midPacket(PacketType.RECALL, mid, cb, gid);
        if (p != null) {
            request(p, cb);
        }
    }

    /** Moves your read cursor in a conversation to {@code mid}; only ever forward. */
    public void markRead(JSObject mid, JSObject gid) {
        JSObject p = midPacket(PacketType.READ, mid, null, gid);
        if (p == null) {
            return;
        }
        String key = Js.str(Js.get(p, "gid"));
        double m = Js.number(p, "mid");
        Double sent = readSent.get(key);
        if (sent != null && sent >= m) {
            return;
        }
        readSent.put(key, m);
        request(p, null);
    }

    /** {@code cb(res)}: every member's {@code lastReadMid}, to show read/unread per message. */
    public void getReadState(JSObject cb, JSObject gid) {
        JSObject p = packet(PacketType.READ_STATE);
        if (groupOf(p, gid, cb)) {
            request(p, cb);
        }
    }

    /** {@code cb(res)}: {@code {total, conversations: [{gid, count, lastMid}]}}. Changes arrive as {@code unread} events. */
    public void getUnread(JSObject cb) {
        request(packet(PacketType.UNREAD), cb);
    }

    /** Tells the others you are typing; sent at most once per the server's typing interval per conversation. */
    public void sendTyping(JSObject gid) {
        JSObject p = packet(PacketType.TYPING);
        if (!groupOf(p, gid, null) || !conn.isOpen()) {
            return;
        }
        String key = Js.str(Js.get(p, "gid"));
        Double last = typingSent.get(key);
        double now = Js.now();
        if (last != null && now - last < limits.typingIntervalMs) {
            return;
        }
        typingSent.put(key, now);
        write(p);
    }

    private JSObject midPacket(String type, JSObject mid, JSObject cb, JSObject gid) {
        double m = Js.toNumber(mid);
        if (!(m > 0) || m != Math.floor(m)) {
            badArgument(cb, "mid must be a positive integer", null);
            return null;
        }
        JSObject p = packet(type);
        if (!groupOf(p, gid, cb)) {
            return null;
        }
        Js.setNumber(p, "mid", m);
        return p;
    }

    /** Sets a gid (given, or the one from connect); these packets need a known conversation. */
    private boolean groupOf(JSObject p, JSObject gid, JSObject cb) {
        double g = Js.isNil(gid) ? defaultGid : Js.toNumber(gid);
        if (!(g > 0)) {
            badArgument(cb, "gid must be a positive number (use the message's gid)", null);
            return false;
        }
        Js.setNumber(p, "gid", g);
        return true;
    }

    /** Sends a failed message again under its original client id, so it is delivered once. */
    public boolean resendMsg(JSObject clientMsgId, JSObject cb) {
        String cmid = Js.isString(clientMsgId) ? Js.str(clientMsgId) : null;
        Request r = cmid == null ? null : failed.remove(cmid);
        if (r == null) {
            badArgument(cb, "no failed message with that clientMsgId", cmid);
            return false;
        }
        sendMessage(cmid, r.packet, Js.isFunction(cb) ? cb : r.callback);
        return true;
    }

    /** Closes for good: no reconnect. Unacked messages fail with not_connected. */
    public void close() {
        if (config == null) {
            return;
        }
        shutdown(1000, "closed by client");
        failAll(ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "connection closed");
        conn.emitClose(1000, "closed by client", false);
    }

    // ---- connection lifecycle ----------------------------------------------------------

    @Override
    public void opened() {
        sendAuth();
    }

    @Override
    public void refused() {
        shutdown(1000, "");
        reportLater(ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, "the browser refused the WebSocket URL");
    }

    @Override
    public void dropped(boolean failWritten) {
        messages.connectionLost();
        if (failWritten) {
            for (Request r : requests.takeWritten()) {
                r.answer(errorPack(ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID,
                        "connection lost before the answer arrived", null));
            }
        }
    }

    @Override
    public void ended(String reason) {
        shutdown(1000, "");
        failAll(ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, reason);
    }

    private void sendAuth() {
        JSObject p = packet(PacketType.AUTH);
        Js.setString(p, "token", config.token);
        Js.setString(p, "pin", config.pin);
        Js.setString(p, "appId", config.appId);
        Js.setString(p, "clientType", config.clientType);
        if (config.toChat != null) {
            Js.setString(p, "toChat", config.toChat);
            Js.setString(p, "toAppId", config.toAppId);
        }
        write(p);
    }

    private void authenticated(JSObject p) {
        limits = readLimits(Js.get(p, ServerLimits.FIELD));
        boolean reconnected = conn.authenticated(Js.number(p, "heartbeatMs"), Js.number(p, "pingMs"));
        JSObject info = Js.object();
        Js.setString(info, "pin", config.pin);
        Js.setString(info, "appId", config.appId);
        Js.setBoolean(info, "reconnected", reconnected);
        emitter.emit("open", info);
        resume.authenticated(Js.string(p, "epoch"));
        flush();
    }

    /** The server's limits from auth_ok; each value missing or out of range keeps its default. */
    private static ServerLimits readLimits(JSObject o) {
        ServerLimits l = new ServerLimits();
        l.recallWindowMs = ServerLimits.pick(Js.number(o, ServerLimits.RECALL_WINDOW_MS), 0, 1e12, l.recallWindowMs);
        l.maxTextChars = (int) ServerLimits.pick(Js.number(o, ServerLimits.MAX_TEXT_CHARS), 1, 1e7, l.maxTextChars);
        l.typingIntervalMs = ServerLimits.pick(Js.number(o, ServerLimits.TYPING_INTERVAL_MS), 0, 6e5, l.typingIntervalMs);
        l.typingTtlMs = ServerLimits.pick(Js.number(o, ServerLimits.TYPING_TTL_MS), 100, 6e5, l.typingTtlMs);
        return l;
    }

    /** The server's limits (recall window, text length, typing interval); defaults before the first auth_ok. */
    public ServerLimits limits() {
        return limits;
    }

    /** Closes for good (no reconnect) and stops the sweeper. */
    private void shutdown(int code, String reason) {
        conn.stop(code, reason);
        if (sweepTimer >= 0) {
            Window.clearInterval(sweepTimer);
            sweepTimer = -1;
        }
        config = null;
    }

    /** Fails requests and messages whose deadline passed, connected or not. */
    private void startSweeper() {
        if (sweepTimer < 0) {
            sweepTimer = Window.setInterval(this::sweep, 1000);
        }
    }

    private void sweep() {
        double now = Js.now();
        for (Request r : requests.expire(now)) {
            r.answer(errorPack(ClientError.TIMEOUT, ClientError.TIMEOUT_ID, "no answer from the server in time", null));
        }
        for (Request r : messages.expire(now)) {
            failMessage(r, ClientError.TIMEOUT, ClientError.TIMEOUT_ID, "not acknowledged in time; resend it with resendMsg");
        }
    }

    private void failAll(int code, String error, String why) {
        for (Request r : requests.expire(Double.MAX_VALUE)) {
            r.answer(errorPack(code, error, why, null));
        }
        for (Request r : messages.expire(Double.MAX_VALUE)) {
            failMessage(r, code, error, why);
        }
    }

    /** After a reload: pending messages go out again, failed ones wait for resendMsg. */
    private void restoreOutbox() {
        OutboxStore from = store;
        from.loadAll(records -> {
            if (store != from) {
                return;
            }
            int n = Js.length(records);
            double deadline = Js.now() + config.sendTimeoutMs;
            for (int i = 0; i < n; i++) {
                JSObject rec = Js.at(records, i);
                String cmid = Js.string(rec, "cmid");
                String json = Js.string(rec, "packet");
                JSObject packet = json == null ? null : Js.parseObject(json);
                if (cmid == null || packet == null || messages.contains(cmid) || failed.containsKey(cmid)) {
                    continue;
                }
                Request r = new Request(cmid, packet, null, true);
                if ("failed".equals(Js.string(rec, "status"))) {
                    failed.put(cmid, r);
                } else {
                    messages.add(cmid, r, deadline);
                }
            }
            if (n > 0) {
                emitter.emit("outbox_restored", pendingMessages());
                flush();
            }
        });
    }

    /**
     * Messages sent but not yet acknowledged, oldest first, including ones restored after a
     * reload: {clientMsgId, gid?, toChat?, type, content?, payload?, image?, status: "sending"|"failed"}.
     */
    public JSObject pendingMessages() {
        JSObject list = Js.array();
        for (Request r : messages.items()) {
            Js.push(list, pendingView(r, "sending"));
        }
        for (Request r : failed.values()) {
            Js.push(list, pendingView(r, "failed"));
        }
        return list;
    }

    private static JSObject pendingView(Request r, String status) {
        JSObject v = Js.object();
        Js.setString(v, "clientMsgId", r.id);
        for (String k : new String[] { "gid", "toChat", "toAppId", "content", "payload", "image" }) {
            JSObject value = Js.get(r.packet, k);
            if (!Js.isNil(value)) {
                Js.set(v, k, value);
            }
        }
        Js.set(v, "type", Js.get(r.packet, "msgType"));
        Js.setString(v, "status", status);
        return v;
    }

    /** Resume asks for a sync: an internal request, answered in Java. */
    @Override
    public void sync(long gid, long afterMid, Answer answer) {
        JSObject p = packet(PacketType.SYNC);
        Js.setNumber(p, "gid", gid);
        Js.setNumber(p, "afterMid", afterMid);
        Js.setNumber(p, "limit", Limits.DEFAULT_SYNC_LIMIT);
        String rid = "r" + (++nextRequestId);
        Js.setString(p, "id", rid);
        Request r = new Request(rid, p, null, false);
        r.internal = answer;
        requests.add(rid, r, Js.now() + config.requestTimeoutMs);
    }

    @Override
    public boolean canSync() {
        return conn.isOpen();
    }

    @Override
    public void synced() {
        flush();
    }

    // ---- packets ---------------------------------------------------------------------

    @Override
    public void received(String text) {
        JSObject p = text == null ? null : Js.parseObject(text);
        String type = Js.string(p, "type");
        if (type == null) {
            Js.warn("ignored a frame that is not a Parley packet");
            return;
        }
        String id = Js.string(p, "id");
        // an if-chain, not a string switch: TeaVM turns those into far larger code
        if (PacketType.AUTH_OK.equals(type)) {
            authenticated(p);
        } else if (PacketType.CHAT_MESSAGE.equals(type)) {
            JSObject msg = Js.get(p, "msg");
            if (Js.isPlainObject(msg)) {
                resume.received(Js.number(msg, "gid"), Js.number(msg, "mid"), msg);
            }
        } else if (PacketType.CHAT_MESSAGE_ACK.equals(type)) {
            Request r = messages.acknowledge(Js.string(p, "clientMsgId"));
            if (r != null) {
                store.remove(r.id);
                // our own message counts as seen, but is not re-emitted as a "message"
                resume.received(Js.number(p, "gid"), Js.number(p, "mid"), null);
                Js.call(r.callback, p);
                emitter.emit(PacketType.CHAT_MESSAGE_ACK, p);
            }
        } else if (PacketType.ERROR.equals(type)) {
            onError(id, p);
        } else if (!PacketType.HEARTBEAT_ACK.equals(type) && !PacketType.PING.equals(type)) {
            Request r = id == null ? null : requests.acknowledge(id);
            if (r == null) {
                if (!PacketType.HISTORY_RESULT.equals(type) && !PacketType.SYNC_RESULT.equals(type)) {
                    emitter.emit(type, p); // a push (recalled, read_receipt, unread, typing, ...)
                }
            } else {
                if (r.internal == null && PacketType.HISTORY_RESULT.equals(type)) {
                    resume.seenInHistory(r.packet, p);
                }
                r.answer(p);
            }
        }
    }

    private void onError(String id, JSObject p) {
        Request r = id == null ? null : requests.acknowledge(id);
        if (r != null) {
            r.answer(p);
            return;
        }
        r = id == null ? null : messages.acknowledge(id);
        if (r != null) {
            store.remove(r.id);
            failed.put(r.id, r);
            Js.setString(p, "clientMsgId", r.id);
            Js.call(r.callback, p);
            emitter.emit("send_failed", p);
            return;
        }
        emitter.emit("error", p);
    }

    private JSObject packet(String type) {
        JSObject p = Js.object();
        Js.setString(p, "type", type);
        return p;
    }

    private void request(JSObject p, JSObject cb) {
        String id = "r" + (++nextRequestId);
        Js.setString(p, "id", id);
        requests.add(id, new Request(id, p, cb, false), Js.now() + (config != null ? config.requestTimeoutMs : 15_000));
        if (config == null) {
            requests.acknowledge(id);
            fail(cb, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "call connect() first", null);
            return;
        }
        flush();
    }

    /**
     * Builds the chat_message with its body field (and a custom message's fallbackText/version
     * from {@code extra}), addresses it and queues it; returns the client id.
     */
    private String send(String cmid, String type, String field, JSObject value, JSObject extra, JSObject gid,
            JSObject cb) {
        JSObject p = packet(PacketType.CHAT_MESSAGE);
        Js.setString(p, "id", cmid);
        Js.setString(p, "clientMsgId", cmid);
        Js.setString(p, "msgType", type);
        Js.set(p, field, value);
        if (extra != null) {
            for (String k : new String[] { "fallbackText", "version" }) {
                if (!Js.isNil(Js.get(extra, k))) {
                    Js.set(p, k, Js.get(extra, k));
                }
            }
        }
        if (address(p, gid, cb, cmid)) {
            sendMessage(cmid, p, cb);
        }
        return cmid;
    }

    private void sendMessage(String cmid, JSObject p, JSObject cb) {
        if (config == null) {
            Request r = new Request(cmid, p, cb, true);
            failMessage(r, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "call connect() first");
            return;
        }
        messages.add(cmid, new Request(cmid, p, cb, true), Js.now() + config.sendTimeoutMs);
        store.put(cmid, p, "pending");
        flush();
    }

    /** Sets gid, or toChat/toAppId for a one-to-one chat. False (and cb told) when neither is known. */
    private boolean address(JSObject p, JSObject gid, JSObject cb, String cmid) {
        double g = Js.isNil(gid) ? defaultGid : Js.toNumber(gid);
        if (!Js.isNil(gid) && !(g > 0)) {
            badArgument(cb, "gid must be a positive number", cmid);
            return false;
        }
        if (g > 0) {
            Js.setNumber(p, "gid", g);
            return true;
        }
        if (config != null && config.toChat != null) {
            Js.setString(p, "toChat", config.toChat);
            Js.setString(p, "toAppId", config.toAppId);
            return true;
        }
        badArgument(cb, "no gid given and chatConfig has no toChat/toAppId", cmid);
        return false;
    }

    private void flush() {
        if (!conn.isOpen()) {
            return;
        }
        for (Request r : messages.takeUnwritten()) {
            write(r.packet);
        }
        for (Request r : requests.takeUnwritten()) {
            write(r.packet);
        }
    }

    private void write(JSObject p) {
        conn.write(Js.stringify(p));
    }

    // ---- reporting -------------------------------------------------------------------

    /** A transient failure (timeout, no connection): kept durable as "failed" so a reload can offer resend. */
    private void failMessage(Request r, int code, String error, String why) {
        failed.put(r.id, r);
        if (store != null) {
            store.put(r.id, r.packet, "failed");
        }
        JSObject pack = errorPack(code, error, why, r.id);
        Js.call(r.callback, pack);
        emitter.emit("send_failed", pack);
    }

    private void fail(JSObject cb, int code, String error, String why, String cmid) {
        JSObject pack = errorPack(code, error, why, cmid);
        if (Js.isFunction(cb)) {
            Js.call(cb, pack);
        } else {
            emitter.emit("error", pack);
        }
    }

    private void badArgument(JSObject cb, String why, String cmid) {
        fail(cb, ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, why, cmid);
    }

    private static JSObject errorPack(int code, String error, String why, String cmid) {
        JSObject pack = Js.object();
        Js.setNumber(pack, "code", code);
        Js.setString(pack, "error", error);
        Js.setString(pack, "msg", why);
        if (cmid != null) {
            Js.setString(pack, "clientMsgId", cmid);
        }
        return pack;
    }

    /** Emits an error after the current call returns, so handlers added right after connect() see it. */
    private void reportLater(int code, String error, String why) {
        Js.warn(why);
        JSObject pack = errorPack(code, error, why, null);
        Window.setTimeout(() -> emitter.emit("error", pack), 0);
    }
}
