package io.parley.server.media;

import java.util.ArrayList;
import java.util.List;

/**
 * GIF: header and color table, then extension and image blocks to the trailer. Every frame's own
 * size is capped (a 1×1 screen may carry a 60000×60000 frame), and all frames together count
 * against the file's size.
 */
final class GifInspector {
    private GifInspector() {
    }

    static ImageInspector.Info inspect(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        if (n < 13) {
            throw UploadException.truncated("GIF ends inside its header");
        }
        int w = Bytes.le16(d, 6);
        int h = Bytes.le16(d, 8);
        PixelBudget.checkSize("GIF", w, h, maxPixels);
        int p = 13 + colorTable(d[10]);
        if (p > n) {
            throw UploadException.truncated("GIF ends inside its color table");
        }
        List<ImageInspector.Part> parts = new ArrayList<>();
        parts.add(new ImageInspector.Part("header", 0, p));
        long framePixels = 0;
        while (true) {
            if (p >= n) {
                throw UploadException.truncated("GIF ends without its trailer (0x3B)");
            }
            int b = d[p] & 0xFF;
            int start = p;
            if (b == 0x3B) {
                if (p + 1 != n) {
                    throw UploadException.bad("GIF has " + (n - p - 1) + " bytes of data after its trailer");
                }
                parts.add(new ImageInspector.Part("trailer", start, n));
                break;
            } else if (b == 0x21) {
                if (n - p < 2) {
                    throw UploadException.truncated("GIF ends inside an extension");
                }
                int label = d[p + 1] & 0xFF;
                String kind = "ext:" + Bytes.hex(label);
                if (label == 0xFF && n - p >= 14 && (d[p + 2] & 0xFF) == 11) {
                    kind = "app:" + Bytes.ascii(d, p + 3, 11);
                }
                p = subBlocks(d, p + 2);
                if (label == 0xFE) {
                    Markup.rejectIn(d, start, p, "GIF comment");
                    kind = "comment";
                }
                parts.add(new ImageInspector.Part(kind, start, p));
            } else if (b == 0x2C) {
                if (n - p < 11) {
                    throw UploadException.truncated("GIF ends inside an image descriptor");
                }
                int fw = Math.max(Bytes.le16(d, p + 5), 1);
                int fh = Math.max(Bytes.le16(d, p + 7), 1);
                PixelBudget.checkSize("GIF frame", fw, fh, maxPixels);
                framePixels += (long) fw * fh;
                p += 10 + colorTable(d[p + 9]);
                if (p >= n) {
                    throw UploadException.truncated("GIF ends inside an image");
                }
                p = subBlocks(d, p + 1); // skip the LZW minimum code size, then the data sub-blocks
                parts.add(new ImageInspector.Part("image", start, p));
            } else {
                throw UploadException.bad("GIF has an unknown block 0x" + Bytes.hex(b) + " at offset " + p);
            }
        }
        if (framePixels == 0) {
            throw UploadException.bad("GIF has no image");
        }
        PixelBudget.checkRatio("GIF", Math.max(framePixels, (long) w * h), n);
        return new ImageInspector.Info(ImageInspector.Format.GIF, w, h, parts);
    }

    /** Bytes of the color table a packed field announces (0 when its flag is clear). */
    private static int colorTable(byte packed) {
        return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 7) + 1));
    }

    /** Skips data sub-blocks starting at p; returns the offset after the 0 terminator. */
    private static int subBlocks(byte[] d, int p) throws UploadException {
        int n = d.length;
        while (true) {
            if (p >= n) {
                throw UploadException.truncated("GIF ends inside a data block");
            }
            int size = d[p] & 0xFF;
            p += 1 + size;
            if (size == 0) {
                return p;
            }
        }
    }
}
