package io.parley.widget.media;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLImageElement;

/**
 * An image message in a bubble: a button whose box takes its aspect ratio and size from the
 * message's width × height (CSS custom properties, see parley-media.css), so the list does not
 * jump when the picture arrives. The img loads lazily and decodes off the main thread; a click
 * or Enter/Space opens the full-size {@link ImageViewer}, and focus comes back here.
 */
public final class Thumbnail {
    private final JSObject container;
    private final MediaStrings s;
    private final HTMLElement box;
    private final HTMLElement img;
    private final int width;
    private final int height;

    private Thumbnail(JSObject container, String url, int width, int height, MediaStrings s) {
        this.container = container;
        this.s = s;
        this.width = width;
        this.height = height;
        box = Dom.button(null, "pm-thumb", null, s.viewImage);
        Dom.attr(box, "lang", s.lang);
        img = Dom.add(box, "img", "pm-thumb-img", null);
        Dom.attr(img, "alt", "");
        Dom.attr(img, "loading", "lazy");
        Dom.attr(img, "decoding", "async");
        Dom.Events events = this::on;
        if (width > 0 && height > 0) {
            ImageViewer.ratio(box, width, height);
            Dom.attr(img, "width", String.valueOf(width));
            Dom.attr(img, "height", String.valueOf(height));
            Dom.attr(box, "aria-label", s.viewImage + " (" + width + " × " + height + ")");
        } else {
            Dom.on(img, "load", events, 0); // unknown size: take it from the picture once loaded
        }
        Dom.on(img, "error", events, 1);
        Dom.on(box, "click", events, 2);
        setUrl(box, url);
    }

    /**
     * The thumbnail button for an image message.
     *
     * @param viewerContainer where the viewer overlay is added (the widget's shadow root)
     * @param url the image URL (http(s), page-relative or a local blob: preview); anything else shows "unavailable"
     * @param width,height the message's pixel size; 0 when unknown (a square box until it loads)
     */
    public static HTMLElement create(JSObject viewerContainer, String url, int width, int height, MediaStrings s) {
        return new Thumbnail(viewerContainer, url, width, height, s).box;
    }

    private void on(int what, JSObject e) {
        if (what == 0) {
            ImageViewer.ratio(box, ((HTMLImageElement) img).getNaturalWidth(), ((HTMLImageElement) img).getNaturalHeight());
        } else if (what == 1) {
            if (!isLocal(img)) {
                Dom.toggle(box, "pm-thumb-broken", true);
                Dom.attr(box, "data-pm-broken", s.unavailable);
            }
        } else {
            String full = Js.string(box, "pmUrl");
            if (full != null) {
                ImageViewer.open(container, full, width > 0 ? width : ((HTMLImageElement) img).getNaturalWidth(),
                        height > 0 ? height : ((HTMLImageElement) img).getNaturalHeight(), box, s);
            }
        }
    }

    /**
     * Points the thumbnail at a new URL (e.g. the uploaded copy replacing the local preview); the
     * shown picture changes only once the new one has loaded, so nothing flickers.
     */
    public static void setUrl(HTMLElement box, String url) {
        String safe = url != null ? mediaUrl(url) : null;
        swap(box, box.querySelector("img"), safe);
    }

    @JSBody(params = { "box", "img", "url" }, script = "box.pmUrl = url;"
            + " if (!url) { img.removeAttribute('src'); img.dispatchEvent(new Event('error')); return; }"
            + " var _old = img.currentSrc || img.getAttribute('src') || '';"
            + " if (!_old) { img.src = url; return; }"
            + " var _n = new Image(); _n.onload = function () { img.src = url;"
            + " if (_old.indexOf('blob:') === 0) setTimeout(function () { URL.revokeObjectURL(_old); }, 1000); };"
            + " _n.src = url;")
    private static native void swap(HTMLElement box, JSObject img, String url);

    @JSBody(params = "img", script = "return (img.getAttribute('src') || '').indexOf('blob:') === 0;")
    private static native boolean isLocal(JSObject img);

    /** An http(s) or blob: URL (absolute or page-relative, resolved); null for any other scheme. */
    @JSBody(params = "s", script = "try { var _u = new URL(s, document.baseURI); } catch (_x) { return null; }"
            + " return _u.protocol === 'http:' || _u.protocol === 'https:' || _u.protocol === 'blob:' ? _u.href : null;")
    private static native String mediaUrl(String s);
}
