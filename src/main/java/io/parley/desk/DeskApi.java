package io.parley.desk;

import io.parley.sdk.ChatApi;
import org.teavm.jso.JSObject;

/** The desk's {@code handle.sdk}: the widget's calls plus the conversation list (not in the patient's bundle). */
public interface DeskApi extends ChatApi {
    void listConversations(JSObject opts, JSObject cb);
}
