package io.parley.sdk;

import io.parley.protocol.ClientError;
import io.parley.protocol.Field;
import io.parley.protocol.Limits;
import org.teavm.jso.JSObject;

/**
 * The JavaScript face of a {@link ChatClient}: checks and converts a host page's arguments and
 * forwards them to the typed engine. {@link ParleySDK} is this class exported; the widget's and
 * the desk's {@code handle.sdk} is one of these around the engine they use directly. Bad input
 * never throws: it becomes an error callback (or an {@code error} event without one).
 */
public class JsChatApi implements ChatApi {
    private static final String BAD_GID = "gid must be a positive number";
    private static final String BAD_MID = "mid must be a positive integer";
    private static final String BAD_START = "startMid must be -1 or a positive mid";

    public final ChatClient client;
    public JsChatApi(ChatClient client) {
        this.client = client;
    }

    /** A host callback as an {@link Answer} (null when it is not a function: failures become error events). */
    static Answer answer(JSObject fn) {
        return Js.isFunction(fn) ? pack -> Js.call(fn, pack) : null;
    }

    /** Opens the connection. {@code cb(cbArg)} runs before the socket opens, so handlers it adds see {@code open}. */
    public void connect(JSObject chatConfig, JSObject cb, JSObject cbArg, JSObject gid) {
        ChatConfig parsed = ChatConfig.parse(chatConfig);
        if (parsed.problem == null) {
            client.replaceConfig();
        }
        if (Js.isFunction(cb)) {
            Js.call(cb, cbArg);
        }
        double g = gid(gid);
        String problem = parsed.problem != null ? parsed.problem : g > 0 || g != g ? null : BAD_GID;
        if (problem != null) {
            client.reportLater(ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, problem);
            return;
        }
        client.connect(parsed, g);
    }

    /** NaN when not given (the engine then uses connect's); -1 for a non-number; else the number (checked by the caller). */
    private static double gid(JSObject gid) {
        double g = Js.isNil(gid) ? 0 : Js.toNumber(gid);
        return Js.isNil(gid) ? Double.NaN : g == g ? g : -1;
    }

    private static boolean isInt(double n) {
        return n == Math.floor(n);
    }

    @Override
    public void on(JSObject event, JSObject fn) {
        if (!Js.isString(event) || !Js.isFunction(fn)) {
            Js.warn("on(event, fn) needs an event name and a function");
            return;
        }
        client.emitter.on(Js.str(event), fn);
    }

    @Override
    public void off(JSObject event, JSObject fn) {
        if (Js.isString(event)) {
            client.emitter.off(Js.str(event), fn);
        }
    }

    @Override
    public String getState() {
        return client.state().wire;
    }

    @Override
    public void createGroup(JSObject opts, JSObject cb) {
        if (!Js.isPlainObject(opts)) {
            client.badArgument(answer(cb), "createGroup options must be an object", null);
            return;
        }
        client.createGroup(opts, answer(cb));
    }

    @Override
    public void pullHistoryMsg(JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        pageFrom(null, startMid, count, cb, gid);
    }

    @Override
    public void pullMsgsAfter(JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        pageFrom("after", startMid, count, cb, gid);
    }

    @Override
    public void pullMsgsAround(JSObject mid, JSObject count, JSObject cb, JSObject gid) {
        pageFrom("around", mid, count, cb, gid);
    }

    /** Direction null (older: startMid -1 or absent for the newest), "after" (0: from the oldest) or "around". */
    private void pageFrom(String direction, JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        double start = direction == null && Js.isNil(startMid) ? -1 : Js.toNumber(startMid);
        boolean around = "around".equals(direction);
        Answer a = answer(cb);
        if (direction == null ? !(start == -1 || start > 0) : !(around ? start >= 1 : start >= -1) || !isInt(start)) {
            client.badArgument(a, around ? BAD_MID : BAD_START, null);
            return;
        }
        double n = Js.isNil(count) ? 10 : Js.toNumber(count);
        if (!(n >= 1 && n <= Limits.MAX_HISTORY_COUNT) || !isInt(n)) {
            client.badArgument(a, "count must be an integer 1.." + Limits.MAX_HISTORY_COUNT, null);
            return;
        }
        client.history(direction, start == 0 ? -1 : start, (int) n, a, gid(gid));
    }

    @Override
    public String sendTextMsg(JSObject text, JSObject cb, JSObject gid) {
        String s = Js.isString(text) ? Js.str(text) : null;
        String problem = s == null ? "text must be a string"
                : !Js.hasVisibleText(s) ? "text is empty"
                : s.length() > client.limits.maxTextChars
                        ? "text is longer than " + Dom.numStr(client.limits.maxTextChars) + " characters" : null;
        return problem != null ? refuse(cb, problem) : send(cb, gid, s, null, null, null);
    }

