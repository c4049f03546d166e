package io.parley.sdk;

import org.teavm.jso.JSObject;

/** One request in flight: its id (a chat message's is its client id), the packet and the host's callback. */
final class Request {
    interface Answer {
        void answer(JSObject pack);
    }

    final String id;
    final JSObject packet;
    final JSObject callback;
    /** Set for the SDK's own requests (sync): answered in Java, not through a host callback. */
    Answer internal;

    Request(String id, JSObject packet, JSObject callback) {
        this.id = id;
        this.packet = packet;
        this.callback = callback;
    }

    void answer(JSObject pack) {
        if (internal != null) {
            internal.answer(pack);
        } else {
            Js.call(callback, pack);
        }
    }
}
