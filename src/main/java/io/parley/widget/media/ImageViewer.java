package io.parley.widget.media;

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
        Html.attr(modal.overlay, "lang", s.lang);
        Html.toggle(modal.title, "pm-sr", true);
        HTMLElement img = Html.add(modal.dialog, "img", "pm-viewer-img", null);
        Html.attr(img, "alt", s.viewer);
        Html.attr(img, "decoding", "async");
        if (width > 0 && height > 0) {
            Html.ratio(img, width, height);
            Html.attr(img, "width", String.valueOf(width));
            Html.attr(img, "height", String.valueOf(height));
        }
        Html.attr(img, "src", url);
        HTMLElement close = Html.button(modal.dialog, "pm-viewer-close", "\u2715", s.close);
        Html.on(close, "click", e -> modal.close());
        Html.focus(close);
    }

    /** Opens the viewer over everything in {@code container}; {@code opener} gets focus back on close. */
    public static ImageViewer open(JSObject container, String url, int width, int height, JSObject opener,
            MediaStrings s) {
        return new ImageViewer(container, url, width, height, opener, s);
    }

    public void close() {
        modal.close();
    }

    public boolean isOpen() {
        return !modal.isClosed();
    }
}
