package io.parley.server.media;

import java.util.ArrayList;
import java.util.List;

/**
 * WebP: the RIFF size matches the file, chunks tile it, the first chunk (VP8, VP8L or VP8X) gives
 * the size. Each animation frame (ANMF) is capped too, and all frames together count against the
 * file's size.
 */
final class WebpInspector {
    private WebpInspector() {
    }

    static ImageInspector.Info inspect(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        long riffEnd = 8 + Bytes.le32(d, 4);
        if (riffEnd > n) {
            throw UploadException.truncated("WebP is shorter than its RIFF header says (" + n + " of " + riffEnd + " bytes)");
        }
        if (riffEnd < n) {
            throw UploadException.bad("WebP has " + (n - riffEnd) + " bytes of data after its RIFF container");
        }
        List<ImageInspector.Part> parts = new ArrayList<>();
        int p = 12;
        while (p < n) {
            if (n - p < 8) {
                throw UploadException.truncated("WebP ends inside a chunk header");
            }
            String fourcc = Bytes.ascii(d, p, 4);
            long size = Bytes.le32(d, p + 4);
            long end = p + 8 + size + (size & 1);
            if (end > n) {
                throw UploadException.truncated("WebP chunk '" + fourcc + "' runs past the end of the file");
            }
            if (fourcc.equals("EXIF") || fourcc.equals("XMP ")) {
                Markup.rejectIn(d, p + 8, (int) end, "WebP " + fourcc.trim() + " chunk");
            }
            parts.add(new ImageInspector.Part(fourcc, p, (int) end));
            p = (int) end;
        }
        if (parts.isEmpty()) {
            throw UploadException.truncated("WebP has no chunks");
        }
        ImageInspector.Part first = parts.get(0);
        int[] size = firstChunkSize(d, first);
        int w = size[0];
        int h = size[1];
        PixelBudget.checkSize("WebP", w, h, maxPixels);
        long pixels = (long) w * h;
        if (first.kind().equals("VP8X")) {
            boolean image = false;
            long frames = 0;
            for (ImageInspector.Part part : parts) {
                image |= part.kind().equals("VP8 ") || part.kind().equals("VP8L") || part.kind().equals("ANMF");
                if (part.kind().equals("ANMF")) {
                    frames += framePixels(d, part, maxPixels);
                }
            }
            if (!image) {
                throw UploadException.bad("WebP has no image data");
            }
            pixels = Math.max(pixels, frames);
        }
        PixelBudget.checkRatio("WebP", pixels, n);
        return new ImageInspector.Info(ImageInspector.Format.WEBP, w, h, parts);
    }

    /** {width, height} from the VP8 key frame, the VP8L header or the VP8X canvas. */
    private static int[] firstChunkSize(byte[] d, ImageInspector.Part first) throws UploadException {
        int at = first.start() + 8;
        int size = first.end() - at;
        switch (first.kind()) {
            case "VP8 " -> {
                if (size < 10) {
                    throw UploadException.truncated("WebP VP8 header is too short");
                }
                if ((d[at] & 1) != 0) {
                    throw UploadException.bad("WebP VP8 data does not start with a key frame");
                }
                if ((d[at + 3] & 0xFF) != 0x9D || (d[at + 4] & 0xFF) != 0x01 || (d[at + 5] & 0xFF) != 0x2A) {
                    throw UploadException.bad("WebP VP8 start code is missing");
                }
                return new int[] {Bytes.le16(d, at + 6) & 0x3FFF, Bytes.le16(d, at + 8) & 0x3FFF};
            }
            case "VP8L" -> {
                if (size < 5) {
                    throw UploadException.truncated("WebP VP8L header is too short");
                }
                if ((d[at] & 0xFF) != 0x2F) {
                    throw UploadException.bad("WebP VP8L signature is missing");
                }
                long bits = Bytes.le32(d, at + 1);
                if ((bits >>> 29) != 0) {
                    throw UploadException.bad("WebP VP8L has an unknown version");
                }
                return new int[] {(int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1};
            }
            case "VP8X" -> {
                if (size < 10) {
                    throw UploadException.truncated("WebP VP8X header is too short");
                }
                return new int[] {Bytes.le24(d, at + 4) + 1, Bytes.le24(d, at + 7) + 1};
            }
            default -> throw UploadException.bad("WebP must start with a VP8, VP8L or VP8X chunk, not '"
                    + first.kind() + "'");
        }
    }

    /** An ANMF frame's width × height (24-bit minus one each, after its 6-byte offset), capped. */
    private static long framePixels(byte[] d, ImageInspector.Part frame, long maxPixels) throws UploadException {
        int at = frame.start() + 8;
        if (frame.end() - at < 16) {
            throw UploadException.truncated("WebP animation frame header is too short");
        }
        long fw = Bytes.le24(d, at + 6) + 1L;
        long fh = Bytes.le24(d, at + 9) + 1L;
        PixelBudget.checkSize("WebP animation frame", fw, fh, maxPixels);
        return fw * fh;
    }
}
