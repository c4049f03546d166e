package io.parley.sdk;

import org.teavm.jso.JSObject;

/** One request in flight: its id (a chat message's is its client id), the packet and where its answer goes (may be null). */
final class Request {
    final String id;
    final JSObject packet;
    final Answer callback;

    Request(String id, JSObject packet, Answer callback) {
        this.id = id;
        this.packet = packet;
        this.callback = callback;
    }

    void answer(JSObject pack) {
        answer(callback, pack);
    }

    /** Tells cb, if there is one. */
    static void answer(Answer cb, JSObject pack) {
        if (cb != null) {
            cb.answer(pack);
        }
    }
}
