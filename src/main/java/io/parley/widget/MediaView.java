package io.parley.widget;

import io.parley.protocol.MessageType;
import io.parley.protocol.ServerLimits;
import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Images in the chat: picking, pasting, dropping and the camera, the upload with its preview
 * and progress bar, and the viewer. The heavy parts live in parley-media.js, imported on first use.
 */
public final class MediaView {
    private final ChatWidget w;
    /** Where parley-widget.css came from: parley-media.js/.css sit beside it. */
    String base = "";
    private JSObject chunk;
    private HTMLElement fileInput;
    private HTMLElement cameraButton;
    private static final int PICKED = 0, DRAG_OVER = 1, DRAG_LEAVE = 2, DROP = 3;
    private final Dom.Events events = this::on;
    /** One callback object for both the picker and the camera (each method reference costs bundle bytes). */
    private final Images.Image prepared = this::prepared;

    MediaView(ChatWidget w) {
        this.w = w;
    }

    /** Runs use(chunk) once parley-media.js is loaded; if it cannot load, says {@code failed}. */
    void use(Dom.Callback use, String failed) {
        if (chunk != null) {
            use.call(chunk);
            return;
        }
        Images.load(base + "parley-media.js", c -> {
            if (chunk == null) {
                chunk = c;
                Images.css(w.host, base + "parley-media.css");
            }
            use.call(c);
        }, why -> {
            // e.g. a self-hosted copy without the chunk, or a CDN without CORS (EMBEDDING.md section 1)
            Js.warn("parley-media.js could not be loaded from " + base + ": " + Js.str(why));
            w.notices.toast(failed, 6000);
        });
    }

    public void bindFile(HTMLElement el) {
        if (fileInput != el) {
            fileInput = el;
            Dom.on(el, "change", events, PICKED);
        }
    }

    public void bindCamera(HTMLElement el) {
        cameraButton = el;
    }

    /** Drag and drop onto the panel. */
    void bindDrop(HTMLElement panel) {
        Dom.on(panel, "dragover", events, DRAG_OVER);
        Dom.on(panel, "dragleave", events, DRAG_LEAVE);
        Dom.on(panel, "drop", events, DROP);
    }

    /** The file input's and the panel's events (one listener class instead of one lambda each). */
    private void on(int what, JSObject e) {
        if (what == DRAG_OVER) {
            Images.dragOver(e);
        } else if (what == DRAG_LEAVE) {
            Images.dragLeave(e);
        } else {
            JSObject f = what == DROP ? Images.file(e) : Dom.takeFile(fileInput); // a replaced input is gone from the page
            if (f != null) {
                send(f);
            }
        }
    }

    /** A paste: its image file, if it carried files. */
    void dropped(JSObject e) {
        on(DROP, e);
    }

    /** A click on a thumbnail in the list opens the viewer. */
    void clicked(JSObject e) {
        JSObject a = Images.link(e);
        if (a != null) {
            use(c -> Images.viewer(c, w.host, a, w.strings.lang), w.strings.mediaFailed);
        }
    }

    public void pick() {
        Dom.click(fileInput);
    }

    /** The photo goes through the chunk's prepare too: fitted to the server's upload caps. */
    public void camera() {
        use(c -> Images.camera(c, w.host, w.strings.lang, cameraButton, limits().maxUploadBytes, limits().maxUploadPixels, prepared),
                w.strings.mediaFailed);
    }

    /** The chunk refuses a non-image, an unreadable or a too large one with its message. */
    private void send(JSObject file) {
        use(c -> Images.prepare(c, file, limits().maxUploadBytes, limits().maxUploadPixels, w.strings.lang, prepared), w.strings.mediaFailed);
    }

    private ServerLimits limits() {
        return w.sdk.limits();
    }

    /** why: the chunk's message (unreadable, or too large for the server) when blob is null. */
    private void prepared(JSObject blob, int wd, int ht, String why) {
        if (blob != null) {
            sendImage(blob, wd, ht);
        } else {
            w.notices.toast(why, 4000);
        }
    }

    private void sendImage(JSObject blob, int wd, int ht) {
        Msg m = w.conv.own(MessageType.IMAGE);
        m.blob = blob;
        m.w = wd;
        m.h = ht;
        w.timeline.setContent(m, Js.object());
        w.timeline.add(m);
        upload(m);
        w.render();
    }

    /** Uploads our image, then sends it as an image message; a refused upload shows as failed. */
    void upload(Msg m) {
        m.status = Msg.SENDING;
        m.updateClass();
        Timeline timeline = w.timeline;
        w.sdk.uploadImage(m.blob, Images.fn((l, t) -> {
            if (m.bar != null && t > 0) {
                Images.progress(m.bar, (int) Math.floor(l * 100 / t));
            }
        }), res -> {
            String url = Js.string(res, "url");
            if (Js.number(res, "code") != 0 || url == null) {
                m.fail();
                w.requestUpdate();
                return;
            }
            if (m.bar != null) {
                Images.progress(m.bar, 100);
            }
            JSObject img = Images.image(url, Js.number(res, "size"), m.w, m.h);
            m.raw = Images.raw(img);
            String cmid = w.sdk.sendImage(img, timeline.sent(m), w.conv.configuredGid);
            timeline.track(m, cmid);
        });
    }

    /** The preview and progress bar of our own image while it uploads (and after a failure). */
    void mountPreview(Msg m, HTMLElement el) {
        m.bar = Images.preview(chunk, el, m.blob, m.w, m.h, w.strings.image);
    }
}
