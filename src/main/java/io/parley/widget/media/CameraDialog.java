package io.parley.widget.media;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLVideoElement;

/**
 * "Take a photo" dialog: a live preview from getUserMedia({video: true, audio: false}) (or the
 * older prefixed navigator.getUserMedia the source write-up falls back to), "Take photo" draws
 * the frame onto a canvas and shows it, then "Retake" or "Send". Send hands over a JPEG Blob
 * (quality 0.9, long edge at most {@link ImagePrep#MAX_EDGE}) with its width and height.
 *
 * <p>The camera is released (every track stopped) on send, close, Esc, and when the dialog is
 * removed from the page by someone else. Where there is no camera API, the permission is
 * denied or no camera exists, it says so and offers {@code <input type=file accept="image/*"
 * capture="environment">} instead, which on phones opens the system camera.
 */
public final class CameraDialog {
    /** Camera icon path (24×24), shared with the widget's camera button. */
    public static final String ICON = "M4 8h3l2-3h6l2 3h3v11H4z M12 10.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7";
    static final String UNSUPPORTED = "parley-unsupported";
    static final double JPEG_QUALITY = 0.9;
    private static final int CLOSE = 0;
    private static final int TAKE = 1;
    private static final int RETAKE = 2;
    private static final int SEND = 3;
    private static final int FALLBACK = 4;
    private static final int FILE = 5;
    private static final int PLAYING = 6;

    @JSFunctor
    public interface Captured extends JSObject {
        void captured(JSObject blob, int width, int height);
    }

    @JSFunctor
    interface StreamCallback extends JSObject {
        void stream(JSObject stream);
    }

    @JSFunctor
    interface Failure extends JSObject {
        void failed(String errorName);
    }

    private final MediaStrings s;
    private final Captured onSend;
    private final Modal modal;
    private final HTMLElement stage;
    private final HTMLElement video;
    private final HTMLElement snapshot;
    private final HTMLElement status;
    private final HTMLElement take;
    private final HTMLElement retake;
    private final HTMLElement send;
    private final HTMLElement fallback;
    private final HTMLElement fileInput;
    private JSObject stream;
    private JSObject photo;
    private int photoWidth;
    private int photoHeight;
    private int watchdog = -1;

    private CameraDialog(JSObject container, MediaStrings s, JSObject opener, Captured onSend) {
        this.s = s;
        this.onSend = onSend;
        modal = new Modal(container, "pm-camera", s.cameraTitle, opener, false, this::release);
        Dom.attr(modal.overlay, "lang", s.lang);
        HTMLElement close = Dom.button(modal.dialog, "pm-close", "\u2715", s.close);
        Dom.Events events = this::on;
        Dom.on(close, "click", events, CLOSE);

        stage = Dom.add(modal.dialog, "div", "pm-stage", null);
        video = Dom.add(stage, "video", "pm-video", null);
        Dom.attr(video, "aria-label", s.preview);
        prepareVideo(video);
        snapshot = Dom.add(stage, "img", "pm-snapshot", null);
        Dom.attr(snapshot, "alt", s.snapshot);
        Dom.hidden(snapshot, true);
        status = Dom.add(stage, "p", "pm-status", s.starting);
        Dom.attr(status, "role", "status");

        HTMLElement actions = Dom.add(modal.dialog, "div", "pm-actions", null);
        take = Dom.button(actions, "pm-btn pm-primary pm-take", s.takePhoto, null);
        Dom.disabled(take, true);
        retake = Dom.button(actions, "pm-btn pm-retake", s.retake, null);
        send = Dom.button(actions, "pm-btn pm-primary pm-send", s.send, null);
        fallback = Dom.button(actions, "pm-btn pm-primary pm-fallback", s.choosePhoto, null);
        Dom.hidden(retake, true);
        Dom.hidden(send, true);
        Dom.hidden(fallback, true);
        fileInput = Dom.add(actions, "input", "pm-file", null);
        Dom.attr(fileInput, "type", "file");
        Dom.attr(fileInput, "accept", "image/*");
        Dom.attr(fileInput, "capture", "environment");
        Dom.hidden(fileInput, true);

        Dom.on(take, "click", events, TAKE);
        Dom.on(retake, "click", events, RETAKE);
        Dom.on(send, "click", events, SEND);
        Dom.on(fallback, "click", events, FALLBACK);
        Dom.on(fileInput, "change", events, FILE);
        Dom.on(video, "playing", events, PLAYING);
        Dom.on(video, "loadeddata", events, PLAYING); // a frame is there even if autoplay was refused
        Dom.focus(modal.dialog);
        // the widget may drop its DOM without calling close(): never leave the camera on
        watchdog = Dom.setInterval(1000, () -> {
            if (!Dom.connected(modal.overlay)) {
                modal.close();
            }
        });
        request(this::gotStream, this::failed);
    }

