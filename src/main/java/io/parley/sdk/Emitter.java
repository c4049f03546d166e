package io.parley.sdk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSObject;

/** Host event handlers by event name; a handler that throws never stops the others. */
final class Emitter {
    private final Map<String, List<JSObject>> handlers = new HashMap<>();
    /** A Java listener (the widget's): hears every event before the host's handlers. */
    ChatListener listener;

    void on(String event, JSObject fn) {
        handlers.computeIfAbsent(event, k -> new ArrayList<>()).add(fn);
    }

    void off(String event, JSObject fn) {
        List<JSObject> list = handlers.get(event);
        if (list == null) {
            return;
        }
        if (Js.isNil(fn)) {
            list.clear();
            return;
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (Js.same(list.get(i), fn)) {
                list.remove(i);
            }
        }
    }

    void emit(String event, JSObject data) {
        if (listener != null) {
            listener.event(event, data);
        }
        List<JSObject> list = handlers.get(event);
        if (list == null || list.isEmpty()) {
            return;
        }
        // copy: a handler may call on/off while we iterate
        for (JSObject fn : new ArrayList<>(list)) {
            Js.call(fn, data);
        }
    }
}
