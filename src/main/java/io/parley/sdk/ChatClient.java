package io.parley.sdk;

import io.parley.protocol.ClientError;
import io.parley.protocol.ConversationFields;
import io.parley.protocol.Field;
import io.parley.protocol.MessageType;
import io.parley.protocol.PacketType;
import io.parley.protocol.ServerLimits;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSString;
import org.teavm.jso.browser.Window;

/**
 * The typed client engine: connection, requests and outbox, gap-free resume, inbound dispatch.
 * The widget and desk call it directly with Java values; host pages reach it through
 * {@link JsChatApi} (and {@link ParleySDK}), which checks and converts their JS arguments.
 * Nothing throws into the host page: a failure becomes an error callback or event.
 */
public class ChatClient implements Connection.Listener, Resume.Syncer {
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

    // ---- typed API (the JS layer, {@link JsChatApi}, checks a host's input) ----------------
    // A gid argument: NaN for the conversation from connect (or the config's toChat); any other
    // value must be positive, else the call fails with bad_argument (as for a host's bad gid).

    /**
     * Shuts a running connection down before a reconnect with a new config (before the host's
     * connect callback runs, so it sees the old one closed).
     */
    void replaceConfig() {
        if (config != null) {
            shutdown(1000, "reconnect with new config");
        }
    }

    /** Opens the connection; {@code gid} (NaN: none) is the conversation of calls that name none. */
    void connect(ChatConfig parsed, double gid) {
        defaultGid = gid;
        config = parsed;
        resume.load(new ResumeStore(parsed.pin, parsed.appId, parsed.url));
        tokens.start(parsed);
        requests.start(parsed);
        conn.start(parsed.url);
    }

    /** The Java listener that hears every event before the host's handlers (one; null removes it). */
    public void listen(ChatListener listener) {
        emitter.listener = listener;
    }

    public ConnState state() {
        return conn.state();
    }

    /** Creates (modifyFiled 1) or updates a group; {@code cb(pack)} with {@code pack.code} 0 and {@code pack.gid}. */
    void createGroup(JSObject group, Answer cb) {
        JSObject p = packet(PacketType.CREATE_GROUP);
        Js.set(p, Field.GROUP, group);
        requests.request(p, cb);
    }

    /**
     * Pulls {@code count} messages: direction null, older than {@code start} (-1: the newest; newest
     * first), or "after"/"around" it (oldest first).
     */
    public void history(String direction, double start, int count, Answer cb, double gid) {
        JSObject p = packet(PacketType.HISTORY);
        if (!address(p, gid, cb, null)) {
            return;
        }
        if (direction != null) {
            Js.setString(p, Field.DIRECTION, direction);
        }
        Js.setNumber(p, Field.START_MID, start);
        Js.setNumber(p, Field.COUNT, count);
        requests.request(p, cb);
    }

    /** Sends text (visible, within {@link ServerLimits#maxTextChars}); returns the client message id. */
    public String sendText(String text, Answer cb, double gid) {
        return send(MessageType.TEXT, Field.CONTENT, JSString.valueOf(text), null, gid, cb);
    }

    /** Sends a checked "special type" message; {@code extra}'s fallbackText and version go along. */
    public String sendCustom(String type, JSObject payload, JSObject extra, Answer cb, double gid) {
        return send(type, Field.PAYLOAD, payload, extra, gid, cb);
    }

    /** Uploads an image Blob/File to the Parley server; {@code onProgress(loaded, total)}. Returns {@code {abort()}}. */
    public JSObject uploadImage(JSObject fileOrBlob, JSObject onProgress, Answer cb) {
        // over the server's maxUploadBytes: refused at once, without a request. Js.number is null-safe,
        // and NaN for a non-Blob, which Uploader then refuses as bad_argument
        if (Js.number(fileOrBlob, "size") > limits().maxUploadBytes) {
            // msg: the limit's name (a string the bundle has already); too_large says the rest
            requests.fail(cb, ClientError.TOO_LARGE, ClientError.TOO_LARGE_ID, ServerLimits.MAX_UPLOAD_BYTES, null);
            return null;
        }
        return Uploader.image(requests, config, tokens.token, fileOrBlob, onProgress, cb);
    }

    /** Sends an image message: {@code {url, size, width?, height?}} (an http(s) URL, positive integers). */
    public String sendImage(JSObject image, Answer cb, double gid) {
        return send(MessageType.IMAGE, Field.IMAGE, image, null, gid, cb);
    }

    /** Recalls one of your own messages (within the server's window); everyone sees it recalled. */
    public void recall(double mid, Answer cb, double gid) {
        JSObject p = midPacket(PacketType.RECALL, mid, cb, gid);
        if (p != null) {
            requests.request(p, cb);
        }
    }

    /** Moves your read cursor in a conversation to {@code mid}; only ever forward. */
    public void markRead(double mid, double gid) {
        JSObject p = midPacket(PacketType.READ, mid, null, gid);
        if (p == null) {
            return;
        }
        String key = Js.str(Js.get(p, Field.GID));
        if (Js.number(readSent, key) >= mid) {
            return;
        }
        Js.setNumber(readSent, key, mid);
        requests.request(p, null);
    }

