package io.parley.server.media;

import java.util.ArrayList;
import java.util.List;

/** JPEG: a marker walk from SOI to EOI; one frame header, capped; scans skipped to the next marker. */
final class JpegInspector {
    /** Progressive files use about 10 scans; thousands would make a decoder loop over the image again and again. */
    static final int MAX_SCANS = 100;

    private JpegInspector() {
    }

    static ImageInspector.Info inspect(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        List<ImageInspector.Part> parts = new ArrayList<>();
        parts.add(new ImageInspector.Part("SOI", 0, 2));
        int p = 2;
        boolean frame = false;
        int w = 0;
        int h = 0;
        int scans = 0;
        while (true) {
            if (p >= n) {
                throw UploadException.truncated("JPEG ends without an EOI marker (FF D9)");
            }
            if ((d[p] & 0xFF) != 0xFF) {
                throw UploadException.bad("JPEG: expected a marker at offset " + p);
            }
            while (p < n && (d[p] & 0xFF) == 0xFF) {
                p++; // fill bytes
            }
            if (p >= n) {
                throw UploadException.truncated("JPEG ends inside a marker");
            }
            int start = p - 1;
            int m = d[p] & 0xFF;
            p++;
            if (m == 0xD9) {
                if (scans == 0) {
                    throw UploadException.bad("JPEG has no image data");
                }
                if (p != n) {
                    throw UploadException.bad("JPEG has " + (n - p) + " bytes of data after EOI");
                }
                parts.add(new ImageInspector.Part("EOI", start, p));
                break;
            }
            if (m == 0x00 || m == 0xD8) {
                throw UploadException.bad("JPEG has an unexpected marker FF " + Bytes.hex(m) + " at offset " + start);
            }
            if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                parts.add(new ImageInspector.Part(Bytes.hex(m), start, p)); // standalone markers
                continue;
            }
            if (n - p < 2) {
                throw UploadException.truncated("JPEG ends inside a segment header");
            }
            int len = Bytes.be16(d, p);
            if (len < 2) {
                throw UploadException.bad("JPEG segment FF " + Bytes.hex(m) + " has an invalid length");
            }
            if (len > n - p) {
                throw UploadException.truncated("JPEG segment FF " + Bytes.hex(m) + " runs past the end of the file");
            }
            int segEnd = p + len;
            if (isSof(m)) {
                if (len < 8) {
                    throw UploadException.bad("JPEG frame header is too short");
                }
                if (frame) {
                    throw UploadException.bad("JPEG has more than one frame header");
                }
                frame = true;
                h = Bytes.be16(d, p + 3);
                w = Bytes.be16(d, p + 5);
                if (h == 0) {
                    throw UploadException.bad("JPEG without a height in its frame header (DNL) is not supported");
                }
                PixelBudget.checkSize("JPEG", w, h, maxPixels);
                PixelBudget.checkRatio("JPEG", (long) w * h, n);
            }
            if (m == 0xFE || (m >= 0xE0 && m <= 0xEF)) {
                Markup.rejectIn(d, p + 2, segEnd, "JPEG " + (m == 0xFE ? "comment" : "APP" + (m - 0xE0)) + " segment");
            }
            if (m == 0xDA) {
                if (!frame) {
                    throw UploadException.bad("JPEG has a scan before its frame header");
                }
                if (++scans > MAX_SCANS) {
                    throw UploadException.bad("JPEG has more than " + MAX_SCANS + " scans");
                }
                p = entropyEnd(d, segEnd);
                parts.add(new ImageInspector.Part("DA", start, p));
                continue;
            }
            parts.add(new ImageInspector.Part(Bytes.hex(m), start, segEnd));
            p = segEnd;
        }
        return new ImageInspector.Info(ImageInspector.Format.JPEG, w, h, parts);
    }

    /** Entropy-coded data runs to the next marker other than stuffing (FF 00) and RSTn. */
    private static int entropyEnd(byte[] d, int p) throws UploadException {
        int n = d.length;
        while (true) {
            if (p >= n - 1) {
                throw UploadException.truncated("JPEG ends inside its image data (no EOI)");
            }
            if ((d[p] & 0xFF) == 0xFF) {
                int next = d[p + 1] & 0xFF;
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                    p += 2;
                    continue;
                }
                if (next != 0xFF) {
                    return p;
                }
            }
            p++;
        }
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }
}