    /**
     * Opens the dialog over {@code container} (the widget's shadow root, or an element in it) and
     * starts the camera. {@code onSend(blob, width, height)} runs after the dialog closed.
     * {@code opener} (the camera button) gets focus back on close; may be null.
     */
    public static CameraDialog open(JSObject container, MediaStrings s, JSObject opener, Captured onSend) {
        return new CameraDialog(container, s, opener, onSend);
    }

    /** Closes the dialog and stops the camera; nothing is sent. */
    public void close() {
        modal.close();
    }

    public boolean isOpen() {
        return !modal.isClosed();
    }

    private void on(int what, JSObject e) {
        switch (what) {
            case CLOSE:
                close();
                break;
            case TAKE:
                takePhoto();
                break;
            case RETAKE:
                showLive();
                break;
            case SEND:
                sendPhoto();
                break;
            case FALLBACK:
                Dom.click(fileInput);
                break;
            case FILE:
                pickedFile();
                break;
            default:
                ready();
        }
    }

    /** The fallback input's photo goes through the same preparation as any picked image. */
    private void pickedFile() {
        JSObject file = Dom.takeFile(fileInput);
        if (file != null) {
            ImagePrep.prepare(file, (blob, w, h) -> {
                if (blob == null) {
                    error(s.unreadable);
                } else if (!modal.isClosed()) {
                    modal.close();
                    onSend.captured(blob, w, h);
                }
            });
        }
    }

    private void gotStream(JSObject st) {
        if (modal.isClosed()) {
            stopTracks(st); // closed while the permission prompt was up
            return;
        }
        stream = st;
        attach(video, st);
    }

    private void ready() {
        if (modal.isClosed() || photo != null) {
            return;
        }
        Dom.hidden(status, true);
        Dom.disabled(take, false);
        if (Js.same(Dom.active(modal.dialog), modal.dialog)) {
            Dom.focus(take);
        }
    }

    private void failed(String name) {
        String msg;
        switch (name) {
            case "NotAllowedError":
            case "PermissionDeniedError":
            case "SecurityError":
                msg = s.denied;
                break;
            case "NotFoundError":
            case "DevicesNotFoundError":
            case "OverconstrainedError":
            case "ConstraintNotSatisfiedError":
                msg = s.noCamera;
                break;
            case "NotReadableError":
            case "TrackStartError":
                msg = s.busy;
                break;
            case UNSUPPORTED:
                msg = s.unsupported;
                break;
            default:
                msg = s.cameraFailed;
        }
        error(msg);
    }

    /** Shows why there is no preview and offers the file/capture input instead. */
    private void error(String msg) {
        Dom.text(status, msg);
        Dom.attr(status, "role", "alert");
        Dom.toggle(status, "pm-error", true);
        Dom.hidden(status, false);
        Dom.hidden(video, true);
        Dom.hidden(take, true);
        Dom.hidden(fallback, false);
        Dom.attr(modal.dialog, "data-pm-error", "true");
        Dom.focus(fallback);
    }

