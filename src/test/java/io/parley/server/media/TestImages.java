package io.parley.server.media;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Tiny real images (and deliberately broken ones) for the upload tests, built in memory. */
public final class TestImages {
    private TestImages() {
    }

    public static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, new Color((x * 40) % 256, (y * 60) % 256, 120).getRGB());
            }
        }
        return img;
    }

    public static byte[] write(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] png(int w, int h) {
        return write(picture(w, h), "png");
    }

    public static byte[] jpeg(int w, int h) {
        return write(picture(w, h), "jpeg");
    }

    public static byte[] gif(int w, int h) {
        return write(picture(w, h), "gif");
    }

    /** The well-known smallest lossless WebP: 1×1, transparent (RIFF + one VP8L chunk). */
    public static byte[] webp1x1() {
        return Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    }

    /** An extended WebP (VP8X, EXIF and XMP flags set) around the 1×1 VP8L image, with EXIF and XMP chunks. */
    public static byte[] webpWithExif() {
        byte[] simple = webp1x1();
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length);
        byte[] vp8x = new byte[10];
        vp8x[0] = 0x08 | 0x04 | 0x10; // EXIF, XMP, alpha
        // canvas 1×1: width-1 = 0, height-1 = 0 (24-bit each)
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(riffChunk("VP8X", vp8x));
        body.writeBytes(vp8l);
        body.writeBytes(riffChunk("EXIF", exifTiff()));
        body.writeBytes(riffChunk("XMP ", "<x:xmpmeta><rdf:RDF>GPSLatitude 52.52</rdf:RDF></x:xmpmeta>"
                .getBytes(StandardCharsets.US_ASCII)));
        return riff(body.toByteArray());
    }

    public static byte[] riff(byte[] chunks) {
        ByteBuffer b = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks);
        return b.array();
    }

    public static byte[] riffChunk(String fourcc, byte[] data) {
        int pad = data.length & 1;
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    /** A TIFF/EXIF block whose IFD0 points to a GPS IFD with GPSLatitudeRef "N", plus readable GPS text. */
    public static byte[] exifTiff() {
        ByteBuffer b = ByteBuffer.allocate(80).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {'M', 'M', 0, 42}).putInt(8);          // TIFF header, IFD0 at 8
        b.putShort((short) 1);                                    // IFD0: one entry
        b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(26); // GPSInfo IFD pointer → 26
        b.putInt(0);                                              // no next IFD
        b.putShort((short) 1);                                    // GPS IFD at 26: one entry
        b.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0}); // GPSLatitudeRef "N"
        b.putInt(0);
        b.put("GPSLatitude=52.5200".getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(b.array(), b.position());
    }

    /** jpeg with an APP1 "Exif" segment (GPS inside) and a COM segment inserted after SOI. */
    public static byte[] jpegWithExifGps(int w, int h) {
        byte[] jpeg = jpeg(w, h);
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifTiff());
        byte[] com = "shot at home, GPS on".getBytes(StandardCharsets.US_ASCII);
        return concat(Arrays.copyOfRange(jpeg, 0, 2), segment(0xE1, exif), segment(0xFE, com),
                Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    public static byte[] segment(int marker, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + data.length);
        b.put((byte) 0xFF).put((byte) marker).putShort((short) (data.length + 2)).put(data);
        return b.array();
    }

    /** One PNG chunk with its CRC. */
    public static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.putInt(data.length).put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** png with extra chunks inserted right after IHDR (signature 8 + IHDR 25 bytes). */
    public static byte[] pngWithChunks(byte[] png, byte[]... chunks) {
        byte[][] parts = new byte[chunks.length + 2][];
        parts[0] = Arrays.copyOfRange(png, 0, 33);
        System.arraycopy(chunks, 0, parts, 1, chunks.length);
        parts[parts.length - 1] = Arrays.copyOfRange(png, 33, png.length);
        return concat(parts);
    }

    /** A PNG header claiming w×h pixels, with a tiny (wrong but well-formed) IDAT and IEND. */
    public static byte[] pngClaiming(long w, long h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt((int) w).putInt((int) h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, pngChunk("IHDR", ihdr.array()),
                pngChunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}),
                pngChunk("IEND", new byte[0]));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static boolean contains(byte[] haystack, String needle) {
        return Bytes.indexOfIgnoreCase(haystack, 0, haystack.length, needle.toLowerCase()) >= 0;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
