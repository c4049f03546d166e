package io.parley.server.media;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** PNG: IHDR first and capped, every chunk's length and CRC, IEND last, image data inflated with a cap. */
final class PngInspector {
    private static final List<String> CRITICAL = List.of("IHDR", "PLTE", "IDAT", "IEND");
    private static final List<String> TEXT = List.of("tEXt", "zTXt", "iTXt", "eXIf");

    private PngInspector() {
    }

    static ImageInspector.Info inspect(byte[] d, long maxPixels) throws UploadException {
        int n = d.length;
        if (n < 8 + 8 + 13) {
            throw UploadException.truncated("PNG ends inside its IHDR header");
        }
        if (Bytes.be32(d, 8) != 13 || !Bytes.ascii(d, 12, 4).equals("IHDR")) {
            throw UploadException.bad("PNG must start with a 13-byte IHDR chunk");
        }
        long w = Bytes.be32(d, 16);
        long h = Bytes.be32(d, 20);
        PixelBudget.checkSize("PNG", w, h, maxPixels);
        PixelBudget.checkRatio("PNG", w * h, n);
        int bitDepth = d[24] & 0xFF;
        int colorType = d[25] & 0xFF;
        if (!validDepth(colorType, bitDepth)) {
            throw UploadException.bad("PNG has an invalid color type " + colorType + " / bit depth " + bitDepth);
        }
        int interlace = d[28] & 0xFF;
        if (d[26] != 0 || d[27] != 0 || interlace > 1) {
            throw UploadException.bad("PNG has an unknown compression, filter or interlace method");
        }
        List<ImageInspector.Part> parts = chunks(d);
        PngData data = new PngData(PngData.rawBytes(w, h, channels(colorType) * bitDepth, interlace == 1));
        for (ImageInspector.Part p : parts) {
            if (p.kind().equals("IDAT")) {
                data.feed(d, p.start() + 8, p.end() - 4 - (p.start() + 8));
            }
        }
        data.finish();
        return new ImageInspector.Info(ImageInspector.Format.PNG, (int) w, (int) h, parts);
    }

    /** Every chunk from the signature to IEND, checked; at least one IDAT. */
    private static List<ImageInspector.Part> chunks(byte[] d) throws UploadException {
        int n = d.length;
        List<ImageInspector.Part> parts = new ArrayList<>();
        parts.add(new ImageInspector.Part("signature", 0, 8));
        int p = 8;
        boolean idat = false;
        CRC32 crc = new CRC32();
        while (true) {
            if (p == n) {
                throw UploadException.truncated("PNG ends without an IEND chunk");
            }
            if (n - p < 12) {
                throw UploadException.truncated("PNG ends inside a chunk header");
            }
            long len = Bytes.be32(d, p);
            String type = Bytes.ascii(d, p + 4, 4);
            if (len > Integer.MAX_VALUE || !Bytes.isLetters(d, p + 4, 4)) {
                throw UploadException.bad("PNG chunk at offset " + p + " is malformed");
            }
            if (len > n - p - 12) {
                throw UploadException.truncated("PNG chunk " + type + " runs past the end of the file");
            }
            int chunkEnd = p + 12 + (int) len;
            crc.reset();
            crc.update(d, p + 4, 4 + (int) len);
            if (crc.getValue() != Bytes.be32(d, chunkEnd - 4)) {
                throw UploadException.bad("PNG chunk " + type + " has a bad CRC (corrupt or truncated)");
            }
            if (Character.isUpperCase(type.charAt(0)) && !CRITICAL.contains(type)) {
                throw UploadException.bad("PNG has an unknown critical chunk " + type);
            }
            if (type.equals("IHDR") && p != 8) {
                throw UploadException.bad("PNG has a second IHDR chunk");
            }
            idat |= type.equals("IDAT");
            if (TEXT.contains(type)) {
                Markup.rejectIn(d, p + 8, chunkEnd - 4, "PNG " + type + " chunk");
            }
            parts.add(new ImageInspector.Part(type, p, chunkEnd));
            if (type.equals("IEND")) {
                if (len != 0) {
                    throw UploadException.bad("PNG IEND chunk must be empty");
                }
                if (chunkEnd != n) {
                    throw UploadException.bad("PNG has " + (n - chunkEnd) + " bytes of data after IEND");
                }
                break;
            }
            p = chunkEnd;
        }
        if (!idat) {
            throw UploadException.bad("PNG has no image data (IDAT)");
        }
        return parts;
    }

    private static boolean validDepth(int colorType, int depth) {
        return switch (colorType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
    }

    /** Samples per pixel of a (valid) color type. */
    static int channels(int colorType) {
        return switch (colorType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1; // gray, palette
        };
    }
}
