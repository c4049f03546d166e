package io.parley.server.media;

import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * Drops metadata (EXIF with its GPS position, XMP, comments, text, timestamps) from an image that
 * {@link ImageInspector} has already validated, by copying only the structural parts worth keeping.
 * Pixels are never touched, so nothing is re-encoded.
 *
 * <ul>
 *   <li>PNG: keeps the critical chunks, transparency, color and physical-size chunks and APNG
 *       animation; drops tEXt/zTXt/iTXt/eXIf/tIME and any other ancillary chunk.</li>
 *   <li>JPEG: keeps APP0 (JFIF), APP2 ICC profiles and APP14 (Adobe, color transform); drops APP1
 *       (EXIF/XMP), the other APPn (IPTC, maker data, ...) and COM. An EXIF Orientation other than 1
 *       survives alone in a new 34-byte APP1 (no GPS, camera, time or thumbnail), since browsers
 *       turn photos by it.</li>
 *   <li>GIF: drops comment extensions and application extensions other than looping.</li>
 *   <li>WebP: drops EXIF/XMP (and unknown) chunks, clears their VP8X flags and fixes the RIFF size.</li>
 * </ul>
 */
public final class MetadataStripper {
    private static final Set<String> PNG_KEEP = Set.of("signature", "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA",
            "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD", "hIST", "cICP", "mDCV", "cLLI", "acTL", "fcTL", "fdAT");
    private static final Set<String> GIF_APPS_KEEP = Set.of("app:NETSCAPE2.0", "app:ANIMEXTS1.0");
    private static final Set<String> WEBP_KEEP = Set.of("VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP");
    private static final int VP8X_EXIF = 0x08;
    private static final int VP8X_XMP = 0x04;
    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private MetadataStripper() {
    }

    /**
     * @throws UploadException bad_image when metadata the inspector let through cannot be read after
     *         all (never a runtime exception: the caller answers with a clear error)
     */
    public static byte[] strip(byte[] d, ImageInspector.Info info) throws UploadException {
        try {
            return copyKept(d, info);
        } catch (IndexOutOfBoundsException e) {
            throw UploadException.bad("the image's metadata is malformed (" + info.format() + ")");
        }
    }

    private static byte[] copyKept(byte[] d, ImageInspector.Info info) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        switch (info.format()) {
            case PNG -> {
                for (ImageInspector.Part p : info.parts()) {
                    if (PNG_KEEP.contains(p.kind())) {
                        out.write(d, p.start(), p.end() - p.start());
                    }
                }
            }
            case JPEG -> {
                boolean oriented = false;
                for (ImageInspector.Part p : info.parts()) {
                    if (keepJpeg(d, p)) {
                        out.write(d, p.start(), p.end() - p.start());
                    } else if (!oriented && p.kind().equals("E1")) {
                        int orientation = exifOrientation(d, p.start() + 4, p.end());
                        if (orientation > 1) { // keep only how to turn the picture, or phone photos show sideways
                            out.writeBytes(orientationSegment(orientation));
                            oriented = true;
                        }
                    }
                }
            }
            case GIF -> {
                for (ImageInspector.Part p : info.parts()) {
                    boolean drop = p.kind().equals("comment")
                            || (p.kind().startsWith("app:") && !GIF_APPS_KEEP.contains(p.kind()))
                            || p.kind().equals("ext:FF"); // an application extension without a proper identifier
                    if (!drop) {
                        out.write(d, p.start(), p.end() - p.start());
                    }
                }
            }
            case WEBP -> {
                return webp(d, info);
            }
        }
        return out.toByteArray();
    }

    private static boolean keepJpeg(byte[] d, ImageInspector.Part p) {
        String k = p.kind();
        if (k.equals("FE")) {
            return false; // COM
        }
        if (k.length() == 2 && k.charAt(0) == 'E') {
            int app = Character.digit(k.charAt(1), 16);
            if (app == 0 || app == 14) {
                return true; // JFIF, Adobe
            }
            if (app == 2) {
                return Bytes.startsWithAt(d, p.start() + 4, p.end(), ICC); // an ICC profile, not MPF or FlashPix
            }
            return false;
        }
        return true;
    }

    private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

    /** The EXIF Orientation (1..8) in IFD0 of an APP1 segment's data [at, end), or 0 when absent/unreadable. */
    public static int exifOrientation(byte[] d, int at, int end) {
        if (!Bytes.startsWithAt(d, at, end, EXIF_HEADER)) {
            return 0;
        }
        int tiff = at + EXIF_HEADER.length;
        int len = end - tiff;
        if (len < 8) {
            return 0;
        }
        boolean big;
        if (d[tiff] == 'M' && d[tiff + 1] == 'M') {
            big = true;
        } else if (d[tiff] == 'I' && d[tiff + 1] == 'I') {
            big = false;
        } else {
            return 0;
        }
        if (u16(d, tiff + 2, big) != 42) {
            return 0;
        }
        long ifd = u32(d, tiff + 4, big);
        if (ifd < 8 || ifd > len - 2) {
            return 0;
        }
        int entries = u16(d, tiff + (int) ifd, big);
        for (int i = 0; i < entries; i++) {
            int e = tiff + (int) ifd + 2 + 12 * i;
            if (e + 12 > end) {
                return 0;
            }
            if (u16(d, e, big) == 0x0112 && u16(d, e + 2, big) == 3 && u32(d, e + 4, big) == 1) {
                int v = u16(d, e + 8, big);
                return v >= 1 && v <= 8 ? v : 0;
            }
        }
        return 0;
    }

    /** An APP1 segment holding a big-endian EXIF block with IFD0 = {Orientation: orientation} and nothing else. */
    public static byte[] orientationSegment(int orientation) {
        return new byte[] {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,            // TIFF header, IFD0 at 8
            0, 1,                                   // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0};                            // no next IFD
    }

    private static int u16(byte[] d, int at, boolean big) {
        return big ? Bytes.be16(d, at) : Bytes.le16(d, at);
    }

    private static long u32(byte[] d, int at, boolean big) {
        return big ? Bytes.be32(d, at) : Bytes.le32(d, at);
    }

    private static byte[] webp(byte[] d, ImageInspector.Info info) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(d, 0, 12);
        boolean extended = info.parts().get(0).kind().equals("VP8X");
        for (ImageInspector.Part p : info.parts()) {
            if (!extended) {
                out.write(d, p.start(), p.end() - p.start()); // the simple format is one image chunk
                break;
            }
            if (!WEBP_KEEP.contains(p.kind())) {
                continue;
            }
            if (p.kind().equals("VP8X")) {
                byte[] chunk = java.util.Arrays.copyOfRange(d, p.start(), p.end());
                chunk[8] = (byte) (chunk[8] & ~(VP8X_EXIF | VP8X_XMP));
                out.write(chunk, 0, chunk.length);
            } else {
                out.write(d, p.start(), p.end() - p.start());
            }
        }
        byte[] result = out.toByteArray();
        long riffSize = result.length - 8L;
        result[4] = (byte) riffSize;
        result[5] = (byte) (riffSize >>> 8);
        result[6] = (byte) (riffSize >>> 16);
        result[7] = (byte) (riffSize >>> 24);
        return result;
    }
}
