package io.parley.sdk;

import io.parley.protocol.Limits;
import io.parley.protocol.MessageType;
import org.teavm.jso.JSObject;

/** Checks a "special type" message before it is queued: its type name, its payload and its fallback options. */
final class CustomMessageCheck {
    private CustomMessageCheck() {
    }

    /** What is wrong with the message, for the host's error callback; null when it may be sent. */
    static String problem(String type, String payloadJson, JSObject opts) {
        if (!MessageType.isValidCustom(type)) {
            // (text, image, system and recall are the built-in types)
            return "custom type must match [A-Za-z][A-Za-z0-9_.-]{0,31}, not a built-in type";
        }
        if (payloadJson == null) {
            return "payload must be a JSON-serializable object";
        }
        if (payloadJson.length() > Limits.MAX_PAYLOAD_BYTES) {
            return "payload is larger than " + Limits.MAX_PAYLOAD_BYTES + " bytes";
        }
        if (Js.isNil(opts)) {
            return null;
        }
        String fallback = Js.string(opts, "fallbackText");
        double version = Js.number(opts, "version");
        if (!Js.isPlainObject(opts) || (fallback == null && !Js.isNil(Js.get(opts, "fallbackText")))
                || (fallback != null && fallback.length() > Limits.MAX_FALLBACK_TEXT_CHARS)
                || (!Js.isNil(Js.get(opts, "version")) && !(version >= 1 && version == Math.floor(version)))) {
            return "opts must be {fallbackText: string of at most " + Limits.MAX_FALLBACK_TEXT_CHARS
                    + " characters, version: positive integer}";
        }
        return null;
    }
}
