package io.parley.sdk;

import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;

/**
 * Host event handlers by event name (a plain JS object of arrays: no Java collections in the
 * bundle for this); a handler that throws never stops the others.
 */
final class Emitter {
    private final JSObject handlers = Js.object();
    /** A Java listener (the widget's): hears every event before the host's handlers. */
    ChatListener listener;

    private JSArray<JSObject> list(String event) {
        JSArray<JSObject> list = (JSArray<JSObject>) Js.get(handlers, event);
        if (Js.isNil(list)) {
            list = JSArray.create();
            Js.set(handlers, event, list);
        }
        return list;
    }

    void on(String event, JSObject fn) {
        list(event).push(fn);
    }

    /** fn nil: every handler of the event. */
    void off(String event, JSObject fn) {
        JSArray<JSObject> list = list(event);
        for (int i = list.getLength() - 1; i >= 0; i--) {
            if (Js.isNil(fn) || Js.same(list.get(i), fn)) {
                list.splice(i, 1);
            }
        }
    }

    void emit(String event, JSObject data) {
        if (listener != null) {
            listener.event(event, data);
        }
        // a new array (a handler may call on/off while we iterate); '*' handlers hear every event as fn(data, event)
        JSArray<JSObject> list = list(event).concat(list("*"));
        for (int i = 0; i < list.getLength(); i++) {
            Js.call(list.get(i), data, JSString.valueOf(event));
        }
    }
}
