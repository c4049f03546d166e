package io.parley.server.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Identifies an uploaded image by its magic bytes (PNG, JPEG, GIF, WebP — nothing else), reads its
 * pixel size from the header and checks the cap <em>before</em> looking further, then walks the
 * whole container structure (PNG chunks, JPEG segments, GIF blocks, RIFF chunks) and refuses
 * anything inconsistent: truncation, data after the end marker, markup hidden in text metadata.
 *
 * <p>This is header and container parsing only; no pixel is ever decoded. The {@link Part}s it
 * returns let {@link MetadataStripper} drop metadata without parsing again. Never trusts a name or
 * a Content-Type: it is only ever given bytes.
 */
public final class ImageInspector {
    /** Longest side accepted, whatever the pixel cap: image messages carry width/height ≤ 100000. */
    public static final int MAX_SIDE = 100_000;

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

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Markup that has no business in an image's text metadata (a polyglot's HTML half). */
    private static final String[] MARKUP = {"<html", "<script", "<body", "<iframe", "<svg", "<!doctype", "<object",
        "<embed", "javascript:"};

    private ImageInspector() {
    }

    /** The format by magic bytes alone, or null. */
    public static Format detect(byte[] d) {
        int n = d.length;
        if (n >= 8 && startsWith(d, PNG_MAGIC)) {
            return Format.PNG;
        }
        if (n >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF) {
            return Format.JPEG;
        }
        if (n >= 6 && (ascii(d, 0, 6).equals("GIF87a") || ascii(d, 0, 6).equals("GIF89a"))) {
            return Format.GIF;
        }
        if (n >= 12 && ascii(d, 0, 4).equals("RIFF") && ascii(d, 8, 4).equals("WEBP")) {
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
            case PNG -> png(d, maxPixels);
            case JPEG -> jpeg(d, maxPixels);
            case GIF -> gif(d, maxPixels);
            case WEBP -> webp(d, maxPixels);
        };
        if (indexOfIgnoreCase(d, 0, d.length, "<script") >= 0) {
            throw UploadException.bad("the image contains a <script> tag");
        }
        return info;
    }

    // ---- PNG ----

    private static final List<String> PNG_CRITICAL = List.of("IHDR", "PLTE", "IDAT", "IEND");

    private static Info png(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        if (n < 8 + 8 + 13) {
            throw UploadException.truncated("PNG ends inside its IHDR header");
        }
        if (be32(d, 8) != 13 || !ascii(d, 12, 4).equals("IHDR")) {
            throw UploadException.bad("PNG must start with a 13-byte IHDR chunk");
        }
        long w = be32(d, 16);
        long h = be32(d, 20);
        checkSize("PNG", w, h, maxPixels);
        int bitDepth = d[24] & 0xFF;
        int colorType = d[25] & 0xFF;
        if (!validPngDepth(colorType, bitDepth)) {
            throw UploadException.bad("PNG has an invalid color type " + colorType + " / bit depth " + bitDepth);
        }
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("signature", 0, 8));
        int p = 8;
        int idat = 0;
        boolean end = false;
        CRC32 crc = new CRC32();
        while (!end) {
            if (p == n) {
                throw UploadException.truncated("PNG ends without an IEND chunk");
            }
            if (n - p < 12) {
                throw UploadException.truncated("PNG ends inside a chunk header");
            }
            long len = be32(d, p);
            String type = ascii(d, p + 4, 4);
            if (len > Integer.MAX_VALUE || !isLetters(d, p + 4, 4)) {
                throw UploadException.bad("PNG chunk at offset " + p + " is malformed");
            }
            if (len > n - p - 12) {
                throw UploadException.truncated("PNG chunk " + type + " runs past the end of the file");
            }
            int chunkEnd = p + 12 + (int) len;
            crc.reset();
            crc.update(d, p + 4, 4 + (int) len);
            if (crc.getValue() != be32(d, chunkEnd - 4)) {
                throw UploadException.bad("PNG chunk " + type + " has a bad CRC (corrupt or truncated)");
            }
            boolean critical = Character.isUpperCase(type.charAt(0));
            if (critical && !PNG_CRITICAL.contains(type)) {
                throw UploadException.bad("PNG has an unknown critical chunk " + type);
            }
            if (type.equals("IHDR") && p != 8) {
                throw UploadException.bad("PNG has a second IHDR chunk");
            }
            if (type.equals("IDAT")) {
                idat++;
            }
            if (type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt") || type.equals("eXIf")) {
                rejectMarkup(d, p + 8, chunkEnd - 4, "PNG " + type + " chunk");
            }
            if (type.equals("IEND")) {
                if (len != 0) {
                    throw UploadException.bad("PNG IEND chunk must be empty");
                }
                if (chunkEnd != n) {
                    throw UploadException.bad("PNG has " + (n - chunkEnd) + " bytes of data after IEND");
                }
                end = true;
            }
            parts.add(new Part(type, p, chunkEnd));
            p = chunkEnd;
        }
        if (idat == 0) {
            throw UploadException.bad("PNG has no image data (IDAT)");
        }
        return new Info(Format.PNG, (int) w, (int) h, parts);
    }

    private static boolean validPngDepth(int colorType, int depth) {
        return switch (colorType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
    }

    // ---- JPEG ----

    private static Info jpeg(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("SOI", 0, 2));
        int p = 2;
        int w = -1;
        int h = -1;
        boolean scan = false;
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
                if (!scan) {
                    throw UploadException.bad("JPEG has no image data");
                }
                if (p != n) {
                    throw UploadException.bad("JPEG has " + (n - p) + " bytes of data after EOI");
                }
                parts.add(new Part("EOI", start, p));
                break;
            }
            if (m == 0x00 || m == 0xD8) {
                throw UploadException.bad("JPEG has an unexpected marker FF " + hex(m) + " at offset " + start);
            }
            if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                parts.add(new Part(hex(m), start, p)); // standalone markers
                continue;
            }
            if (n - p < 2) {
                throw UploadException.truncated("JPEG ends inside a segment header");
            }
            int len = be16(d, p);
            if (len < 2) {
                throw UploadException.bad("JPEG segment FF " + hex(m) + " has an invalid length");
            }
            if (len > n - p) {
                throw UploadException.truncated("JPEG segment FF " + hex(m) + " runs past the end of the file");
            }
            int segEnd = p + len;
            if (isSof(m)) {
                if (len < 8) {
                    throw UploadException.bad("JPEG frame header is too short");
                }
                if (w >= 0) {
                    throw UploadException.bad("JPEG has more than one frame header");
                }
                h = be16(d, p + 3);
                w = be16(d, p + 5);
                if (h == 0) {
                    throw UploadException.bad("JPEG without a height in its frame header (DNL) is not supported");
                }
                checkSize("JPEG", w, h, maxPixels);
            }
            if (m == 0xFE || (m >= 0xE0 && m <= 0xEF)) {
                rejectMarkup(d, p + 2, segEnd, "JPEG " + (m == 0xFE ? "comment" : "APP" + (m - 0xE0)) + " segment");
            }
            if (m == 0xDA) {
                if (w < 0) {
                    throw UploadException.bad("JPEG has a scan before its frame header");
                }
                scan = true;
                p = segEnd;
                // entropy-coded data runs to the next marker other than stuffing (FF 00) and RSTn
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
                            break;
                        }
                    }
                    p++;
                }
                parts.add(new Part("DA", start, p));
                continue;
            }
            parts.add(new Part(hex(m), start, segEnd));
            p = segEnd;
        }
        if (w < 0) {
            throw UploadException.bad("JPEG has no frame header");
        }
        return new Info(Format.JPEG, w, h, parts);
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    // ---- GIF ----

    private static Info gif(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        if (n < 13) {
            throw UploadException.truncated("GIF ends inside its header");
        }
        int w = le16(d, 6);
        int h = le16(d, 8);
        checkSize("GIF", w, h, maxPixels);
        int packed = d[10] & 0xFF;
        int p = 13;
        if ((packed & 0x80) != 0) {
            p += 3 * (1 << ((packed & 7) + 1));
        }
        if (p > n) {
            throw UploadException.truncated("GIF ends inside its color table");
        }
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("header", 0, p));
        int images = 0;
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
                parts.add(new Part("trailer", start, n));
                break;
            } else if (b == 0x21) {
                if (n - p < 2) {
                    throw UploadException.truncated("GIF ends inside an extension");
                }
                int label = d[p + 1] & 0xFF;
                String kind = "ext:" + hex(label);
                if (label == 0xFF && n - p >= 14 && (d[p + 2] & 0xFF) == 11) {
                    kind = "app:" + ascii(d, p + 3, 11);
                }
                p = subBlocks(d, p + 2);
                if (label == 0xFE) {
                    rejectMarkup(d, start, p, "GIF comment");
                    kind = "comment";
                }
                parts.add(new Part(kind, start, p));
            } else if (b == 0x2C) {
                if (n - p < 11) {
                    throw UploadException.truncated("GIF ends inside an image descriptor");
                }
                int fw = le16(d, p + 5);
                int fh = le16(d, p + 7);
                checkSize("GIF frame", Math.max(fw, 1), Math.max(fh, 1), maxPixels);
                int fp = d[p + 9] & 0xFF;
                p += 10;
                if ((fp & 0x80) != 0) {
                    p += 3 * (1 << ((fp & 7) + 1));
                }
                if (p >= n) {
                    throw UploadException.truncated("GIF ends inside an image");
                }
                p = subBlocks(d, p + 1); // skip the LZW minimum code size, then the data sub-blocks
                images++;
                parts.add(new Part("image", start, p));
            } else {
                throw UploadException.bad("GIF has an unknown block 0x" + hex(b) + " at offset " + p);
            }
        }
        if (images == 0) {
            throw UploadException.bad("GIF has no image");
        }
        return new Info(Format.GIF, w, h, parts);
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

    // ---- WebP ----

    private static Info webp(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        long riffEnd = 8 + le32(d, 4);
        if (riffEnd > n) {
            throw UploadException.truncated("WebP is shorter than its RIFF header says (" + n + " of " + riffEnd + " bytes)");
        }
        if (riffEnd < n) {
            throw UploadException.bad("WebP has " + (n - riffEnd) + " bytes of data after its RIFF container");
        }
        List<Part> parts = new ArrayList<>();
        int p = 12;
        while (p < n) {
            if (n - p < 8) {
                throw UploadException.truncated("WebP ends inside a chunk header");
            }
            String fourcc = ascii(d, p, 4);
            long size = le32(d, p + 4);
            long end = p + 8 + size + (size & 1);
            if (end > n) {
                throw UploadException.truncated("WebP chunk '" + fourcc + "' runs past the end of the file");
            }
            if (fourcc.equals("EXIF") || fourcc.equals("XMP ")) {
                rejectMarkup(d, p + 8, (int) end, "WebP " + fourcc.trim() + " chunk");
            }
            parts.add(new Part(fourcc, p, (int) end));
            p = (int) end;
        }
        if (parts.isEmpty()) {
            throw UploadException.truncated("WebP has no chunks");
        }
        Part first = parts.get(0);
        int w;
        int h;
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
                w = le16(d, at + 6) & 0x3FFF;
                h = le16(d, at + 8) & 0x3FFF;
            }
            case "VP8L" -> {
                if (size < 5) {
                    throw UploadException.truncated("WebP VP8L header is too short");
                }
                if ((d[at] & 0xFF) != 0x2F) {
                    throw UploadException.bad("WebP VP8L signature is missing");
                }
                long bits = le32(d, at + 1);
                if ((bits >>> 29) != 0) {
                    throw UploadException.bad("WebP VP8L has an unknown version");
                }
                w = (int) (bits & 0x3FFF) + 1;
                h = (int) ((bits >>> 14) & 0x3FFF) + 1;
            }
            case "VP8X" -> {
                if (size < 10) {
                    throw UploadException.truncated("WebP VP8X header is too short");
                }
                w = le24(d, at + 4) + 1;
                h = le24(d, at + 7) + 1;
            }
            default -> throw UploadException.bad("WebP must start with a VP8, VP8L or VP8X chunk, not '" + first.kind() + "'");
        }
        checkSize("WebP", w, h, maxPixels);
        if (first.kind().equals("VP8X")) {
            boolean image = false;
            for (Part part : parts) {
                image |= part.kind().equals("VP8 ") || part.kind().equals("VP8L") || part.kind().equals("ANMF");
            }
            if (!image) {
                throw UploadException.bad("WebP has no image data");
            }
        }
        return new Info(Format.WEBP, w, h, parts);
    }

    // ---- helpers ----

    private static void checkSize(String what, long w, long h, long maxPixels) throws UploadException {
        if (w <= 0 || h <= 0) {
            throw UploadException.bad(what + " has a zero width or height");
        }
        if (w > MAX_SIDE || h > MAX_SIDE || w * h > maxPixels) {
            throw UploadException.tooManyPixels(what + " is " + w + "×" + h + " pixels; the limit is " + maxPixels
                    + " pixels and " + MAX_SIDE + " per side");
        }
    }

    private static void rejectMarkup(byte[] d, int from, int to, String where) throws UploadException {
        for (String m : MARKUP) {
            if (indexOfIgnoreCase(d, from, to, m) >= 0) {
                throw UploadException.bad("the " + where + " contains markup ('" + m + "')");
            }
        }
    }

    /** First index in d[from, to) of ASCII needle (lower case), ignoring ASCII case; -1 if none. */
    public static int indexOfIgnoreCase(byte[] d, int from, int to, String needle) {
        byte[] nb = needle.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        int last = to - nb.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < nb.length; j++) {
                int c = d[i + j];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != nb[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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

    private static boolean startsWith(byte[] d, byte[] prefix) {
        if (d.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (d[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetters(byte[] d, int at, int len) {
        for (int i = at; i < at + len; i++) {
            int c = d[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    public static String ascii(byte[] d, int at, int len) {
        return new String(d, at, len, StandardCharsets.ISO_8859_1);
    }

    public static long be32(byte[] d, int at) {
        return ((long) (d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
    }

    public static int be16(byte[] d, int at) {
        return ((d[at] & 0xFF) << 8) | (d[at + 1] & 0xFF);
    }

    public static int le16(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8);
    }

    public static int le24(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8) | ((d[at + 2] & 0xFF) << 16);
    }

    public static long le32(byte[] d, int at) {
        return (d[at] & 0xFF) | ((d[at + 1] & 0xFF) << 8) | ((d[at + 2] & 0xFF) << 16) | ((long) (d[at + 3] & 0xFF) << 24);
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }
}
