package io.parley.server.media;

import static io.parley.server.media.ImageBombTest.ok;
import static io.parley.server.media.TestImages.ascii;
import static io.parley.server.media.TestImages.concat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import io.parley.protocol.ErrorCode;

/** What the stripper keeps and drops per format, the WebP header it rewrites, and the EXIF reader's bounds. */
public class MetadataStripperTest {
    private static byte[] gifWith(byte[]... extensions) {
        byte[] gif = TestImages.gif(3, 3);
        byte[][] parts = new byte[extensions.length + 2][];
        parts[0] = Arrays.copyOf(gif, gif.length - 1);
        System.arraycopy(extensions, 0, parts, 1, extensions.length);
        parts[parts.length - 1] = new byte[] {0x3B};
        return concat(parts);
    }

    /** An application extension with an 11-byte identifier and one data sub-block. */
    private static byte[] appExtension(String id11, byte[] data) {
        return concat(new byte[] {0x21, (byte) 0xFF, 11}, ascii(id11), new byte[] {(byte) data.length}, data,
                new byte[] {0});
    }

    @Test
    public void gifDropsXmpAndUnknownApplicationsButKeepsLooping() throws Exception {
        byte[] loop = appExtension("NETSCAPE2.0", new byte[] {1, 0, 0});
        byte[] anim = appExtension("ANIMEXTS1.0", new byte[] {1, 0, 0});
        byte[] xmp = appExtension("XMP DataXMP", ascii("<x:xmpmeta>GPS 52.52</x:xmpmeta>"));
        byte[] odd = concat(new byte[] {0x21, (byte) 0xFF, 3}, ascii("abc"), new byte[] {0}); // no 11-byte id
        byte[] gce = {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0};
        byte[] with = gifWith(loop, xmp, anim, odd, gce);
        byte[] clean = MetadataStripper.strip(with, ok(with));
        assertFalse(TestImages.contains(clean, "XMP"));
        assertFalse(TestImages.contains(clean, "GPS"));
        assertFalse(TestImages.contains(clean, "abc"));
        assertArrayEquals(gifWith(loop, anim, gce), clean);
    }

    private static byte[] jpegWith(byte[]... segments) {
        byte[] jpeg = TestImages.jpeg(4, 4);
        byte[][] parts = new byte[segments.length + 2][];
        parts[0] = Arrays.copyOf(jpeg, 2);
        System.arraycopy(segments, 0, parts, 1, segments.length);
        parts[parts.length - 1] = Arrays.copyOfRange(jpeg, 2, jpeg.length);
        return concat(parts);
    }

    @Test
    public void jpegKeepsIccAndAdobeDropsMpfAndOtherApps() throws Exception {
        byte[] icc = TestImages.segment(0xE2, concat(ascii("ICC_PROFILE\0"), new byte[] {1, 1, 9, 9}));
        byte[] mpf = TestImages.segment(0xE2, concat(ascii("MPF\0"), ascii("MM second image GPS")));
        byte[] shortApp2 = TestImages.segment(0xE2, ascii("ICC")); // too short to be a profile
        byte[] adobe = TestImages.segment(0xEE, ascii("Adobe\0\1\0\0\0\0\1"));
        byte[] iptc = TestImages.segment(0xED, ascii("Photoshop 3.0 GPS"));
        byte[] app15 = TestImages.segment(0xEF, ascii("maker GPS"));
        byte[] app3 = TestImages.segment(0xE3, ascii("meta GPS"));
        byte[] with = jpegWith(icc, mpf, shortApp2, adobe, iptc, app15, app3);
        byte[] clean = MetadataStripper.strip(with, ok(with));
        assertFalse(TestImages.contains(clean, "MPF"));
        assertFalse(TestImages.contains(clean, "GPS"));
        assertArrayEquals(jpegWith(icc, adobe), clean);
    }

