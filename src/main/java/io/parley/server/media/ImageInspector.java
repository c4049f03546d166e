package io.parley.server.media;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Identifies an uploaded image by its magic bytes (PNG, JPEG, GIF, WebP — nothing else), reads its
 * pixel size from the header and checks the cap <em>before</em> looking further, then has the
 * format's inspector walk the whole container structure (PNG chunks, JPEG segments, GIF blocks,
 * RIFF chunks) and refuse anything inconsistent: truncation, data after the end marker, markup
 * hidden in text metadata, more pixels than the file could honestly hold (a decompression bomb).
 *
 * <p>No pixel is ever decoded; only a PNG's zlib stream is inflated, into a small reused buffer
 * and counted against the size its header implies. The {@link Part}s returned let
 * {@link MetadataStripper} drop metadata without parsing again. Never trusts a name or a
 * Content-Type: it is only ever given bytes.
 */
public final class ImageInspector {
    /** Longest side accepted, whatever the pixel cap: image messages carry width/height ≤ 100000. */
    public static final int MAX_SIDE = PixelBudget.MAX_SIDE;

    public enum Format {
        PNG("image/png", "png"), JPEG("image/jpeg", "jpg"), GIF("image/gif", "gif"), WEBP("image/webp", "webp");

        public final String mime;
        final String ext;

        Format(String mime, String ext) {
            this.mime = mime;
            this.ext = ext;
        }

        public static Format ofExtension(String ext) {
            for (Format f : values()) {
                if (f.ext.equals(ext)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** One structural unit of the file: bytes [start, end) of kind (PNG chunk type, JPEG marker, ...). */
    public record Part(String kind, int start, int end) {
    }

    /** What the upload is; parts cover the file in order (for WebP: the chunks after the 12-byte header). */
    public record Info(Format format, int width, int height, List<Part> parts) {
        public String mime() {
            return format.mime;
        }

        public String ext() {
            return format.ext;
        }
    }

    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageInspector() {
    }

    /** The format by magic bytes alone, or null. */
    public static Format detect(byte[] d) {
        int n = d.length;
        if (Bytes.startsWithAt(d, 0, n, PNG_MAGIC)) {
            return Format.PNG;
        }
        if (n >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF) {
            return Format.JPEG;
        }
        if (n >= 6 && (Bytes.ascii(d, 0, 6).equals("GIF87a") || Bytes.ascii(d, 0, 6).equals("GIF89a"))) {
            return Format.GIF;
        }
        if (n >= 12 && Bytes.ascii(d, 0, 4).equals("RIFF") && Bytes.ascii(d, 8, 4).equals("WEBP")) {
            return Format.WEBP;
        }
        return null;
    }

    /**
     * @param maxPixels the cap on width × height, checked as soon as the header is read
     * @throws UploadException bad_image / unsupported_type / truncated_image (400), too_many_pixels (422)
     */
    public static Info inspect(byte[] d, long maxPixels) throws UploadException {
        if (d.length == 0) {
            throw UploadException.bad("the upload is empty (0 bytes)");
        }
        Format f = detect(d);
        if (f == null) {
            if (d.length < 12 && couldBeImagePrefix(d)) {
                throw UploadException.truncated("the upload is too short to be an image (" + d.length + " bytes)");
            }
            throw UploadException.unsupported("not a PNG, JPEG, GIF or WebP image (identified by content, not by name"
                    + " or Content-Type)");
        }
        Info info = switch (f) {
            case PNG -> PngInspector.inspect(d, maxPixels);
            case JPEG -> JpegInspector.inspect(d, maxPixels);
            case GIF -> GifInspector.inspect(d, maxPixels);
            case WEBP -> WebpInspector.inspect(d, maxPixels);
        };
        Markup.rejectScript(d);
        return info;
    }

    /** True when d could be the first bytes of a supported image (so "too short" beats "unsupported"). */
    private static boolean couldBeImagePrefix(byte[] d) {
        String[] prefixes = {new String(PNG_MAGIC, StandardCharsets.ISO_8859_1), "\u00FF\u00D8\u00FF", "GIF87a", "GIF89a",
            "RIFF"};
        String s = new String(d, StandardCharsets.ISO_8859_1);
        for (String prefix : prefixes) {
            int k = Math.min(s.length(), prefix.length());
            if (s.regionMatches(0, prefix, 0, k)) {
                return true;
            }
        }
        return false;
    }
}
