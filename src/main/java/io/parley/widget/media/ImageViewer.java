package io.parley.widget.media;

import io.parley.sdk.Dom;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Full-size image overlay: a labelled modal dialog whose only control is a 44 px close button.
 * Esc, the button or a click on the backdrop close it; focus returns to the opening thumbnail.
 * The picture's box is sized from width × height before it loads, fitted to the viewport.
 */
public final class ImageViewer {
    private final Modal modal;

    private ImageViewer(JSObject container, String url, int width, int height, JSObject opener, MediaStrings s) {
        modal = new Modal(container, "pm-viewer", s.viewer, opener, true, () -> { });
        Dom.attr(modal.overlay, "lang", s.lang);
        Dom.toggle(modal.title, "pm-sr", true);
        HTMLElement img = Dom.add(modal.dialog, "img", "pm-viewer-img", null);
        Dom.attr(img, "alt", s.viewer);
        Dom.attr(img, "decoding", "async");
        if (width > 0 && height > 0) {
            ratio(img, width, height);
            Dom.attr(img, "width", String.valueOf(width));
            Dom.attr(img, "height", String.valueOf(height));
        }
        Dom.attr(img, "src", url);
        HTMLElement close = Dom.button(modal.dialog, "pm-viewer-close", "\u2715", s.close);
        Dom.listen(close, "click", e -> modal.close());
        Dom.focus(close);
    }

    /** Opens the viewer over everything in {@code container}; {@code opener} gets focus back on close. */
    public static ImageViewer open(JSObject container, String url, int width, int height, JSObject opener,
            MediaStrings s) {
        return new ImageViewer(container, url, width, height, opener, s);
    }

    /** width/height as the CSS custom properties the stylesheet sizes boxes from (aspect-ratio, max sizes). */
    static void ratio(JSObject e, int width, int height) {
        Dom.style(e, "--pm-w", String.valueOf(width));
        Dom.style(e, "--pm-h", String.valueOf(height));
    }

    public void close() {
        modal.close();
    }

    public boolean isOpen() {
        return !modal.isClosed();
    }
}
