package io.parley.sdk;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Location;
import org.teavm.jso.browser.Window;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSDate;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSRegExp;

/**
 * The browser helper layer shared by the SDK and the widget: thin typed access to plain JS values. Every read checks typeof so host input can't crash us.
 * Locals inside scripts start with "_": the minifier renames parameters to short names and
 * a local such as "e" would shadow one.
 */
public final class Js {
    private Js() {
    }

    public static JSObject object() {
        return JSObjects.create();
    }

    @JSBody(params = { "o", "k" }, script = "return o != null ? o[k] : void 0;")
    public static native JSObject get(JSObject o, String k);

    @JSBody(params = { "o", "k", "v" }, script = "o[k] = v;")
    public static native void set(JSObject o, String k, JSObject v);

    @JSBody(params = { "o", "k", "v" }, script = "o[k] = v;")
    public static native void setString(JSObject o, String k, String v);

    @JSBody(params = { "o", "k", "v" }, script = "o[k] = v;")
    public static native void setNumber(JSObject o, String k, double v);

    @JSBody(params = { "o", "k", "v" }, script = "o[k] = v;")
    public static native void setBoolean(JSObject o, String k, boolean v);

    /** The string at o[k], or null when absent or not a string. */
    @JSBody(params = { "o", "k" }, script = "var _v = o != null ? o[k] : void 0; return typeof _v === 'string' ? _v : null;")
    public static native String string(JSObject o, String k);

    /** The finite number at o[k], or NaN. */
    @JSBody(params = { "o", "k" }, script = "var _v = o != null ? o[k] : void 0;"
            + " return typeof _v === 'number' && isFinite(_v) ? _v : NaN;")
    public static native double number(JSObject o, String k);

    /** Copies onto {@code t} the fields named in {@code keys} (space-separated) that {@code f} has, not null or undefined. */
    @JSBody(params = { "f", "t", "keys" }, script = "keys.split(' ').forEach(function (_k) { if (f != null && f[_k] != null) t[_k] = f[_k]; });")
    public static native void copy(JSObject f, JSObject t, String keys);

    @JSBody(params = "v", script = "return v === void 0 || v === null;")
    public static native boolean isNil(JSObject v);

    @JSBody(params = "v", script = "return typeof v === 'string';")
    public static native boolean isString(JSObject v);

    @JSBody(params = "v", script = "return typeof v === 'function';")
    public static native boolean isFunction(JSObject v);

    @JSBody(params = "v", script = "return v !== null && typeof v === 'object' && !Array.isArray(v);")
    public static native boolean isPlainObject(JSObject v);

    @JSBody(params = "v", script = "return String(v);")
    public static native String str(JSObject v);

    /** A number from a number or a numeric string; NaN otherwise. */
    @JSBody(params = "v", script = "if (typeof v === 'number') return isFinite(v) ? v : NaN;"
            + " if (typeof v === 'string' && /^-?\\d+$/.test(v)) return Number(v); return NaN;")
    public static native double toNumber(JSObject v);

    @JSBody(params = { "a", "b" }, script = "return a === b;")
    public static native boolean same(JSObject a, JSObject b);

    /** Calls a host callback; a throwing callback is logged and never breaks the SDK. */
    @JSBody(params = { "f", "a" }, script = "if (typeof f !== 'function') return;"
            + " try { f(a); } catch (_e) { console.error('[parley] callback threw', _e); }")
    public static native void call(JSObject f, JSObject a);

    /** {@link #call(JSObject, JSObject)} with a second argument (the event name for '*' handlers, upload progress). */
    @JSBody(params = { "f", "a", "b" }, script = "if (typeof f !== 'function') return;"
            + " try { f(a, b); } catch (_e) { console.error('[parley] callback threw', _e); }")
    public static native void call(JSObject f, JSObject a, JSObject b);

    /** Parses a JSON object; null for bad JSON or a non-object. */
    @JSBody(params = "s", script = "try { var _v = JSON.parse(s); } catch (_e) { return null; }"
            + " return _v !== null && typeof _v === 'object' && !Array.isArray(_v) ? _v : null;")
    public static native JSObject parseObject(String s);

    @JSBody(params = "o", script = "try { return JSON.stringify(o); } catch (_e) { return null; }")
    public static native String stringify(JSObject o);

    public static double now() {
        return JSDate.now();
    }

    public static double random() {
        return Math.random();
    }

    /**
     * A random client message id, 32 hex digits (128 bits). getRandomValues, unlike randomUUID, works
     * outside secure contexts too, and every browser with WebSocket and module scripts has it.
     */
    @JSBody(script = "var _b = crypto.getRandomValues(new Uint8Array(16)), _s = '';"
            + " for (var _i = 0; _i < 16; _i++) _s += (_b[_i] + 256).toString(16).substring(1); return _s;")
    public static native String uuid();

    @JSBody(params = "m", script = "console.warn('[parley] ' + m);")
    public static native void warn(String m);

    /** ws(s)://host/ws of the page, the default when chatConfig has no url (null on a file: or other page). */
    public static String pageSocketUrl() {
        Location l = Window.current().getLocation();
        String p = l.getProtocol();
        boolean tls = "https:".equals(p);
        return tls || "http:".equals(p) ? (tls ? "wss://" : "ws://") + l.getHost() + "/ws" : null;
    }

    public static JSObject array() {
        return JSArray.create();
    }

    @SuppressWarnings("unchecked")
    public static void push(JSObject a, JSObject v) {
        ((JSArray<JSObject>) a).push(v);
    }

    @JSBody(params = "a", script = "return Array.isArray(a) ? a.length : 0;")
    public static native int length(JSObject a);

    @SuppressWarnings("unchecked")
    public static JSObject at(JSObject a, int i) {
        return ((JSArray<JSObject>) a).get(i);
    }

    @JSBody(params = { "o", "k" }, script = "return o != null && o[k] === true;")
    public static native boolean isTrue(JSObject o, String k);

    /**
     * The UI language rule of the widget and the media chunk, applied once per widget: "en",
     * "en-US", "en_GB"… give English; anything else (or none) gives Simplified Chinese.
     */
    public static boolean english(String locale) {
        return locale != null && (locale.equals("en") || locale.startsWith("en-") || locale.startsWith("en_"));
    }

    /** Same rule as MessageType.hasVisibleText (JS \\s covers U+00A0 and U+3000), without the JVM's Unicode tables. */
    public static boolean hasVisibleText(String s) {
        return JSRegExp.create("\\S").test(s);
    }
}
