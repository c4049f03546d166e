package io.parley.widget.media;

import io.parley.protocol.ServerLimits;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLAnchorElement;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Build entry for parley-media.js, the widget's lazily imported ES module (no globals, no SDK):
 * the widget does {@code import(base + 'parley-media.js')} on first image use and calls these.
 * Uploading stays in the widget, with its own ParleySDK.
 */
public final class MediaChunk {
    private MediaChunk() {
    }

    /** The camera dialog; on Send the photo goes through {@link #prepare} into {@code done}. */
    @JSExport
    public static void camera(JSObject container, String locale, JSObject opener, double maxBytes, double maxPixels,
            JSObject done) {
        CameraDialog.open(container, MediaStrings.forLocale(locale), opener,
                (b, w, h) -> prepare(b, maxBytes, maxPixels, locale, done));
    }

    /**
     * Decodes, orients and shrinks a File/Blob to fit the server's caps; {@code done(blob, width,
     * height, why)}: blob null and why a message for the user when it is not an image, unreadable or too large.
     * The caps are auth_ok's as the SDK read them (NaN: not announced).
     */
    @JSExport
    public static void prepare(JSObject fileOrBlob, double maxBytes, double maxPixels, String locale, JSObject done) {
        double bytes = ServerLimits.cap(maxBytes);
        if (!ImagePrep.type(fileOrBlob).startsWith("image/")) {
            call(done, null, 0, 0, MediaStrings.forLocale(locale).notImage);
            return;
        }
        ImagePrep.prepare(fileOrBlob, bytes, ServerLimits.cap(maxPixels), (b, w, h, tooLarge) -> {
            MediaStrings s = MediaStrings.forLocale(locale);
            call(done, b, w, h, b != null ? null : tooLarge ? s.tooLarge(bytes) : s.unreadable);
        });
    }

    /** The full-size viewer (Esc closes, focus returns to the opener). */
    @JSExport
    public static void viewer(JSObject container, String url, int width, int height, JSObject opener, String locale) {
        ImageViewer.open(container, url, width, height, opener, MediaStrings.forLocale(locale));
    }

    /** The viewer for a thumbnail link {@code a.pw-image}: its href, and its img's width and height. */
    @JSExport
    public static void viewerFor(JSObject container, JSObject link, String locale) {
        viewer(container, ((HTMLAnchorElement) link).getHref(), dim(link, "width"), dim(link, "height"), link, locale);
    }

    @JSBody(params = { "a", "n" }, script = "return +a.querySelector('img').getAttribute(n) || 0;")
    private static native int dim(JSObject a, String n);

    /** The local preview (a blob: URL) of an image being sent into {@code el}; returns its progress bar. */
    @JSExport
    public static JSObject preview(JSObject el, JSObject blob, int width, int height, String label) {
        return Preview.show(el, blob, width, height, label);
    }

    /**
     * The touch menu of a message list: returns its control {@code (what, row, text, flags)};
     * {@code onPick(item, null)} on Copy (0) or Recall (1). See {@link MessageMenu}.
     */
    @JSExport
    public static JSObject menu(JSObject list, String label, String copy, String recall, JSObject onPick) {
        return MessageMenu.create((HTMLElement) list, label, copy, recall, onPick);
    }

    @JSBody(params = { "f", "b", "w", "h", "y" }, script = "f(b, w, h, y);")
    private static native void call(JSObject f, JSObject b, int w, int h, String y);

    public static void main(String[] args) {
    }
}
