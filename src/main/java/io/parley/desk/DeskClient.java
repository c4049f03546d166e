package io.parley.desk;

import io.parley.sdk.ChatClient;
import org.teavm.jso.JSObject;

/** The desk's engine: the widget's {@link ChatClient}, with {@code listConversations} on its JS face. */
final class DeskClient extends ChatClient implements DeskApi {
    @Override
    public void listConversations(JSObject opts, JSObject cb) {
        conversations(opts, cb);
    }
}