    @Override
    public String sendCustomMsg(JSObject type, JSObject payload, JSObject cb, JSObject gid, JSObject opts) {
        String t = Js.isString(type) ? Js.str(type) : null;
        JSObject body = Js.isNil(payload) ? Js.object() : payload;
        String json = Js.isPlainObject(body) ? Js.stringify(body) : null;
        String problem = CustomMessageCheck.problem(t, json, opts);
        return problem != null ? refuse(cb, problem)
                : send(cb, gid, t, Js.parseObject(json), opts, null);
    }

    @Override
    public String sendImageMsg(JSObject image, JSObject cb, JSObject gid) {
        String url = Js.string(image, Field.URL);
        double size = Js.number(image, Field.SIZE);
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://")) || url.length() > 2048) {
            return refuse(cb, "image.url must be an http(s) URL");
        }
        if (!(size > 0) || !isInt(size)) {
            return refuse(cb, "image.size must be a positive integer (bytes)");
        }
        String dim = badDim(image, Field.WIDTH) ? Field.WIDTH : badDim(image, Field.HEIGHT) ? Field.HEIGHT : null;
        if (dim != null) {
            return refuse(cb, "image." + dim + " must be a positive integer");
        }
        JSObject body = Js.object(); // only what the protocol knows
        Js.setString(body, Field.URL, url);
        Js.setNumber(body, Field.SIZE, size);
        Js.copy(image, body, Field.WIDTH + " " + Field.HEIGHT);
        return send(cb, gid, url, null, null, body);
    }

    /** Given, but not a positive integer. */
    private static boolean badDim(JSObject image, String dim) {
        double v = Js.number(image, dim);
        return !(v > 0 && isInt(v)) && !Js.isNil(Js.get(image, dim));
    }

    /**
     * Checks the gid, then sends: text (payload and image null), a custom message (payload set:
     * {@code s} is its type) or an image ({@code image} set).
     */
    private String send(JSObject cb, JSObject gid, String s, JSObject payload, JSObject extra, JSObject image) {
        double g = gid(gid);
        Answer a = answer(cb);
        return image != null ? client.sendImage(image, a, g)
                : payload != null ? client.sendCustom(s, payload, extra, a, g)
                : client.sendText(s, a, g);
    }

    /** A message refused before it was queued: cb told, under a client id of its own. */
    private String refuse(JSObject cb, String why) {
        String cmid = Js.uuid();
        client.badArgument(answer(cb), why, cmid);
        return cmid;
    }

    @Override
    public JSObject uploadImage(JSObject fileOrBlob, JSObject onProgress, JSObject cb) {
        return client.uploadImage(fileOrBlob, onProgress, answer(cb));
    }

    /** The mid, or NaN (and cb told) when it is not a positive integer. */
    private double midOf(JSObject mid, Answer cb) {
        double m = Js.toNumber(mid);
        if (!(m > 0) || !isInt(m)) {
            client.badArgument(cb, BAD_MID, null);
            return Double.NaN;
        }
        return m;
    }

    @Override
    public void recallMsg(JSObject mid, JSObject cb, JSObject gid) {
        Answer a = answer(cb);
        double m = midOf(mid, a);
        if (m == m) {
            client.recall(m, a, gid(gid));
        }
    }

    @Override
    public void markRead(JSObject mid, JSObject gid) {
        double m = midOf(mid, null);
        if (m == m) {
            client.markRead(m, gid(gid));
        }
    }

    @Override
    public void getReadState(JSObject cb, JSObject gid) {
        client.readState(answer(cb), gid(gid));
    }

    @Override
    public void getUnread(JSObject cb) {
        client.unread(answer(cb));
    }

    @Override
    public void sendTyping(JSObject gid) {
        client.sendTyping(gid(gid));
    }

    @Override
    public boolean resendMsg(JSObject clientMsgId, JSObject cb) {
        String cmid = Js.isString(clientMsgId) ? Js.str(clientMsgId) : null;
        if (!client.resend(cmid, answer(cb))) {
            client.badArgument(answer(cb), "no failed message with that clientMsgId", cmid);
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public JSObject pendingMessages() {
        return client.pending();
    }

    /** {@code sdk.listConversations({limit, before, filter}, cb)}: the facade's and the desk's (not in {@link ChatApi}). */
    public void listConversations(JSObject opts, JSObject cb) {
        client.conversations(opts, answer(cb));
    }
}
