package io.parley.server.media;

import io.parley.server.ServerConfig;

import static io.parley.server.media.TestImages.ascii;
import static io.parley.server.media.TestImages.concat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.Test;

import io.parley.protocol.ErrorCode;

/** Header parsing, structure checks and metadata stripping, without a server. */
public class ImageInspectorTest {
    private static final long CAP = ServerConfig.DEFAULT_MAX_UPLOAD_PIXELS;

    static ImageInspector.Info ok(byte[] d) {
        try {
            return ImageInspector.inspect(d, CAP);
        } catch (UploadException e) {
            throw new AssertionError("refused: " + e.code().id + " " + e.getMessage(), e);
        }
    }

    static UploadException refused(byte[] d, ErrorCode code, int status) {
        return refused(d, CAP, code, status);
    }

    private static UploadException refused(byte[] d, long cap, ErrorCode code, int status) {
        try {
            ImageInspector.Info info = ImageInspector.inspect(d, cap);
            fail("accepted as " + info.mime() + " " + info.width() + "x" + info.height());
            return null;
        } catch (UploadException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertEquals(e.getMessage(), status, e.status());
            assertNotNull(e.getMessage());
            return e;
        }
    }

    private static void assertInfo(ImageInspector.Info info, String mime, int w, int h) {
        assertEquals(mime, info.mime());
        assertEquals(w, info.width());
        assertEquals(h, info.height());
    }

    @Test
    public void realImagesOfEachFormat() throws Exception {
        assertInfo(ok(TestImages.png(7, 3)), "image/png", 7, 3);
        assertInfo(ok(TestImages.jpeg(33, 17)), "image/jpeg", 33, 17);
        assertInfo(ok(TestImages.gif(5, 9)), "image/gif", 5, 9);
        assertInfo(ok(TestImages.webp1x1()), "image/webp", 1, 1);
        assertInfo(ok(TestImages.webpWithExif()), "image/webp", 1, 1);
        assertEquals("jpg", ok(TestImages.jpeg(2, 2)).ext());
    }

