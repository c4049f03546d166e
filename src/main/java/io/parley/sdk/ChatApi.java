package io.parley.sdk;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * The SDK's JavaScript calls without {@code connect}, as a host page sees them: implemented by
 * {@link JsChatApi}, which checks and converts the arguments for the typed {@link ChatClient}.
 * A JSObject interface, so the widget's {@code handle.sdk} has these methods without an exported
 * class (which would be a second global).
 */
public interface ChatApi extends JSObject {
    void on(JSObject event, JSObject fn);

    void off(JSObject event, JSObject fn);

    @JSProperty
    String getState();

    void createGroup(JSObject opts, JSObject cb);

    void pullHistoryMsg(JSObject startMid, JSObject count, JSObject cb, JSObject gid);

    String sendTextMsg(JSObject text, JSObject cb, JSObject gid);

    String sendCustomMsg(JSObject type, JSObject payload, JSObject cb, JSObject gid, JSObject opts);

    JSObject uploadImage(JSObject fileOrBlob, JSObject onProgress, JSObject cb);

    String sendImageMsg(JSObject image, JSObject cb, JSObject gid);

    void pullMsgsAfter(JSObject startMid, JSObject count, JSObject cb, JSObject gid);

    void pullMsgsAround(JSObject mid, JSObject count, JSObject cb, JSObject gid);

    void recallMsg(JSObject mid, JSObject cb, JSObject gid);

    void markRead(JSObject mid, JSObject gid);

    void getReadState(JSObject cb, JSObject gid);

    void getUnread(JSObject cb);

    void sendTyping(JSObject gid);

    boolean resendMsg(JSObject clientMsgId, JSObject cb);

    void close();

    JSObject pendingMessages();
}
