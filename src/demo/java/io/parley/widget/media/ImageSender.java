package io.parley.widget.media;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import io.parley.sdk.ParleySDK;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * Sends one prepared image the way the source describes: upload it first (ParleySDK.uploadImage,
 * with progress), then send an image message with the returned URL and size. Either step can
 * fail; {@link #retry()} repeats only the step that failed (the upload is not redone when only
 * the message failed, and a failed message is re-sent under its own client id).
 */
public final class ImageSender {
    public interface Listener {
        /** Bytes sent so far; the last call on success has loaded == total. */
        void progress(double loaded, double total);

        /** The image message was stored: {@code ack} is the SDK's ack pack (mid, timestamp, …). */
        void sent(String url, int width, int height, JSObject ack);

        /** Upload or send failed; the user may {@link #retry()}. */
        void failed(String message);
    }

    @JSFunctor
    interface Progress extends JSObject {
        void progress(double loaded, double total);
    }

    private final ParleySDK sdk;
    private final JSObject gid;
    private final Listener listener;
    private JSObject blob;
    private int width;
    private int height;
    private String url;
    private double size;
    private String clientMsgId;
    private boolean busy;
    private final JSObject onMessage = Dom.fn(this::messageResult);

    /** {@code gid}: the group, or JS undefined/null for the one-to-one chat of the SDK's config. */
    public ImageSender(ParleySDK sdk, JSObject gid, Listener listener) {
        this.sdk = sdk;
        this.gid = gid;
        this.listener = listener;
    }

    /** Starts: blob, width and height as {@link ImagePrep} or {@link CameraDialog} gave them. */
    public void send(JSObject blob, int width, int height) {
        this.blob = blob;
        this.width = width;
        this.height = height;
        upload();
    }

    /** Repeats the failed step; does nothing while a step is running. */
    public void retry() {
        if (busy || blob == null) {
            return;
        }
        if (url == null) {
            upload();
        } else if (clientMsgId == null || !sdk.resendMsg(jsString(clientMsgId), onMessage)) {
            message();
        } else {
            busy = true;
        }
    }

    /** The image message's client id once it was sent (to match the widget's pending row). */
    public String clientMsgId() {
        return clientMsgId;
    }

    private void upload() {
        busy = true;
        sdk.uploadImage(blob, progressFn((loaded, total) -> listener.progress(loaded, total)), Dom.fn(res -> {
            if (Js.number(res, "code") != 0 || Js.string(res, "url") == null) {
                busy = false;
                listener.failed(message(res));
                return;
            }
            url = Js.string(res, "url");
            size = Js.number(res, "size");
            // the server read the stored file: its numbers are the truth
            double w = Js.number(res, "width");
            double h = Js.number(res, "height");
            if (w > 0 && h > 0) {
                width = (int) w;
                height = (int) h;
            }
            message();
        }));
    }

    private void message() {
        busy = true;
        clientMsgId = sdk.sendImageMsg(image(url, size > 0 ? size : ImagePrep.size(blob), width, height),
                onMessage, gid);
    }

    private void messageResult(JSObject pack) {
        busy = false;
        if (Js.number(pack, "code") == 0) {
            listener.sent(url, width, height, pack);
        } else {
            listener.failed(message(pack));
        }
    }

    private static String message(JSObject res) {
        String m = Js.string(res, "msg");
        return m != null ? m : "error";
    }

    @JSBody(params = { "u", "s", "w", "h" }, script = "return { url: u, size: s, width: w, height: h };")
    private static native JSObject image(String u, double s, int w, int h);

    @JSBody(params = "s", script = "return s;")
    private static native JSObject jsString(String s);

    @JSBody(params = "f", script = "return f;")
    private static native JSObject progressFn(Progress f);
}