    @Test
    public void webpHeadersOfEachKind() throws Exception {
        // VP8L 300×200: 14-bit width-1 and height-1, little-endian bit packed
        long bits = (300 - 1) | ((long) (200 - 1) << 14);
        byte[] vp8l = {0x2F, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24), 0};
        assertInfo(ok(TestImages.riff(TestImages.riffChunk("VP8L", vp8l))), "image/webp", 300, 200);
        // VP8 (lossy) 640×480: frame tag (key frame), start code, 14-bit sizes
        byte[] vp8 = {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, (byte) 640, (byte) (640 >> 8), (byte) 480,
            (byte) (480 >> 8)};
        assertInfo(ok(TestImages.riff(TestImages.riffChunk("VP8 ", vp8))), "image/webp", 640, 480);
        // VP8X canvas 2000×1500 (24-bit minus one) over an image chunk
        byte[] x = new byte[10];
        int w1 = 1999;
        int h1 = 1499;
        x[4] = (byte) w1;
        x[5] = (byte) (w1 >> 8);
        x[6] = (byte) (w1 >> 16);
        x[7] = (byte) h1;
        x[8] = (byte) (h1 >> 8);
        x[9] = (byte) (h1 >> 16);
        assertInfo(ok(TestImages.riff(concat(TestImages.riffChunk("VP8X", x), TestImages.riffChunk("VP8L", vp8l)))),
                "image/webp", 2000, 1500);
        // VP8X without any image chunk
        refused(TestImages.riff(TestImages.riffChunk("VP8X", x)), ErrorCode.BAD_IMAGE, 400);
        // an 20000×20000 canvas is over the default cap
        byte[] big = x.clone();
        big[4] = (byte) 19999;
        big[5] = (byte) (19999 >> 8);
        big[7] = (byte) 19999;
        big[8] = (byte) (19999 >> 8);
        refused(TestImages.riff(concat(TestImages.riffChunk("VP8X", big), TestImages.riffChunk("VP8L", vp8l))),
                ErrorCode.TOO_MANY_PIXELS, 422);
    }

    @Test
    public void notImagesAreUnsupported() throws Exception {
        refused(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
                ErrorCode.UNSUPPORTED_TYPE, 400);
        refused(ascii("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"),
                ErrorCode.UNSUPPORTED_TYPE, 400);
        refused(ascii("%PDF-1.7 pretend"), ErrorCode.UNSUPPORTED_TYPE, 400);
        refused(ascii("BM this is a bitmap header"), ErrorCode.UNSUPPORTED_TYPE, 400);
        refused(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, ascii("<svg/>")), ErrorCode.UNSUPPORTED_TYPE, 400);
        refused(ascii("RIFF\u0004\u0000\u0000\u0000WAVE"), ErrorCode.UNSUPPORTED_TYPE, 400);
    }

    @Test
    public void emptyAndTinyPrefixes() throws Exception {
        refused(new byte[0], ErrorCode.BAD_IMAGE, 400);
        refused(new byte[] {(byte) 0x89, 'P', 'N'}, ErrorCode.TRUNCATED_IMAGE, 400);
        refused(ascii("GIF8"), ErrorCode.TRUNCATED_IMAGE, 400);
        refused(new byte[] {(byte) 0xFF, (byte) 0xD8}, ErrorCode.TRUNCATED_IMAGE, 400);
    }

    @Test
    public void truncatedFilesOfEachFormat() throws Exception {
        for (byte[] img : new byte[][] {TestImages.png(20, 20), TestImages.jpeg(20, 20), TestImages.gif(20, 20),
            TestImages.webp1x1()}) {
            for (int cut : new int[] {img.length - 1, img.length / 2, 20}) {
                UploadException e = refused(Arrays.copyOf(img, cut), ErrorCode.TRUNCATED_IMAGE, 400);
                assertFalse(e.getMessage().isEmpty());
            }
        }
        // a PNG whose last chunk claims more data than there is
        byte[] png = TestImages.png(4, 4);
        byte[] lying = concat(Arrays.copyOf(png, png.length - 12), new byte[] {0, 0, 1, 0, 'I', 'E', 'N', 'D', 0, 0, 0, 0});
        refused(lying, ErrorCode.TRUNCATED_IMAGE, 400);
    }

    @Test
    public void trailingDataAndPolyglots() throws Exception {
        byte[] html = ascii("<html><body><script>alert(1)</script></body></html>");
        refused(concat(TestImages.png(3, 3), html), ErrorCode.BAD_IMAGE, 400);
        refused(concat(TestImages.jpeg(3, 3), html), ErrorCode.BAD_IMAGE, 400);
        refused(concat(TestImages.gif(3, 3), html), ErrorCode.BAD_IMAGE, 400);
        refused(concat(TestImages.png(3, 3), new byte[] {0}), ErrorCode.BAD_IMAGE, 400);
        byte[] webp = TestImages.webp1x1();
        refused(concat(webp, html), ErrorCode.BAD_IMAGE, 400);
        // HTML in a PNG text chunk, in a JPEG comment, in a GIF comment
        byte[] text = concat(ascii("Comment\0"), ascii("<HTML><SCRIPT>alert(1)</SCRIPT>"));
        refused(TestImages.pngWithChunks(TestImages.png(3, 3), TestImages.pngChunk("tEXt", text)), ErrorCode.BAD_IMAGE, 400);
        byte[] jpeg = TestImages.jpeg(3, 3);
        refused(concat(Arrays.copyOf(jpeg, 2), TestImages.segment(0xFE, ascii("<html>hi</html>")),
                Arrays.copyOfRange(jpeg, 2, jpeg.length)), ErrorCode.BAD_IMAGE, 400);
        byte[] gif = TestImages.gif(3, 3);
        byte[] comment = concat(new byte[] {0x21, (byte) 0xFE, 14}, ascii("<script>x=1;//"), new byte[] {0});
        refused(concat(Arrays.copyOf(gif, gif.length - 1), comment, new byte[] {0x3B}), ErrorCode.BAD_IMAGE, 400);
        refused(TestImages.pngWithChunks(TestImages.png(3, 3), TestImages.pngChunk("iTXt",
                ascii("Link\0\0\0\0\0JaVaScRiPt:alert(1)"))), ErrorCode.BAD_IMAGE, 400);
        // a <script> anywhere, even inside image data
        byte[] idat = TestImages.pngChunk("zzZz", ascii("<script>"));
        refused(TestImages.pngWithChunks(TestImages.png(3, 3), idat), ErrorCode.BAD_IMAGE, 400);
    }

    @Test
    public void corruptStructure() throws Exception {
        byte[] png = TestImages.png(4, 4);
        byte[] badCrc = png.clone();
        badCrc[30] ^= 1; // a bit of the IHDR CRC
        refused(badCrc, ErrorCode.BAD_IMAGE, 400);
        byte[] noIdat = concat(Arrays.copyOf(png, 33), TestImages.pngChunk("IEND", new byte[0]));
        refused(noIdat, ErrorCode.BAD_IMAGE, 400);
        refused(TestImages.pngWithChunks(png, TestImages.pngChunk("ABCD", new byte[] {1})), ErrorCode.BAD_IMAGE, 400);
        refused(TestImages.pngClaiming(0, 10), ErrorCode.BAD_IMAGE, 400);
        // JPEG: EOI right after SOI, and a scan before any frame header
        refused(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, ErrorCode.BAD_IMAGE, 400);
        refused(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2, 1, 2, (byte) 0xFF, (byte) 0xD9},
                ErrorCode.BAD_IMAGE, 400);
        // GIF without any image
        byte[] gif = TestImages.gif(2, 2);
        ImageInspector.Info info = ok(gif);
        ImageInspector.Part header = info.parts().get(0);
        refused(concat(Arrays.copyOf(gif, header.end()), new byte[] {0x3B}), ErrorCode.BAD_IMAGE, 400);
        // WebP that does not start with an image chunk
        refused(TestImages.riff(TestImages.riffChunk("ICCP", new byte[4])), ErrorCode.BAD_IMAGE, 400);
    }

    @Test
    public void pixelCapIsCheckedFromTheHeaderFirst() throws Exception {
        // 100000 × 100000 with nothing behind the header would be "truncated": the cap answers first
        byte[] claim = TestImages.pngClaiming(100_000, 100_000);
        refused(claim, ErrorCode.TOO_MANY_PIXELS, 422);
        refused(Arrays.copyOf(claim, 33), ErrorCode.TOO_MANY_PIXELS, 422);
        refused(TestImages.pngClaiming(200_000, 1), ErrorCode.TOO_MANY_PIXELS, 422); // longest side
        refused(TestImages.pngClaiming(0x7FFFFFFFL, 0x7FFFFFFFL), ErrorCode.TOO_MANY_PIXELS, 422);
        // exactly 40 MP passes the cap, then its 8 bytes of image data are a decompression bomb
        UploadException bomb = refused(TestImages.pngClaiming(8000, 5000), ErrorCode.BAD_IMAGE, 400);
        assertTrue(bomb.getMessage(), bomb.getMessage().contains("decompression bomb"));
        refused(TestImages.pngClaiming(8000, 5001), ErrorCode.TOO_MANY_PIXELS, 422);
        assertInfo(ImageInspector.inspect(TestImages.png(10, 10), 100), "image/png", 10, 10); // exactly the cap
        refused(TestImages.png(10, 10), 99, ErrorCode.TOO_MANY_PIXELS, 422);
        // JPEG frame header of 65535 × 65535
        byte[] jpeg = TestImages.jpeg(8, 8);
        ImageInspector.Info info = ok(jpeg);
        byte[] huge = jpeg.clone();
        for (ImageInspector.Part p : info.parts()) {
            if (p.kind().equals("C0")) {
                ByteBuffer.wrap(huge, p.start() + 5, 4).putShort((short) 0xFFFF).putShort((short) 0xFFFF);
            }
        }
        refused(Arrays.copyOf(huge, jpeg.length / 2), ErrorCode.TOO_MANY_PIXELS, 422);
        // GIF logical screen of 65535 × 65535
        byte[] gif = TestImages.gif(4, 4);
        gif[6] = gif[7] = gif[8] = gif[9] = (byte) 0xFF;
        refused(gif, ErrorCode.TOO_MANY_PIXELS, 422);
    }

    @Test
    public void stripsJpegExifAndComments() throws Exception {
        byte[] plain = TestImages.jpeg(16, 8);
        byte[] withGps = TestImages.jpegWithExifGps(16, 8);
        assertTrue(TestImages.contains(withGps, "GPS"));
        ImageInspector.Info info = ok(withGps);
        byte[] clean = MetadataStripper.strip(withGps, info);
        assertFalse(TestImages.contains(clean, "Exif"));
        assertFalse(TestImages.contains(clean, "GPS"));
        assertArrayEquals(plain, clean); // exactly the image ImageIO wrote, JFIF APP0 included
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(clean));
        assertEquals(16, back.getWidth());
        assertEquals(8, back.getHeight());
        assertInfo(ok(clean), "image/jpeg", 16, 8);
    }

    @Test
    public void jpegOrientationSurvivesAloneWithoutGps() throws Exception {
        // little-endian EXIF: IFD0 = {Orientation 6, GPSInfo → GPS IFD}, then GPS text
        ByteBuffer tiff = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        tiff.put(ascii("GPSLatitude 52.52N"));
        byte[] exif = concat(ascii("Exif\0\0"), Arrays.copyOf(tiff.array(), tiff.position()));
        byte[] jpeg = TestImages.jpeg(10, 6);
        byte[] rotated = concat(Arrays.copyOf(jpeg, 2), TestImages.segment(0xE1, exif), Arrays.copyOfRange(jpeg, 2, jpeg.length));
        byte[] clean = MetadataStripper.strip(rotated, ok(rotated));
        assertFalse(TestImages.contains(clean, "GPS"));
        byte[] expected = concat(Arrays.copyOf(jpeg, 2), MetadataStripper.orientationSegment(6),
                Arrays.copyOfRange(jpeg, 2, jpeg.length));
        assertArrayEquals(expected, clean);
        assertEquals(6, MetadataStripper.exifOrientation(clean, 6, 2 + 34 + 2));
        assertInfo(ok(clean), "image/jpeg", 10, 6);
        assertEquals(10, ImageIO.read(new ByteArrayInputStream(clean)).getWidth());
        // orientation 1 (normal) is simply dropped with the rest
        assertEquals(0, MetadataStripper.exifOrientation(TestImages.jpegWithExifGps(4, 4), 6, 40));
        byte[] normal = concat(Arrays.copyOf(jpeg, 2), Arrays.copyOf(MetadataStripper.orientationSegment(1), 36),
                Arrays.copyOfRange(jpeg, 2, jpeg.length));
        assertArrayEquals(jpeg, MetadataStripper.strip(normal, ok(normal)));
    }

    @Test
    public void stripsPngTextChunksButKeepsColor() throws Exception {
        byte[] png = TestImages.png(5, 5);
        byte[] withText = TestImages.pngWithChunks(png,
                TestImages.pngChunk("tEXt", ascii("Location\0GPS 52.52N 13.40E")),
                TestImages.pngChunk("tIME", new byte[] {0x07, (byte) 0xEA, 11, 25, 12, 0, 0}),
                TestImages.pngChunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F}),
                TestImages.pngChunk("eXIf", TestImages.exifTiff()),
                TestImages.pngChunk("prIv", ascii("private data")));
        byte[] clean = MetadataStripper.strip(withText, ok(withText));
        assertFalse(TestImages.contains(clean, "GPS"));
        assertFalse(TestImages.contains(clean, "tIME"));
        assertFalse(TestImages.contains(clean, "prIv"));
        assertTrue(TestImages.contains(clean, "gAMA"));
        assertArrayEquals(TestImages.pngWithChunks(png, TestImages.pngChunk("gAMA",
                new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F})), clean);
        assertInfo(ok(clean), "image/png", 5, 5);
    }

    @Test
    public void stripsWebpExifAndXmpAndFixesTheHeader() throws Exception {
        byte[] webp = TestImages.webpWithExif();
        assertTrue(TestImages.contains(webp, "GPS"));
        byte[] clean = MetadataStripper.strip(webp, ok(webp));
        assertFalse(TestImages.contains(clean, "GPS"));
        assertFalse(TestImages.contains(clean, "EXIF"));
        assertFalse(TestImages.contains(clean, "XMP "));
        assertEquals(clean.length - 8, Bytes.le32(clean, 4));
        assertEquals(0x10, clean[20]); // VP8X flags: only alpha left
        assertInfo(ok(clean), "image/webp", 1, 1); // still a consistent file
        byte[] simple = TestImages.webp1x1();
        assertArrayEquals(simple, MetadataStripper.strip(simple, ok(simple)));
    }

    @Test
    public void stripsGifComments() throws Exception {
        byte[] gif = TestImages.gif(3, 3);
        byte[] comment = concat(new byte[] {0x21, (byte) 0xFE, 11}, ascii("taken at 52"), new byte[] {0});
        byte[] with = concat(Arrays.copyOf(gif, gif.length - 1), comment, new byte[] {0x3B});
        byte[] clean = MetadataStripper.strip(with, ok(with));
        assertArrayEquals(gif, clean);
    }

    @Test
    public void strippingKeepsCleanFilesIdentical() throws Exception {
        for (byte[] img : new byte[][] {TestImages.png(9, 4), TestImages.jpeg(9, 4), TestImages.gif(9, 4),
            TestImages.webp1x1()}) {
            assertArrayEquals(img, MetadataStripper.strip(img, ok(img)));
        }
    }
}
