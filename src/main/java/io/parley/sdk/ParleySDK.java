package io.parley.sdk;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

import io.parley.protocol.Release;

/**
 * The exported SDK. Code written like the DongDong write-up runs unchanged:
 * {@code new ParleySDK(); sdk.connect(cfg, cb, gid); sdk.on(...); sdk.sendTextMsg(...)}.
 * The {@link ChatApi} calls, which check and convert the host's arguments, are {@link JsChatApi}'s
 * around its own {@link ChatClient}; only the constructor, {@code connect} and {@code listConversations}
 * are added. The widget uses the engine directly and never reaches this class, so it exports no
 * second global.
 */
@JSClass(name = "ParleySDK")
public class ParleySDK extends JsChatApi {
    @JSExport
    public ParleySDK() {
        super(new ChatClient());
    }

    /** {@code ParleySDK.version}: the release (pom.xml's version), as /api/health and the packages report it. */
    @JSExport
    @JSProperty
    public static String getVersion() {
        return Release.VERSION;
    }

    /** {@code cb(sdk)} runs before the socket opens, so handlers it adds see {@code open}. */
    @JSExport
    public void connect(JSObject chatConfig, JSObject cb, JSObject gid) {
        connect(chatConfig, cb, this, gid);
    }

    /** {@code sdk.listConversations({limit, before, filter}, cb)}: the desk's list. */
    @JSExport
    @Override
    public void listConversations(JSObject opts, JSObject cb) {
        super.listConversations(opts, cb);
    }
}