    private void takePhoto() {
        int w = ((HTMLVideoElement) video).getVideoWidth();
        int h = ((HTMLVideoElement) video).getVideoHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        int[] fit = ImagePrep.fit(w, h, ImagePrep.MAX_EDGE);
        Dom.disabled(take, true);
        JSObject canvas = ImagePrep.draw(video, fit[0], fit[1]);
        ImagePrep.encode(canvas, "image/jpeg", JPEG_QUALITY, blob -> {
            Dom.disabled(take, false);
            if (blob == null || modal.isClosed()) {
                return;
            }
            photo = blob;
            photoWidth = fit[0];
            photoHeight = fit[1];
            showDataUrl(snapshot, blob);
            Dom.hidden(video, true);
            Dom.hidden(snapshot, false);
            Dom.hidden(take, true);
            Dom.hidden(retake, false);
            Dom.hidden(send, false);
            Dom.focus(send);
        });
    }

    private void showLive() {
        photo = null;
        Dom.attr(snapshot, "src", null);
        Dom.hidden(snapshot, true);
        Dom.hidden(video, false);
        Dom.hidden(retake, true);
        Dom.hidden(send, true);
        Dom.hidden(take, false);
        Dom.focus(take);
    }

    private void sendPhoto() {
        if (photo == null) {
            return;
        }
        JSObject blob = photo;
        modal.close();
        onSend.captured(blob, photoWidth, photoHeight);
    }

    /** Modal clean-up: stop every track, detach the stream, stop watching. */
    private void release() {
        if (watchdog >= 0) {
            Dom.clearTimer(watchdog);
            watchdog = -1;
        }
        if (stream != null) {
            stopTracks(stream);
            stream = null;
        }
        detach(video);
    }

    // ---- browser APIs ----------------------------------------------------------------

    /**
     * getUserMedia with the source's fallback to the prefixed legacy API; fail(name) with the
     * DOMException name, or UNSUPPORTED when neither exists (old browser, or http:// page).
     */
    @JSBody(params = { "ok", "fail" }, script = "var _nav = navigator, _c = { video: true, audio: false };"
            + " var _bad = function (_x) { fail(_x && _x.name ? String(_x.name) : 'Error'); };"
            + " var _md = _nav.mediaDevices;"
            + " try { if (_md && typeof _md.getUserMedia === 'function') { _md.getUserMedia(_c).then(ok, _bad); return; }"
            + " var _old = _nav.getUserMedia || _nav.webkitGetUserMedia || _nav.mozGetUserMedia || _nav.msGetUserMedia;"
            + " if (typeof _old !== 'function') { fail('" + UNSUPPORTED + "'); return; }"
            + " _old.call(_nav, _c, ok, _bad); } catch (_x) { _bad(_x); }")
    private static native void request(StreamCallback ok, Failure fail);

    @JSBody(params = "v", script = "v.muted = true; v.autoplay = true; v.playsInline = true;"
            + " v.setAttribute('muted', ''); v.setAttribute('autoplay', ''); v.setAttribute('playsinline', '');")
    private static native void prepareVideo(JSObject v);

    /** srcObject where supported, else the old object-URL way (as in the source). */
    @JSBody(params = { "v", "st" }, script = "if ('srcObject' in v) v.srcObject = st;"
            + " else v.src = URL.createObjectURL(st);"
            + " v.onloadedmetadata = function () { var _p = v.play(); if (_p && _p.catch) _p.catch(function () {}); };")
    private static native void attach(JSObject v, JSObject st);

    @JSBody(params = "v", script = "try { v.pause(); if ('srcObject' in v) v.srcObject = null; else v.removeAttribute('src'); } catch (_x) {}")
    private static native void detach(JSObject v);

    @JSBody(params = "st", script = "var _t = st.getTracks ? st.getTracks() : [];"
            + " for (var _i = 0; _i < _t.length; _i++) _t[_i].stop(); if (st.stop) try { st.stop(); } catch (_x) {}")
    private static native void stopTracks(JSObject st);


    /** A data: URL for the snapshot img (data: is in most img-src policies, blob: often is not). */
    @JSBody(params = { "img", "b" }, script = "var _r = new FileReader();"
            + " _r.onload = function () { img.src = _r.result; }; _r.readAsDataURL(b);")
    private static native void showDataUrl(JSObject img, JSObject b);

}
