package io.parley.sdk;

import io.parley.protocol.ClientError;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.ajax.ProgressEvent;
import org.teavm.jso.ajax.XMLHttpRequest;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.events.EventTarget;
import org.teavm.jso.file.Blob;

/** POSTs an image Blob to the server's /api/upload with real progress events (XHR, since fetch has none). */
final class Uploader {
    private Uploader() {
    }

    /**
     * {@code uploadImage}: checks the argument, then uploads with the connection's current token;
     * {@code cb} gets {@code {code: 0, url, size, width, height, mime}} or a failure.
     */
    static JSObject image(Requests out, ChatConfig config, String token, JSObject fileOrBlob, JSObject onProgress, Answer cb) {
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
        return start(config.uploadUrl, token, fileOrBlob, onProgress, out, cb);
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

    static double size(JSObject b) {
        return ((Blob) b).getSize();
    }

    /** XMLHttpRequest's upload target (where progress is reported), which teavm-jso-apis 0.16's binding lacks. */
    interface WithUpload extends JSObject {
        @JSProperty
        EventTarget getUpload();
    }

    /**
     * Starts the upload and returns the request, whose abort() is the handle's. onProgress(loaded, total)
     * is called as bytes leave, and once more with (total, total) on success so a progress bar always
     * ends at 100%. cb gets the outcome.
     */
    static JSObject start(String url, String token, JSObject blob, JSObject onProgress, Requests out, Answer cb) {
        XMLHttpRequest x = XMLHttpRequest.create();
        Upload u = new Upload(x, (Blob) blob, onProgress, out, cb);
        x.open("POST", url);
        x.setRequestHeader("Authorization", "Bearer " + token);
        ((WithUpload) x).getUpload().addEventListener("progress", u);
        x.addEventListener("load", u);
        x.addEventListener("error", u);
        x.addEventListener("abort", u);
        x.send(blob);
        return x;
    }

    /** One listener object for the upload's events, which also tells cb how it ended (one class in the bundle, no lambdas). */
    private static final class Upload implements EventListener<ProgressEvent> {
        private final XMLHttpRequest x;
        private final Blob blob;
        private final JSObject onProgress;
        private final Requests out;
        private final Answer cb;

        Upload(XMLHttpRequest x, Blob blob, JSObject onProgress, Requests out, Answer cb) {
            this.x = x;
            this.blob = blob;
            this.onProgress = onProgress;
            this.out = out;
            this.cb = cb;
        }

        @Override
        public void handleEvent(ProgressEvent e) {
            String type = e.getType();
            if ("progress".equals(type)) {
                if (e.isLengthComputable()) {
                    progress(e.getLoaded(), e.getTotal());
                }
            } else if ("load".equals(type)) {
                int status = x.getStatus();
                if (status == 200) {
                    progress(blob.getSize(), blob.getSize());
                }
                finished(status, Js.parseObject(x.getResponseText()));
            } else {
                finished("error".equals(type) ? 0 : -1, null);
            }
        }

        /** HTTP status (0: network error, -1: aborted) and the JSON object answered. */
        private void finished(int status, JSObject body) {
            if (status == 200 && Js.isPlainObject(body) && Js.string(body, "url") != null) {
                Js.setNumber(body, "code", 0);
                Request.answer(cb, body);
            } else if (Js.isPlainObject(body) && Js.number(body, "code") > 0) {
                Request.answer(cb, body);
            } else if (status == -1) {
                out.fail(cb, ClientError.ABORTED, ClientError.ABORTED_ID, "upload aborted", null);
            } else {
                out.fail(cb, ClientError.NOT_CONNECTED, ClientError.NOT_CONNECTED_ID, status == 0 ? "upload failed: network error"
                        : "upload failed: HTTP " + Dom.numStr(status), null);
            }
        }

        private void progress(double loaded, double total) {
            Js.call(onProgress, JSNumber.valueOf(loaded), JSNumber.valueOf(total));
        }
    }
}
