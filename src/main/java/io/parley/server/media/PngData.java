package io.parley.server.media;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's zlib stream (all IDAT chunks in order), inflated through a small reused buffer and only
 * counted: it must produce exactly the bytes its IHDR implies (a filter byte per row plus the
 * packed samples, per Adam7 pass when interlaced). Inflating stops at the first byte beyond that,
 * so a 1×1 PNG whose data would inflate to 256 MB costs one buffer's worth of work.
 */
final class PngData {
    /** Adam7 passes: x0, y0, dx, dy. */
    private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4},
        {1, 0, 2, 2}, {0, 1, 1, 2}};

    private final long expected;
    private final Inflater inflater = new Inflater();
    private final byte[] out = new byte[16 * 1024];
    private long produced;

    PngData(long expected) {
        this.expected = expected;
    }

    /** Bytes of filtered image data for w × h pixels of bitsPerPixel. */
    static long rawBytes(long w, long h, int bitsPerPixel, boolean interlaced) {
        if (!interlaced) {
            return h * (1 + (w * bitsPerPixel + 7) / 8);
        }
        long total = 0;
        for (int[] pass : ADAM7) {
            long pw = (w - pass[0] + pass[2] - 1) / pass[2];
            long ph = (h - pass[1] + pass[3] - 1) / pass[3];
            if (pw > 0 && ph > 0) {
                total += ph * (1 + (pw * bitsPerPixel + 7) / 8);
            }
        }
        return total;
    }

    /** Inflates one IDAT chunk's data d[at, at + len). */
    void feed(byte[] d, int at, int len) throws UploadException {
        if (inflater.finished()) {
            if (len > 0) {
                throw fail(UploadException.bad("PNG has image data after the end of its zlib stream"));
            }
            return;
        }
        inflater.setInput(d, at, len);
        try {
            while (!inflater.finished() && !inflater.needsInput()) {
                int got = inflater.inflate(out);
                produced += got;
                if (produced > expected) {
                    throw fail(UploadException.bad("PNG image data inflates to more than the " + expected
                            + " bytes its size allows (a decompression bomb)"));
                }
                if (got == 0 && inflater.needsDictionary()) {
                    throw fail(UploadException.bad("PNG image data asks for a preset dictionary"));
                }
            }
        } catch (DataFormatException e) {
            throw fail(UploadException.bad("PNG image data is not a valid zlib stream"));
        }
    }

    /** After the last IDAT: the stream must be complete and exactly as long as expected. */
    void finish() throws UploadException {
        boolean complete = inflater.finished();
        inflater.end();
        if (!complete || produced != expected) {
            throw UploadException.truncated("PNG image data ends early (" + produced + " of " + expected + " bytes)");
        }
    }

    private UploadException fail(UploadException e) {
        inflater.end();
        return e;
    }
}
