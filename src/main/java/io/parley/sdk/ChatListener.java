package io.parley.sdk;

import org.teavm.jso.JSObject;

/**
 * Java code that drives a {@link ChatClient} (the widget, the desk) hears its events here, without JS
 * functions: the same names and payloads as {@code sdk.on(event, fn)} (see the README's list).
 */
public interface ChatListener {
    void event(String event, JSObject data);
}
