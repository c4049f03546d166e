package io.parley.sdk;

import io.parley.protocol.ClientError;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/** POSTs an image Blob to the server's /api/upload with real progress events (XHR, since fetch has none). */
final class Uploader {
    @JSFunctor
    interface Done extends JSObject {
        void finished(int status, JSObject body);
    }

    private Uploader() {
    }

    /**
     * {@code uploadImage}: checks the argument, then uploads with the connection's current token;
     * {@code cb} gets {@code {code: 0, url, size, width, height, mime}} or a failure.
     */
    static JSObject image(Requests out, ChatConfig config, String token, JSObject fileOrBlob, JSObject onProgress, JSObject cb) {
        if (config == null) {
            out.fail(cb, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, "call connect() first: the upload uses its server and token", null);
            return null;
        }
        if (!isBlob(fileOrBlob)) {
            out.fail(cb, ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, "uploadImage needs a File or Blob", null);
            return null;
        }
        if (size(fileOrBlob) <= 0) {
            out.fail(cb, ClientError.BAD_ARGUMENT, ClientError.BAD_ARGUMENT_ID, "the image is empty", null);
            return null;
        }
        return start(config.uploadUrl, token, fileOrBlob, onProgress, (status, body) -> {
            if (status == 200 && Js.isPlainObject(body) && Js.string(body, "url") != null) {
                Js.setNumber(body, "code", 0);
                Js.call(cb, body);
            } else if (Js.isPlainObject(body) && Js.number(body, "code") > 0) {
                Js.call(cb, body);
            } else if (status == -1) {
                out.fail(cb, ClientError.ABORTED, ClientError.ABORTED_ID, "upload aborted", null);
            } else {
                out.fail(cb, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, status == 0 ? "upload failed: network error"
                        : "upload failed: HTTP " + Dom.numStr(status), null);
            }
        });
    }

    /** The HTTP(S) origin behind a ws(s):// URL: ws://h:p/ws → http://h:p. */
    static String httpBase(String socketUrl) {
        String rest = socketUrl.startsWith("wss://") ? socketUrl.substring(6) : socketUrl.substring(5);
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        return (socketUrl.startsWith("wss://") ? "https://" : "http://") + host;
    }

    @JSBody(params = "b", script = "return typeof Blob !== 'undefined' && b instanceof Blob;")
    static native boolean isBlob(JSObject b);

    @JSBody(params = "b", script = "return b.size;")
    static native double size(JSObject b);

    // Not teavm-jso-apis' XMLHttpRequest: it has no `upload` (progress), and the typed version (one
    // listener object, an exported abort(), a two-argument host call) measured +88 B gzip in the SDK
    /**
     * Starts the upload and returns {abort()}. onProgress(loaded, total) is called as bytes
     * leave, and once more with (total, total) on success so a progress bar always ends at 100%.
     */
    @JSBody(params = { "url", "token", "blob", "onProgress", "done" }, script = ""
            + "var _x = new XMLHttpRequest();"
            + "var _p = function (_l, _t) { if (typeof onProgress === 'function') {"
            + "  try { onProgress(_l, _t); } catch (_e) { console.error(_e); } } };"
            + "_x.open('POST', url);"
            + "_x.setRequestHeader('Authorization', 'Bearer ' + token);"
            + "_x.upload.onprogress = function (_e) { if (_e.lengthComputable) _p(_e.loaded, _e.total); };"
            + "_x.onload = function () { var _r = null; try { _r = JSON.parse(_x.responseText); } catch (_e) {}"
            + "  if (_x.status === 200) _p(blob.size, blob.size); done(_x.status, _r); };"
            + "_x.onerror = function () { done(0, null); };"
            + "_x.onabort = function () { done(-1, null); };"
            + "_x.send(blob);"
            + "return { abort: function () { _x.abort(); } };")
    static native JSObject start(String url, String token, JSObject blob, JSObject onProgress, Done done);
}
