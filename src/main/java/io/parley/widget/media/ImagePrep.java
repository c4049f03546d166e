package io.parley.widget.media;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * Makes a picked, pasted, dropped or captured image ready for upload, in the browser.
 *
 * <p>Passed through untouched (same Blob, no quality loss, GIF animation kept) when it is a
 * JPEG, PNG, GIF or WebP whose long edge is at most {@link #MAX_EDGE}, at most
 * {@link #MAX_PASS_BYTES}, and not a JPEG with an EXIF rotation (the server strips EXIF, so the
 * rotation would be lost). Otherwise it is drawn, scaled to fit {@link #MAX_EDGE}, onto a
 * canvas and re-encoded: PNG when the picture has transparent pixels (JPEG would turn them
 * black), JPEG quality 0.85 otherwise. Other formats the browser can decode (HEIC on Safari,
 * BMP, AVIF…) are converted the same way, since the server only accepts those four.
 *
 * <p>The server's upload caps (auth_ok {@code maxUploadBytes}/{@code maxUploadPixels}) tighten
 * this: an image over the pixel cap is scaled to fit it, and one still over the byte cap after
 * re-encoding is refused as too large, before any upload.
 */
public final class ImagePrep {
    /** Longest edge sent, in pixels. */
    public static final int MAX_EDGE = 2048;
    /** Larger files are re-encoded even when small enough in pixels. */
    public static final double MAX_PASS_BYTES = 4 * 1024 * 1024;
    static final double JPEG_QUALITY = 0.85;

    private ImagePrep() {
    }

    /** {@code blob} is null when the image could not be decoded. */
    @JSFunctor
    public interface Done extends JSObject {
        void done(JSObject blob, int width, int height);
    }

    /** {@code blob} is null when refused: {@code tooLarge} over the byte cap, else undecodable. */
    public interface Ready {
        void ready(JSObject blob, int width, int height, boolean tooLarge);
    }

    @JSFunctor
    interface Decoded extends JSObject {
        void decoded(JSObject source, int width, int height);
    }

    @JSFunctor
    interface Orientation extends JSObject {
        void orientation(int value);
    }

    @JSFunctor
    interface Encoded extends JSObject {
        void encoded(JSObject blob);
    }

    /** {@link #prepare(JSObject, double, double, Ready)} without server caps. */
    public static void prepare(JSObject fileOrBlob, Done done) {
        prepare(fileOrBlob, 1 / 0.0, 1 / 0.0, (b, w, h, tooLarge) -> done.done(b, w, h));
    }

    /** Reads the size, downscales and re-encodes when needed, within the caps; {@code ready(blob, width, height, tooLarge)}. */
    public static void prepare(JSObject fileOrBlob, double maxBytes, double maxPixels, Ready ready) {
        String type = type(fileOrBlob);
        if ("image/jpeg".equals(type)) {
            exifOrientation(fileOrBlob, o -> decode(fileOrBlob,
                    (src, w, h) -> decoded(fileOrBlob, type, o, src, w, h, maxBytes, maxPixels, ready)));
        } else {
            decode(fileOrBlob, (src, w, h) -> decoded(fileOrBlob, type, 1, src, w, h, maxBytes, maxPixels, ready));
        }
    }

    /** Runs synchronously inside the decode callback: the decoded source is released right after. */
    private static void decoded(JSObject original, String type, int orientation, JSObject src, int w, int h,
            double maxBytes, double maxPixels, Ready ready) {
        if (src == null || w <= 0 || h <= 0) {
            ready.ready(null, 0, 0, false);
            return;
        }
        boolean known = "image/jpeg".equals(type) || "image/png".equals(type) || "image/gif".equals(type)
                || "image/webp".equals(type);
        int[] fit = fit(w, h, MAX_EDGE, maxPixels);
        if (known && fit[0] == w && fit[1] == h && orientation <= 1 && size(original) <= Math.min(MAX_PASS_BYTES, maxBytes)) {
            ready.ready(original, w, h, false);
            return;
        }
        JSObject canvas = draw(src, fit[0], fit[1]);
        boolean png = !"image/jpeg".equals(type) && hasAlpha(canvas);
        encode(canvas, png ? "image/png" : "image/jpeg", JPEG_QUALITY, blob -> {
            boolean tooLarge = blob != null && size(blob) > maxBytes;
            boolean ok = blob != null && !tooLarge;
            ready.ready(ok ? blob : null, ok ? fit[0] : 0, ok ? fit[1] : 0, tooLarge);
        });
    }

    /** {@link #fit(int, int, int)}, then smaller still (rounding down) until width × height ≤ maxPixels. */
    public static int[] fit(int width, int height, int maxEdge, double maxPixels) {
        int[] f = fit(width, height, maxEdge);
        double area = (double) f[0] * f[1];
        if (area <= maxPixels) {
            return f;
        }
        double scale = Math.sqrt(maxPixels / area);
        int w = Math.max(1, (int) Math.floor(f[0] * scale));
        int h = Math.max(1, (int) Math.floor(f[1] * scale));
        // floor of a rounded square root can still land one row over: shave the longer side
        while ((double) w * h > maxPixels && (w > 1 || h > 1)) {
            if (w >= h) {
                w--;
            } else {
                h--;
            }
        }
        return new int[] { w, h };
    }

    /** The size that fits the long edge into {@code max}, keeping the aspect ratio; never upscales. */
    public static int[] fit(int width, int height, int max) {
        int longEdge = Math.max(width, height);
        if (longEdge <= max) {
            return new int[] { width, height };
        }
        double scale = (double) max / longEdge;
        // floor(x + .5), not Math.round: that returns long, which TeaVM compiles to BigInt code
        return new int[] { Math.max(1, (int) Math.floor(width * scale + 0.5)),
            Math.max(1, (int) Math.floor(height * scale + 0.5)) };
    }

    @JSBody(params = "b", script = "return b && typeof b.type === 'string' ? b.type.toLowerCase() : '';")
    static native String type(JSObject b);

    @JSBody(params = "b", script = "return b && typeof b.size === 'number' ? b.size : 0;")
    static native double size(JSObject b);

    /**
     * Decodes with EXIF rotation applied: createImageBitmap where it exists (no URL, so no CSP
     * img-src needed), else an img on an object URL, revoked once the callback has drawn it.
     */
    @JSBody(params = { "b", "cb" }, script = "var _fallback = function () {"
            + " var _u; try { _u = URL.createObjectURL(b); } catch (_x) { cb(null, 0, 0); return; }"
            + " var _i = new Image(); _i.decoding = 'async';"
            + " _i.onload = function () { try { cb(_i, _i.naturalWidth, _i.naturalHeight); } finally { URL.revokeObjectURL(_u); } };"
            + " _i.onerror = function () { URL.revokeObjectURL(_u); cb(null, 0, 0); }; _i.src = _u; };"
            + " if (typeof createImageBitmap !== 'function') { _fallback(); return; }"
            + " createImageBitmap(b, { imageOrientation: 'from-image' }).then(function (_bm) {"
            + " try { cb(_bm, _bm.width, _bm.height); } finally { if (_bm.close) _bm.close(); } }, _fallback);")
    private static native void decode(JSObject b, Decoded cb);

    /** The EXIF orientation tag (1..8) of a JPEG from its first 64 KiB; 1 when absent or unreadable. */
    @JSBody(params = { "b", "cb" }, script = "var _r = new FileReader();"
            + " _r.onerror = function () { cb(1); };"
            + " _r.onload = function () { var _o = 1; try { var _d = new DataView(_r.result), _n = _d.byteLength;"
            + " if (_n > 4 && _d.getUint16(0) === 0xFFD8) { var _p = 2;"
            + " while (_p + 4 <= _n) { var _m = _d.getUint16(_p); if ((_m & 0xFF00) !== 0xFF00 || _m === 0xFFDA) break;"
            + " if (_m === 0xFFE1 && _p + 18 <= _n && _d.getUint32(_p + 4) === 0x45786966) {"
            + " var _t = _p + 10, _le = _d.getUint16(_t) === 0x4949, _f = _t + _d.getUint32(_t + 4, _le);"
            + " var _c = _f + 2 <= _n ? _d.getUint16(_f, _le) : 0;"
            + " for (var _k = 0; _k < _c && _f + 14 + _k * 12 <= _n; _k++) { var _q = _f + 2 + _k * 12;"
            + " if (_d.getUint16(_q, _le) === 0x0112) { _o = _d.getUint16(_q + 8, _le); break; } } break; }"
            + " _p += 2 + _d.getUint16(_p + 2); } } } catch (_x) { _o = 1; } cb(_o); };"
            + " _r.readAsArrayBuffer(b.slice(0, 65536));")
    private static native void exifOrientation(JSObject b, Orientation cb);

    @JSBody(params = { "src", "w", "h" }, script = "var _c = document.createElement('canvas'); _c.width = w; _c.height = h;"
            + " var _x = _c.getContext('2d'); _x.imageSmoothingEnabled = true; _x.imageSmoothingQuality = 'high';"
            + " _x.drawImage(src, 0, 0, w, h); return _c;")
    static native JSObject draw(JSObject src, int w, int h);

    @JSBody(params = "c", script = "var _d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            + " for (var _i = 3; _i < _d.length; _i += 4) { if (_d[_i] < 255) return true; } return false;")
    private static native boolean hasAlpha(JSObject c);

    /** canvas.toBlob, or toDataURL turned into a Blob where toBlob is missing or gives null. */
    @JSBody(params = { "c", "type", "q", "cb" }, script = "var _viaUrl = function () { try {"
            + " var _s = c.toDataURL(type, q), _b = atob(_s.substring(_s.indexOf(',') + 1)), _a = new Uint8Array(_b.length);"
            + " for (var _i = 0; _i < _b.length; _i++) _a[_i] = _b.charCodeAt(_i);"
            + " cb(new Blob([_a], { type: _s.substring(5, _s.indexOf(';')) })); } catch (_x) { cb(null); } };"
            + " if (typeof c.toBlob !== 'function') { _viaUrl(); return; }"
            + " c.toBlob(function (_bl) { if (_bl) cb(_bl); else _viaUrl(); }, type, q);")
    static native void encode(JSObject c, String type, double q, Encoded cb);
}
