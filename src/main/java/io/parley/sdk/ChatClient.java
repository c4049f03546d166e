package io.parley.sdk;

import io.parley.protocol.ClientError;
import io.parley.protocol.ConversationFields;
import io.parley.protocol.Limits;
import io.parley.protocol.MessageType;
import io.parley.protocol.PacketType;
import io.parley.protocol.ServerLimits;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Window;

/**
 * The client engine behind {@link ParleySDK} (and used directly by the widget): connection,
 * requests and outbox, gap-free resume, inbound dispatch. Host input arrives as plain JS values
 * and is checked here; nothing throws into the host page: bad input becomes an error callback
 * or event.
 */
public class ChatClient implements ChatApi, Connection.Listener, Resume.Syncer {
    final Emitter emitter = new Emitter();
    final Connection conn = new Connection(emitter, this);
    final Requests requests = new Requests(this);
    final Tokens tokens = new Tokens(this);
    /** Per gid, the last read cursor sent and when typing was last sent (plain JS objects: no boxing). */
    private final JSObject readSent = Js.object();
    private final JSObject typingSent = Js.object();

    ChatConfig config;
    private double defaultGid = Double.NaN;
    /** Per conversation, the highest mid seen without gaps: what to sync from after a reconnect. */
    final Resume resume = new Resume(emitter, this);
    /** From the last auth_ok; defaults until then. */
    ServerLimits limits = new ServerLimits();

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
        resume.load(new ResumeStore(parsed.pin, parsed.appId, parsed.url));
        tokens.start(parsed);
        requests.start(parsed);
        conn.start(parsed.url);
    }

    public void on(JSObject event, JSObject fn) {
        if (!Js.isString(event) || !Js.isFunction(fn)) {
            Js.warn("on(event, fn) needs an event name and a function");
            return;
        }
        emitter.on(Js.str(event), fn);
    }

    /** The Java listener that hears every event before the host's handlers (one; null removes it). */
    public void listen(ChatListener listener) {
        emitter.listener = listener;
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
        requests.request(p, cb);
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
        requests.request(p, cb);
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
            badArgument(cb, "text is longer than " + Dom.numStr(limits.maxTextChars) + " characters", cmid);
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
        JSObject body = Js.isNil(payload) ? Js.object() : payload;
        String json = Js.isPlainObject(body) ? Js.stringify(body) : null;
        String problem = CustomMessageCheck.problem(t, json, opts);
        if (problem != null) {
            badArgument(cb, problem, cmid);
            return cmid;
        }
        return send(cmid, t, "payload", Js.parseObject(json), Js.isNil(opts) ? null : opts, gid, cb);
    }

    /**
     * Uploads an image Blob/File to the Parley server, as the source uploads to "your own
     * server" before sending the URL. {@code onProgress(loaded, total)}; {@code cb(result)}
     * with {@code {code: 0, url, size, width, height, mime}} or a failure. Returns {@code {abort()}}.
     */
    public JSObject uploadImage(JSObject fileOrBlob, JSObject onProgress, JSObject cb) {
        return Uploader.image(requests, config, tokens.token, fileOrBlob, onProgress, cb);
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
            // (0 is also taken for "after": from the oldest)
            badArgument(cb, around ? "mid must be a positive integer" : "startMid must be -1 or a positive mid", null);
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
            requests.request(p, cb);
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
        if (Js.number(readSent, key) >= m) {
            return;
        }
        Js.setNumber(readSent, key, m);
        requests.request(p, null);
    }

    /** {@code cb(res)}: every member's {@code lastReadMid}, to show read/unread per message. */
    public void getReadState(JSObject cb, JSObject gid) {
        JSObject p = packet(PacketType.READ_STATE);
        if (groupOf(p, gid, cb)) {
            requests.request(p, cb);
        }
    }

    /** {@code cb(res)}: {@code {total, conversations: [{gid, count, lastMid}]}}. Changes arrive as {@code unread} events. */
    public void getUnread(JSObject cb) {
        requests.request(packet(PacketType.UNREAD), cb);
    }

    /**
     * One page of my conversations, newest activity first: {@code opts} {@code {limit, before, filter}}
     * (each optional; the server checks them); {@code cb(res)} with {@code res.conversations},
     * {@code res.next}, {@code res.end}. Changes arrive as {@code conversation_updated} events.
     * Not in {@link ChatApi}: exported only by the facade and the desk, so the widget does not carry it.
     */
    public void conversations(JSObject opts, JSObject cb) {
        JSObject p = packet(PacketType.LIST_CONVERSATIONS);
        for (String k : new String[] { ConversationFields.LIMIT, ConversationFields.BEFORE, ConversationFields.FILTER }) {
            if (!Js.isNil(Js.get(opts, k))) {
                Js.set(p, k, Js.get(opts, k));
            }
        }
        requests.request(p, cb);
    }

    /** Tells the others you are typing; sent at most once per the server's typing interval per conversation. */
    public void sendTyping(JSObject gid) {
        JSObject p = packet(PacketType.TYPING);
        if (!groupOf(p, gid, null) || !conn.isOpen()) {
            return;
        }
        String key = Js.str(Js.get(p, "gid"));
        double now = Js.now();
        if (now - Js.number(typingSent, key) < limits.typingIntervalMs) {
            return;
        }
        Js.setNumber(typingSent, key, now);
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
        if (!requests.resend(cmid, cb)) {
            badArgument(cb, "no failed message with that clientMsgId", cmid);
            return false;
        }
        return true;
    }

    /** Closes for good: no reconnect. Unacked messages fail with not_connected. */
    public void close() {
        if (config == null) {
            return;
        }
        shutdown(1000, "closed by client");
        requests.failAll(ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "connection closed");
        conn.emitClose(1000, "closed by client", false);
    }

    // ---- connection lifecycle ----------------------------------------------------------

    @Override
    public void dialing() {
        tokens.dialing();
    }

    @Override
    public void opened() {
        if (tokens.ready()) { // else the provider's token, when it comes, sends auth
            conn.authSent = true;
            write(tokens.authPacket(config));
            // pipelined behind auth, not after auth_ok: the server handles a connection's frames in
            // order, so these are authorized (or refused with auth's error) and no round trip is spent
            resume.reconnected();
        }
    }

    @Override
    public void refused() {
        shutdown(1000, "");
        reportLater(ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, "the browser refused the WebSocket URL");
    }

    @Override
    public void dropped(boolean failWritten) {
        tokens.fresh = false; // a token kept over a drop may expire before the next socket opens: ask again
        requests.dropped(failWritten);
    }

    @Override
    public void ended(String reason) {
        shutdown(1000, "");
        requests.failAll(ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, reason);
    }

    /** The server's limits (recall window, text length, typing interval); defaults before the first auth_ok. */
    public ServerLimits limits() {
        return limits;
    }

    /** Saves what waits in memory (resume state): the page may be hidden or left, or the connection stopped. */
    @Override
    public void persist() {
        resume.flush();
    }

    /** Closes for good (no reconnect) and stops the sweeper. */
    private void shutdown(int code, String reason) {
        conn.stop(code, reason);
        tokens.stop();
        requests.stop();
        config = null;
    }

    /**
     * Messages sent but not yet acknowledged, oldest first, including ones restored after a
     * reload: {clientMsgId, gid?, toChat?, type, content?, payload?, image?, status: "sending"|"failed"}.
     */
    public JSObject pendingMessages() {
        return requests.pending();
    }

    /** Resume asks for a sync: an internal request, answered in Java. */
    @Override
    public void sync(long gid, long afterMid, Request.Answer answer) {
        requests.sync(gid, afterMid, answer);
    }

    @Override
    public boolean canSync() {
        return conn.writable();
    }

    @Override
    public void synced() {
        requests.flush();
    }

    // ---- packets ---------------------------------------------------------------------

    @Override
    public void received(String text) {
        Inbound.received(this, text);
    }

    static JSObject packet(String type) {
        JSObject p = Js.object();
        Js.setString(p, "type", type);
        return p;
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
            requests.sendMessage(cmid, p, cb);
        }
        return cmid;
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

    // ---- reporting -------------------------------------------------------------------

    void write(JSObject p) {
        conn.write(Js.stringify(p));
    }

    private void badArgument(JSObject cb, String why, String cmid) {
        requests.fail(cb, ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, why, cmid);
    }

    /** Emits an error after the current call returns, so handlers added right after connect() see it. */
    private void reportLater(int code, String error, String why) {
        Js.warn(why);
        JSObject pack = Requests.errorPack(code, error, why, null);
        Window.setTimeout(() -> emitter.emit("error", pack), 0);
    }
}
