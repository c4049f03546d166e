package io.parley.server.media;

import static io.parley.server.media.ImageBombTest.ok;
import static io.parley.server.media.ImageBombTest.refused;
import static io.parley.server.media.TestImages.ascii;
import static io.parley.server.media.TestImages.concat;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;

import io.parley.protocol.ErrorCode;

/**
 * Markup in each text-bearing part, using payloads the whole-file {@code <script>} scan does not
 * catch: {@code <svg onload=...>} and a bare {@code javascript:} URL. The same bytes outside those
 * parts (or as harmless text inside them) are accepted, so each per-part scan is what refuses.
 */
public class MarkupScanTest {
    private static final String[] PAYLOADS = {"<svg onload=alert(1)>", "JavaScript:alert(document.domain)"};

    private static void refusedNaming(byte[] d, String where) {
        UploadException e = refused(d, ErrorCode.BAD_IMAGE);
        assertTrue(e.getMessage(), e.getMessage().contains(where));
        assertTrue(e.getMessage(), e.getMessage().contains("markup"));
    }

    @Test
    public void pngTextChunks() {
        byte[] png = TestImages.png(3, 3);
        for (String type : new String[] {"tEXt", "zTXt", "iTXt", "eXIf"}) {
            for (String payload : PAYLOADS) {
                refusedNaming(TestImages.pngWithChunks(png, TestImages.pngChunk(type, ascii("Comment\0" + payload))),
                        "PNG " + type + " chunk");
            }
            ok(TestImages.pngWithChunks(png, TestImages.pngChunk(type, ascii("Comment\0a cat on a sofa"))));
        }
        // the same payload in a private ancillary chunk is dropped by the stripper, not refused
        ok(TestImages.pngWithChunks(png, TestImages.pngChunk("prIv", ascii(PAYLOADS[0]))));
    }

    @Test
    public void jpegAppAndCommentSegments() {
        byte[] jpeg = TestImages.jpeg(3, 3);
        for (int marker : new int[] {0xE0, 0xE1, 0xE2, 0xED, 0xEF, 0xFE}) {
            String where = marker == 0xFE ? "JPEG comment segment" : "JPEG APP" + (marker - 0xE0) + " segment";
            for (String payload : PAYLOADS) {
                refusedNaming(concat(Arrays.copyOf(jpeg, 2), TestImages.segment(marker, ascii(payload)),
                        Arrays.copyOfRange(jpeg, 2, jpeg.length)), where);
            }
            ok(concat(Arrays.copyOf(jpeg, 2), TestImages.segment(marker, ascii("harmless")),
                    Arrays.copyOfRange(jpeg, 2, jpeg.length)));
        }
        // the first bytes after the length are scanned too (p + 2, not later)
        refusedNaming(concat(Arrays.copyOf(jpeg, 2), TestImages.segment(0xE1, ascii("<svg")),
                Arrays.copyOfRange(jpeg, 2, jpeg.length)), "APP1");
    }

    @Test
    public void gifComments() {
        byte[] gif = TestImages.gif(3, 3);
        for (String payload : PAYLOADS) {
            byte[] comment = concat(new byte[] {0x21, (byte) 0xFE, (byte) payload.length()}, ascii(payload), new byte[] {0});
            refusedNaming(concat(Arrays.copyOf(gif, gif.length - 1), comment, new byte[] {0x3B}), "GIF comment");
            // the same bytes in a plain-text extension are not a comment
            byte[] text = concat(new byte[] {0x21, 0x01, (byte) payload.length()}, ascii(payload), new byte[] {0});
            ok(concat(Arrays.copyOf(gif, gif.length - 1), text, new byte[] {0x3B}));
        }
    }

    @Test
    public void webpExifAndXmpChunks() {
        byte[] simple = TestImages.webp1x1();
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length);
        byte[] vp8x = TestImages.riffChunk("VP8X", new byte[10]);
        for (String fourcc : new String[] {"EXIF", "XMP "}) {
            for (String payload : PAYLOADS) {
                refusedNaming(TestImages.riff(concat(vp8x, vp8l, TestImages.riffChunk(fourcc, ascii(payload)))),
                        "WebP " + fourcc.trim() + " chunk");
                refusedNaming(TestImages.riff(concat(vp8x, vp8l, TestImages.riffChunk(fourcc, ascii(payload + "x")))),
                        "WebP " + fourcc.trim() + " chunk");
            }
            ok(TestImages.riff(concat(vp8x, vp8l, TestImages.riffChunk(fourcc, ascii("harmless")))));
        }
        ok(TestImages.riff(concat(vp8x, vp8l, TestImages.riffChunk("ICCP", ascii(PAYLOADS[1])))));
    }

    @Test
    public void scriptAnywhereIsRefused() {
        byte[] png = TestImages.png(3, 3);
        UploadException e = refused(TestImages.pngWithChunks(png, TestImages.pngChunk("prIv", ascii("<ScRiPt>"))),
                ErrorCode.BAD_IMAGE);
        assertTrue(e.getMessage(), e.getMessage().contains("<script>"));
    }
}
