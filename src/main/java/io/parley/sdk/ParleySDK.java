package io.parley.sdk;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * The exported SDK. Code written like the DongDong write-up runs unchanged:
 * {@code new ParleySDK(); sdk.connect(cfg, cb, gid); sdk.on(...); sdk.sendTextMsg(...)}.
 * Only the JavaScript surface: every call goes to the {@link ChatClient} engine, which checks
 * the host's arguments (the widget uses that engine directly, so it never reaches this class
 * and exports no second global).
 */
@JSClass(name = "ParleySDK")
public class ParleySDK {
    private final ChatClient client = new ChatClient();

    @JSExport
    public ParleySDK() {
    }

    /** {@code cb(sdk)} runs before the socket opens, so handlers it adds see {@code open}. */
    @JSExport
    public void connect(JSObject chatConfig, JSObject cb, JSObject gid) {
        client.connect(chatConfig, cb, Js.self(this), gid);
    }

    @JSExport
    public void on(JSObject event, JSObject fn) {
        client.on(event, fn);
    }

    @JSExport
    public void off(JSObject event, JSObject fn) {
        client.off(event, fn);
    }

    @JSExport
    @JSProperty
    public String getState() {
        return client.getState();
    }

    @JSExport
    public void createGroup(JSObject opts, JSObject cb) {
        client.createGroup(opts, cb);
    }

    @JSExport
    public void pullHistoryMsg(JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        client.pullHistoryMsg(startMid, count, cb, gid);
    }

    @JSExport
    public String sendTextMsg(JSObject text, JSObject cb, JSObject gid) {
        return client.sendTextMsg(text, cb, gid);
    }

    @JSExport
    public String sendCustomMsg(JSObject type, JSObject payload, JSObject cb, JSObject gid, JSObject opts) {
        return client.sendCustomMsg(type, payload, cb, gid, opts);
    }

    @JSExport
    public JSObject uploadImage(JSObject fileOrBlob, JSObject onProgress, JSObject cb) {
        return client.uploadImage(fileOrBlob, onProgress, cb);
    }

    @JSExport
    public String sendImageMsg(JSObject image, JSObject cb, JSObject gid) {
        return client.sendImageMsg(image, cb, gid);
    }

    @JSExport
    public void pullMsgsAfter(JSObject startMid, JSObject count, JSObject cb, JSObject gid) {
        client.pullMsgsAfter(startMid, count, cb, gid);
    }

    @JSExport
    public void pullMsgsAround(JSObject mid, JSObject count, JSObject cb, JSObject gid) {
        client.pullMsgsAround(mid, count, cb, gid);
    }

    @JSExport
    public void recallMsg(JSObject mid, JSObject cb, JSObject gid) {
        client.recallMsg(mid, cb, gid);
    }

    @JSExport
    public void markRead(JSObject mid, JSObject gid) {
        client.markRead(mid, gid);
    }

    @JSExport
    public void getReadState(JSObject cb, JSObject gid) {
        client.getReadState(cb, gid);
    }

    @JSExport
    public void getUnread(JSObject cb) {
        client.getUnread(cb);
    }

    @JSExport
    public void sendTyping(JSObject gid) {
        client.sendTyping(gid);
    }

    @JSExport
    public boolean resendMsg(JSObject clientMsgId, JSObject cb) {
        return client.resendMsg(clientMsgId, cb);
    }

    @JSExport
    public void close() {
        client.close();
    }

    @JSExport
    public JSObject pendingMessages() {
        return client.pendingMessages();
    }
}
