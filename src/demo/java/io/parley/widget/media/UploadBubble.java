package io.parley.widget.media;

import io.parley.sdk.Dom;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The content of "my image" bubble while it uploads: the local picture in its final-size box,
 * a progress bar (role=progressbar, aria-valuenow 0..100), and on failure a message with a Retry
 * button. When sent, the picture switches to the uploaded URL and the bar goes away. It is an
 * {@link ImageSender.Listener}, so it can be handed straight to the sender.
 */
public final class UploadBubble implements ImageSender.Listener {
    private final MediaStrings s;
    private final HTMLElement root;
    private final HTMLElement thumb;
    private final HTMLElement bar;
    private final HTMLElement fill;
    private final HTMLElement error;
    private final HTMLElement errorText;
    private Runnable onRetry;

    /** {@code preview}: the prepared Blob, shown through an object URL until the upload is done. */
    public UploadBubble(JSObject viewerContainer, JSObject preview, int width, int height, MediaStrings s) {
        this.s = s;
        root = Dom.add(null, "div", "pm-upload", null);
        thumb = Thumbnail.create(viewerContainer, objectUrl(preview), width, height, s);
        root.appendChild(thumb);
        bar = Dom.add(root, "div", "pm-progress", null);
        Dom.attr(bar, "role", "progressbar");
        Dom.attr(bar, "aria-label", s.uploading);
        Dom.attr(bar, "aria-valuemin", "0");
        Dom.attr(bar, "aria-valuemax", "100");
        fill = Dom.add(bar, "div", "pm-progress-fill", null);
        error = Dom.add(root, "div", "pm-upload-error", null);
        Dom.attr(error, "role", "alert");
        errorText = Dom.add(error, "span", null, null);
        HTMLElement retry = Dom.button(error, "pm-btn pm-retry", s.retry, null);
        Dom.listen(retry, "click", e -> {
            if (onRetry != null) {
                Dom.hidden(error, true);
                Dom.hidden(bar, false);
                onRetry.run();
            }
        });
        Dom.hidden(error, true);
        progress(0, 1);
    }

    public HTMLElement element() {
        return root;
    }

    /** What Retry does, usually {@code sender::retry}. */
    public void onRetry(Runnable r) {
        onRetry = r;
    }

    @Override
    public void progress(double loaded, double total) {
        int pct = total > 0 ? (int) Math.min(100, Math.floor(loaded * 100 / total)) : 0;
        Dom.attr(bar, "aria-valuenow", String.valueOf(pct));
        scale(fill, pct);
    }

    @Override
    public void sent(String url, int width, int height, JSObject ack) {
        Dom.remove(bar);
        Dom.remove(error);
        Dom.toggle(root, "pm-upload-done", true);
        Thumbnail.setUrl(thumb, url);
    }

    @Override
    public void failed(String message) {
        Dom.text(errorText, s.uploadFailed);
        Dom.attr(error, "title", message);
        Dom.hidden(bar, true);
        Dom.hidden(error, false);
    }

    /** JS number formatting: Java double-to-string would pull a large formatter into the bundle. */
    @JSBody(params = { "e", "pct" }, script = "e.style.setProperty('transform', 'scaleX(' + pct / 100 + ')');")
    private static native void scale(JSObject e, int pct);

    @JSBody(params = "b", script = "try { return URL.createObjectURL(b); } catch (_x) { return null; }")
    private static native String objectUrl(JSObject b);
}
