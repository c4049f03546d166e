package io.parley.widget.media;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The local preview of an image being sent, with its progress bar. The picture comes from a
 * {@code blob:} URL (hosts allow {@code img-src blob:}), revoked once the image has decoded.
 */
final class Preview {
    private Preview() {
    }

    @JSBody(params = { "el", "b", "w", "h", "t" }, script = "var _d = document.createElement('div'); _d.className = 'pw-image';"
            + " var _i = document.createElement('img'); _i.alt = t; var _s = Math.min(1, 240 / w, 240 / h);"
            + " _i.style.width = Math.max(40, Math.round(w * _s)) + 'px'; _i.style.aspectRatio = w + ' / ' + h;"
            + " var _u = URL.createObjectURL(b); _i.onload = _i.onerror = function () { URL.revokeObjectURL(_u); };"
            + " _i.src = _u; _d.appendChild(_i); el.appendChild(_d);"
            + " var _p = document.createElement('div'); _p.className = 'pw-progress'; _p.setAttribute('role', 'progressbar');"
            + " _p.setAttribute('aria-label', t); _p.appendChild(document.createElement('i')); el.appendChild(_p); return _p;")
    static native JSObject show(JSObject el, JSObject b, int w, int h, String t);
}