    @Test
    public void pngKeepsAnimationAndColorChunks() throws Exception {
        byte[] png = TestImages.png(4, 4);
        List<byte[]> kept = List.of(TestImages.pngChunk("sRGB", new byte[] {0}),
                TestImages.pngChunk("pHYs", new byte[9]), TestImages.pngChunk("acTL", new byte[8]));
        byte[] with = TestImages.pngWithChunks(png, kept.get(0), TestImages.pngChunk("tIME", new byte[7]), kept.get(1),
                TestImages.pngChunk("zTXt", ascii("k\0\0xx")), kept.get(2));
        byte[] clean = MetadataStripper.strip(with, ok(with));
        assertArrayEquals(TestImages.pngWithChunks(png, kept.get(0), kept.get(1), kept.get(2)), clean);
    }

    @Test
    public void strippedWebpOver255BytesGetsAFullRiffSize() throws Exception {
        byte[] simple = TestImages.webp1x1();
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length);
        byte[] flags = new byte[10];
        flags[0] = 0x08 | 0x04 | 0x20; // EXIF, XMP, ICC
        byte[] icc = TestImages.riffChunk("ICCP", new byte[70_000]); // kept: the result is > 65535 bytes
        byte[] exif = TestImages.riffChunk("EXIF", TestImages.exifTiff());
        byte[] xmp = TestImages.riffChunk("XMP ", ascii("<x:xmpmeta>GPS</x:xmpmeta>"));
        byte[] unknown = TestImages.riffChunk("ABCD", new byte[300]);
        byte[] with = TestImages.riff(concat(TestImages.riffChunk("VP8X", flags), icc, vp8l, exif, xmp, unknown));
        byte[] clean = MetadataStripper.strip(with, ok(with));
        byte[] cleanFlags = flags.clone();
        cleanFlags[0] = 0x20;
        byte[] expected = TestImages.riff(concat(TestImages.riffChunk("VP8X", cleanFlags), icc, vp8l));
        assertArrayEquals(expected, clean);
        assertTrue(clean.length > 65_535);
        assertEquals(clean.length - 8, Bytes.le32(clean, 4));
        ok(clean);
    }

    // ---- EXIF orientation reader ----

    /** "Exif\0\0" + a TIFF header of the given byte order with IFD0 at 8 holding entries. */
    private static byte[] exif(ByteOrder order, int declaredEntries, int[]... entries) {
        ByteBuffer b = ByteBuffer.allocate(6 + 8 + 2 + 12 * entries.length).order(order);
        b.put(ascii("Exif\0\0")).put(order == ByteOrder.BIG_ENDIAN ? ascii("MM") : ascii("II")).putShort((short) 42)
                .putInt(8).putShort((short) declaredEntries);
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]).putShort((short) e[3]).putShort((short) 0);
        }
        return b.array();
    }

    private static int orientation(byte[] exif) {
        return MetadataStripper.exifOrientation(exif, 0, exif.length);
    }

    @Test
    public void exifOrientationInEitherByteOrder() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            assertEquals(6, orientation(exif(order, 1, new int[] {0x0112, 3, 1, 6})));
            assertEquals(8, orientation(exif(order, 2, new int[] {0x010F, 2, 4, 0}, new int[] {0x0112, 3, 1, 8})));
            assertEquals(1, orientation(exif(order, 1, new int[] {0x0112, 3, 1, 1})));
            assertEquals(0, orientation(exif(order, 1, new int[] {0x0112, 3, 1, 9})));   // not an orientation
            assertEquals(0, orientation(exif(order, 1, new int[] {0x0112, 3, 1, 0})));
            assertEquals(0, orientation(exif(order, 1, new int[] {0x0112, 4, 1, 6})));   // wrong type
            assertEquals(0, orientation(exif(order, 1, new int[] {0x0112, 3, 2, 6})));   // two values
            assertEquals(0, orientation(exif(order, 1, new int[] {0x0113, 3, 1, 6})));   // another tag
        }
    }

    @Test
    public void exifDirectoryEntriesAreBoundsChecked() {
        // IFD0 declares 3 entries but the segment ends after the first (an unrelated tag): no read past it,
        // even when the array ends right there
        byte[] cut = exif(ByteOrder.BIG_ENDIAN, 3, new int[] {0x010F, 2, 4, 0});
        assertEquals(0, orientation(cut));
        // the orientation entry lies beyond the segment's end: not used
        byte[] whole = exif(ByteOrder.BIG_ENDIAN, 2, new int[] {0x010F, 2, 4, 0}, new int[] {0x0112, 3, 1, 6});
        assertEquals(6, orientation(whole));
        assertEquals(0, MetadataStripper.exifOrientation(whole, 0, whole.length - 1));
        assertEquals(0, MetadataStripper.exifOrientation(whole, 0, whole.length - 12));
        // an orientation entry after the declared count is not part of the directory
        assertEquals(0, orientation(exif(ByteOrder.BIG_ENDIAN, 1, new int[] {0x010F, 2, 4, 0}, new int[] {0x0112, 3, 1, 6})));
        // an entry ending exactly at the segment end is read
        assertEquals(6, MetadataStripper.exifOrientation(concat(whole, new byte[5]), 0, whole.length));
    }

    @Test
    public void exifHeaderIsChecked() {
        byte[] good = exif(ByteOrder.BIG_ENDIAN, 1, new int[] {0x0112, 3, 1, 3});
        assertEquals(3, orientation(good));
        byte[] notExif = good.clone();
        notExif[0] = 'e';
        assertEquals(0, orientation(notExif));
        byte[] badOrder = good.clone();
        badOrder[6] = 'X';
        badOrder[7] = 'X';
        assertEquals(0, orientation(badOrder));
        byte[] mixedOrder = good.clone();
        mixedOrder[7] = 'I';
        assertEquals(0, orientation(mixedOrder));
        byte[] not42 = good.clone();
        not42[9] = 43;
        assertEquals(0, orientation(not42));
        for (int ifd : new int[] {7, good.length - 6 - 1, 0x7FFFFFFF}) {
            byte[] badIfd = good.clone();
            ByteBuffer.wrap(badIfd, 10, 4).putInt(ifd);
            assertEquals("ifd " + ifd, 0, orientation(badIfd));
        }
        // IFD0 at its last possible place: the entry count itself is the last 2 bytes
        byte[] lastPlace = good.clone();
        ByteBuffer.wrap(lastPlace, 10, 4).putInt(good.length - 6 - 2);
        assertEquals(0, orientation(lastPlace));
        assertEquals(0, MetadataStripper.exifOrientation(good, 0, 6 + 7)); // TIFF header cut short
        assertEquals(3, MetadataStripper.exifOrientation(concat(new byte[3], good), 3, 3 + good.length));
    }

    @Test
    public void aTruncatedExifInAJpegGivesAClearErrorNotAnException() throws Exception {
        // the EXIF block declares many entries; the segment really ends after the header
        byte[] exif = exif(ByteOrder.BIG_ENDIAN, 200);
        byte[] jpeg = jpegWith(TestImages.segment(0xE1, exif));
        byte[] clean = MetadataStripper.strip(jpeg, ok(jpeg));
        assertFalse(TestImages.contains(clean, "Exif"));
        // parts that lie about where they end (a caller bug) become bad_image, never an exception
        ImageInspector.Part app1 = ok(jpeg).parts().get(1);
        assertEquals("E1", app1.kind());
        ImageInspector.Info lying = new ImageInspector.Info(ImageInspector.Format.JPEG, 4, 4,
                List.of(new ImageInspector.Part("E1", app1.start(), jpeg.length + 100)));
        try {
            MetadataStripper.strip(jpeg, lying);
            fail("stripped a part beyond the file");
        } catch (UploadException e) {
            assertEquals(ErrorCode.BAD_IMAGE, e.code());
        }
    }
}
