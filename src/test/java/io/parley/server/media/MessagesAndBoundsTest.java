package io.parley.server.media;

import static io.parley.server.media.ImageBombTest.ok;
import static io.parley.server.media.ImageBombTest.refused;
import static io.parley.server.media.TestImages.ascii;
import static io.parley.server.media.TestImages.concat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;

import io.parley.protocol.ErrorCode;

/**
 * The exact refusal a client sees at each edge of each format (which end of which structure the
 * file stops in), the byte helpers at their bounds, and scans that must stay inside their part.
 */
public class MessagesAndBoundsTest {
    private static void says(byte[] d, ErrorCode code, String message) {
        UploadException e = refused(d, code);
        assertEquals(message, e.getMessage());
    }

    @Test
    public void bytesAtTheirBounds() {
        byte[] d = ascii("abcSVG");
        assertEquals(3, Bytes.indexOfIgnoreCase(d, 0, 6, "svg"));
        assertEquals(-1, Bytes.indexOfIgnoreCase(d, 0, 5, "svg"));
        assertEquals(-1, Bytes.indexOfIgnoreCase(d, 4, 6, "svg"));
        assertEquals(0, Bytes.indexOfIgnoreCase(d, 0, 6, "ABC"));
        assertEquals(0x04030201L, Bytes.le32(new byte[] {1, 2, 3, 4}, 0));
        assertEquals(0xF4F3F2F1L, Bytes.le32(new byte[] {(byte) 0xF1, (byte) 0xF2, (byte) 0xF3, (byte) 0xF4}, 0));
        assertEquals(0xF1F2F3F4L, Bytes.be32(new byte[] {(byte) 0xF1, (byte) 0xF2, (byte) 0xF3, (byte) 0xF4}, 0));
        assertEquals(0x030201, Bytes.le24(new byte[] {1, 2, 3}, 0));
        assertTrue(Bytes.startsWithAt(d, 3, 6, ascii("SVG")));
        assertFalse(Bytes.startsWithAt(d, 3, 5, ascii("SVG")));
        assertTrue(Bytes.startsWithAt(d, 1, 6, ascii("bc")));
        assertTrue(Bytes.isLetters(ascii("azAZ"), 0, 4));
        for (String bad : new String[] {"@", "[", "`", "{", "1"}) {
            assertFalse(bad, Bytes.isLetters(ascii("ab" + bad + "c"), 0, 4));
            assertTrue(bad, Bytes.isLetters(ascii("ab" + bad + "c"), 0, 2));
        }
    }

    @Test
    public void pngEdges() {
        byte[] png = TestImages.png(2, 2);
        says(concat(png, new byte[] {7}), ErrorCode.BAD_IMAGE, "PNG has 1 bytes of data after IEND");
        says(Arrays.copyOf(png, 29), ErrorCode.TRUNCATED_IMAGE, "PNG chunk IHDR runs past the end of the file");
        says(Arrays.copyOf(png, 28), ErrorCode.TRUNCATED_IMAGE, "PNG ends inside its IHDR header");
        for (String type : new String[] {"ab@d", "ab[d", "ab`d", "ab{d", "ab1d"}) {
            UploadException e = refused(TestImages.pngWithChunks(png, TestImages.pngChunk(type, new byte[1])),
                    ErrorCode.BAD_IMAGE);
            assertTrue(e.getMessage(), e.getMessage().endsWith("is malformed"));
        }
        // a private chunk may end in "<svg": the text chunk after it is scanned from its own data on
        byte[] priv = TestImages.pngChunk("prIv", ascii("....<svg"));
        ok(TestImages.pngWithChunks(png, priv, TestImages.pngChunk("tEXt", ascii("k\0plain"))));
    }

    @Test
    public void pngBitDepthIsTheOnlyReasonForRefusal() {
        int[][] invalid = {{0, 3}, {3, 16}, {2, 4}, {4, 2}, {6, 1}, {1, 8}, {5, 8}, {7, 8}};
        for (int[] v : invalid) {
            int channels = PngInspector.channels(v[0]);
            byte[] exact = ImageBombTest.zlib(new byte[2 * (1 + (3 * channels * v[1] + 7) / 8)]);
            UploadException e = refused(ImageBombTest.png(3, 2, v[0], v[1], 0, exact), ErrorCode.BAD_IMAGE);
            assertTrue(e.getMessage(), e.getMessage().contains("invalid color type"));
        }
    }

