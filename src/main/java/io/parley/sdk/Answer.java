package io.parley.sdk;

import org.teavm.jso.JSObject;

/** Where a request's answer (or its failure) goes: the packet as the server sent it, or an error pack. */
public interface Answer {
    void answer(JSObject pack);
}
