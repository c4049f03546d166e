package io.parley.server.media;

/**
 * What decoding an upload would cost, known from its headers alone: each frame's width × height
 * against the pixel cap, and all frames together against the file's size. A browser holds about
 * 4 bytes per pixel, so a file that claims far more pixels than its bytes could carry with real
 * content is a decompression bomb (e.g. 35 KB of PNG inflating to 36 MP).
 */
final class PixelBudget {
    /** Longest side accepted, whatever the pixel cap: image messages carry width/height ≤ 100000. */
    static final int MAX_SIDE = 100_000;
    /** Below this many pixels (a 2000×2000 picture) any compression ratio is fine. */
    static final long FREE_PIXELS = 4_000_000;
    /**
     * Most pixels one byte of file may stand for beyond FREE_PIXELS. Real photos and screenshots
     * stay under ~50; zlib's own ceiling is ~1032 bytes out per byte in, i.e. ~258 RGBA pixels.
     */
    static final long MAX_PIXELS_PER_BYTE = 256;

    private PixelBudget() {
    }

    /** One frame (or the canvas): positive sides, each ≤ MAX_SIDE, and w × h ≤ maxPixels. */
    static void checkSize(String what, long w, long h, long maxPixels) throws UploadException {
        if (w <= 0 || h <= 0) {
            throw UploadException.bad(what + " has a zero width or height");
        }
        if (w > MAX_SIDE || h > MAX_SIDE || w * h > maxPixels) {
            throw UploadException.tooManyPixels(what + " is " + w + "×" + h + " pixels; the limit is " + maxPixels
                    + " pixels and " + MAX_SIDE + " per side");
        }
    }

    /** All frames' pixels together against the file's size. */
    static void checkRatio(String what, long totalPixels, int fileBytes) throws UploadException {
        if (totalPixels > FREE_PIXELS && totalPixels > fileBytes * MAX_PIXELS_PER_BYTE) {
            throw UploadException.bad(what + " claims " + totalPixels + " pixels in " + fileBytes
                    + " bytes: a decompression bomb (at most " + MAX_PIXELS_PER_BYTE + " pixels per byte above "
                    + FREE_PIXELS + " pixels)");
        }
    }
}