    @Test
    public void detectionBeatsTooShort() {
        says(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, ErrorCode.TRUNCATED_IMAGE, "JPEG ends inside a marker");
        says(ascii("GIF89a"), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside its header");
        says(ascii("GIF87"), ErrorCode.TRUNCATED_IMAGE, "the upload is too short to be an image (5 bytes)");
    }

    /** GIF89a, 2×2, with a 2-entry global color table (6 bytes): the header part is 19 bytes. */
    private static final byte[] GIF_HEAD = concat(ascii("GIF89a"), new byte[] {2, 0, 2, 0, (byte) 0x80, 0, 0},
            new byte[6]);
    private static final byte[] COMMENT = concat(new byte[] {0x21, (byte) 0xFE, 2}, ascii("hi"), new byte[] {0});
    private static final byte[] LOOP = concat(new byte[] {0x21, (byte) 0xFF, 11}, ascii("NETSCAPE2.0"),
            new byte[] {3, 1, 0, 0, 0});
    private static final byte[] IMAGE = {0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0};

    @Test
    public void gifEdges() {
        byte[] gif = concat(GIF_HEAD, COMMENT, LOOP, IMAGE, new byte[] {0x3B});
        ImageInspector.Info info = ok(gif);
        assertEquals(5, info.parts().size());
        assertEquals(new ImageInspector.Part("header", 0, 19), info.parts().get(0));
        assertEquals(new ImageInspector.Part("comment", 19, 19 + COMMENT.length), info.parts().get(1));
        assertEquals("app:NETSCAPE2.0", info.parts().get(2).kind());
        says(concat(gif, new byte[] {0, 0, 0}), ErrorCode.BAD_IMAGE, "GIF has 3 bytes of data after its trailer");
        says(Arrays.copyOf(gif, 13), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside its color table");
        says(Arrays.copyOf(gif, 12), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside its header");
        says(Arrays.copyOf(gif, 19), ErrorCode.TRUNCATED_IMAGE, "GIF ends without its trailer (0x3B)");
        says(Arrays.copyOf(gif, 20), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside an extension");
        says(Arrays.copyOf(gif, 21), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside a data block");
        int image = 19 + COMMENT.length + LOOP.length;
        says(Arrays.copyOf(gif, image + 10), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside an image descriptor");
        says(Arrays.copyOf(gif, image + 11), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside a data block");
        // a local color table the file is too short for
        byte[] local = IMAGE.clone();
        local[9] = (byte) 0x87;
        says(concat(GIF_HEAD, local), ErrorCode.TRUNCATED_IMAGE, "GIF ends inside an image");
        byte[] noTable = concat(ascii("GIF89a"), new byte[] {2, 0, 2, 0, 0, 0, 0});
        says(noTable, ErrorCode.TRUNCATED_IMAGE, "GIF ends without its trailer (0x3B)");
        // an application extension with a short identifier at the end of the file is not an app
        byte[] shortApp = concat(GIF_HEAD, IMAGE, new byte[] {0x21, (byte) 0xFF, 2, 'a', 'b', 0, 0x3B});
        assertEquals("ext:FF", ok(shortApp).parts().get(2).kind());
    }

    @Test
    public void webpEdges() {
        byte[] webp = TestImages.webp1x1();
        says(concat(Arrays.copyOf(webp, 4), new byte[] {(byte) (webp.length - 8 - 5), 0, 0, 0},
                Arrays.copyOfRange(webp, 8, webp.length)), ErrorCode.BAD_IMAGE,
                "WebP has 5 bytes of data after its RIFF container");
        byte[] vp8l = Arrays.copyOfRange(webp, 12, webp.length);
        says(TestImages.riff(concat(vp8l, new byte[] {'A', 'B', 'C', 'D', 0, 0, 0})), ErrorCode.TRUNCATED_IMAGE,
                "WebP ends inside a chunk header");
        says(TestImages.riff(TestImages.riffChunk("VP8 ", new byte[8])), ErrorCode.TRUNCATED_IMAGE,
                "WebP VP8 header is too short");
        says(TestImages.riff(TestImages.riffChunk("VP8L", new byte[4])), ErrorCode.TRUNCATED_IMAGE,
                "WebP VP8L header is too short");
        says(TestImages.riff(TestImages.riffChunk("VP8X", new byte[8])), ErrorCode.TRUNCATED_IMAGE,
                "WebP VP8X header is too short");
        // an ICC profile may end in "<svg": the XMP chunk after it is scanned from its own data on
        byte[] vp8x = TestImages.riffChunk("VP8X", new byte[10]);
        ok(TestImages.riff(concat(vp8x, TestImages.riffChunk("ICCP", ascii("....<svg")), vp8l,
                TestImages.riffChunk("XMP ", ascii("plain")))));
    }
}