    /** {@code cb(res)}: every member's {@code lastReadMid}, to show read/unread per message. */
    public void readState(Answer cb, double gid) {
        JSObject p = packet(PacketType.READ_STATE);
        if (groupOf(p, gid, cb)) {
            requests.request(p, cb);
        }
    }

    /** {@code cb(res)}: {@code {total, conversations: [{gid, count, lastMid}]}}. Changes arrive as {@code unread} events. */
    public void unread(Answer cb) {
        requests.request(packet(PacketType.UNREAD), cb);
    }

    /**
     * One page of my conversations, newest activity first: {@code opts} {@code {limit, before, filter}}
     * (each optional; the server checks them); {@code cb(res)} with {@code res.conversations},
     * {@code res.next}, {@code res.end}. Changes arrive as {@code conversation_updated} events.
     * Not in {@link ChatApi}: only the facade and the desk offer it, so the widget does not carry it.
     */
    public void conversations(JSObject opts, Answer cb) {
        JSObject p = packet(PacketType.LIST_CONVERSATIONS);
        Js.copy(opts, p, ConversationFields.LIMIT + " " + ConversationFields.BEFORE + " " + ConversationFields.FILTER);
        requests.request(p, cb);
    }

    /** Tells the others you are typing; sent at most once per the server's typing interval per conversation. */
    public void sendTyping(double gid) {
        JSObject p = packet(PacketType.TYPING);
        if (!groupOf(p, gid, null) || !conn.isOpen()) {
            return;
        }
        String key = Js.str(Js.get(p, Field.GID));
        double now = Js.now();
        if (now - Js.number(typingSent, key) < limits.typingIntervalMs) {
            return;
        }
        Js.setNumber(typingSent, key, now);
        write(p);
    }

    private JSObject midPacket(String type, double mid, Answer cb, double gid) {
        JSObject p = packet(type);
        if (!groupOf(p, gid, cb)) {
            return null;
        }
        Js.setNumber(p, Field.MID, mid);
        return p;
    }

    /** Sets a gid (given, or NaN: the one from connect); these packets need a known conversation. */
    private boolean groupOf(JSObject p, double gid, Answer cb) {
        double g = gid == gid ? gid : defaultGid;
        if (!(g > 0)) {
            badArgument(cb, "gid must be a positive number (use the message's gid)", null);
            return false;
        }
        Js.setNumber(p, Field.GID, g);
        return true;
    }

    /** Sends a failed message again under its original client id, so it is delivered once; false: none such. */
    public boolean resend(String clientMsgId, Answer cb) {
        return requests.resend(clientMsgId, cb);
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
    public JSObject pending() {
        return requests.pending();
    }

    /** Resume asks for a sync: an internal request, answered in Java. */
    @Override
    public void sync(long gid, long afterMid, Answer answer) {
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
        Js.setString(p, Field.TYPE, type);
        return p;
    }

    /**
     * Builds the chat_message with its body field (and a custom message's fallbackText/version
     * from {@code extra}), addresses it and queues it; returns the client id.
     */
    private String send(String type, String field, JSObject value, JSObject extra, double gid, Answer cb) {
        String cmid = Js.uuid();
        JSObject p = packet(PacketType.CHAT_MESSAGE);
        Js.setString(p, Field.ID, cmid);
        Js.setString(p, Field.CLIENT_MSG_ID, cmid);
        Js.setString(p, Field.MSG_TYPE, type);
        Js.set(p, field, value);
        Js.copy(extra, p, Field.FALLBACK_TEXT + " " + Field.VERSION);
        if (address(p, gid, cb, cmid)) {
            requests.sendMessage(cmid, p, cb);
        }
        return cmid;
    }

    /** Sets gid, or toChat/toAppId for a one-to-one chat. False (and cb told) when neither is known. */
    private boolean address(JSObject p, double gid, Answer cb, String cmid) {
        if (gid == gid && !(gid > 0)) {
            badArgument(cb, "gid must be a positive number", cmid);
            return false;
        }
        double g = gid == gid ? gid : defaultGid;
        if (g > 0) {
            Js.setNumber(p, Field.GID, g);
            return true;
        }
        if (config != null && config.toChat != null) {
            Js.setString(p, Field.TO_CHAT, config.toChat);
            Js.setString(p, Field.TO_APP_ID, config.toAppId);
            return true;
        }
        badArgument(cb, "no gid given and chatConfig has no toChat/toAppId", cmid);
        return false;
    }

    // ---- reporting -------------------------------------------------------------------

    void write(JSObject p) {
        conn.write(Js.stringify(p));
    }

    void badArgument(Answer cb, String why, String cmid) {
        requests.fail(cb, ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, why, cmid);
    }

    /** Emits an error after the current call returns, so handlers added right after connect() see it. */
    void reportLater(int code, String error, String why) {
        Js.warn(why);
        JSObject pack = Requests.errorPack(code, error, why, null);
        Window.setTimeout(() -> emitter.emit("error", pack), 0);
    }
}
