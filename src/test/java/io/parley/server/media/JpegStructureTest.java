package io.parley.server.media;

import static io.parley.server.media.ImageBombTest.ok;
import static io.parley.server.media.ImageBombTest.refused;
import static io.parley.server.media.TestImages.ascii;
import static io.parley.server.media.TestImages.concat;
import static org.junit.Assert.assertEquals;

import java.util.Arrays;

import org.junit.Test;

import io.parley.protocol.ErrorCode;

/** The JPEG marker walk on hand-made files: frame markers, segment lengths, standalone and restart markers. */
public class JpegStructureTest {
    private static final byte[] SOI = {(byte) 0xFF, (byte) 0xD8};
    private static final byte[] EOI = {(byte) 0xFF, (byte) 0xD9};
    private static final byte[] SOS = {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0};

    /** A frame header of the given marker: 8-bit, 3 × 2 pixels, one component (length 11). */
    private static byte[] sof(int marker) {
        return new byte[] {(byte) 0xFF, (byte) marker, 0, 11, 8, 0, 2, 0, 3, 1, 1, 0x11, 0};
    }

    private static byte[] jpeg(byte[]... middle) {
        byte[][] all = new byte[middle.length + 2][];
        all[0] = SOI;
        System.arraycopy(middle, 0, all, 1, middle.length);
        all[all.length - 1] = EOI;
        return concat(all);
    }

    private static byte[] entropy(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    @Test
    public void everyFrameMarkerIsAFrame() {
        for (int m = 0xC0; m <= 0xCF; m++) {
            byte[] d = jpeg(sof(m), SOS, entropy(0x12, 0x34));
            if (m == 0xC4 || m == 0xC8 || m == 0xCC) {
                refused(d, ErrorCode.BAD_IMAGE); // DHT, JPG, DAC: a scan without a frame
            } else {
                ImageInspector.Info info = ok(d);
                assertEquals(3, info.width());
                assertEquals(2, info.height());
            }
        }
        refused(jpeg(sof(0xC0), sof(0xC2), SOS, entropy(1)), ErrorCode.BAD_IMAGE);        // two frames
        byte[] dnl = sof(0xC0);
        dnl[6] = 0; // height 0: defined later by a DNL segment
        refused(jpeg(dnl, SOS, entropy(1)), ErrorCode.BAD_IMAGE);
    }

    @Test
    public void segmentLengths() {
        byte[] shortest = {(byte) 0xFF, (byte) 0xC0, 0, 8, 8, 0, 1, 0, 1, 0}; // no components
        ok(jpeg(shortest, SOS, entropy(1)));
        byte[] tooShort = {(byte) 0xFF, (byte) 0xC0, 0, 7, 8, 0, 1, 0, 1};
        refused(jpeg(tooShort, SOS, entropy(1)), ErrorCode.BAD_IMAGE);
        ok(jpeg(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 2}, sof(0xC0), SOS, entropy(1)));          // an empty comment
        refused(jpeg(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}, sof(0xC0), SOS, entropy(1)), ErrorCode.BAD_IMAGE);
        refused(jpeg(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, sof(0xC0), SOS, entropy(1)), ErrorCode.BAD_IMAGE);
    }

    @Test
    public void standaloneFillAndForbiddenMarkers() {
        for (int m : new int[] {0xD0, 0xD7, 0x01}) {
            ImageInspector.Info info = ok(jpeg(new byte[] {(byte) 0xFF, (byte) m}, sof(0xC0), SOS, entropy(1)));
            assertEquals(new ImageInspector.Part(Bytes.hex(m), 2, 4), info.parts().get(1));
        }
        for (int m : new int[] {0x00, 0xD8}) {
            refused(jpeg(new byte[] {(byte) 0xFF, (byte) m}, sof(0xC0), SOS, entropy(1)), ErrorCode.BAD_IMAGE);
        }
        ImageInspector.Info filled = ok(jpeg(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, sof(0xC0), SOS, entropy(1)));
        assertEquals(new ImageInspector.Part("C0", 5, 18), filled.parts().get(1)); // the part starts at its last FF
        refused(jpeg(sof(0xC0), new byte[] {0x12}, SOS, entropy(1)), ErrorCode.BAD_IMAGE);        // not a marker
        refused(concat(jpeg(sof(0xC0), SOS, entropy(1)), new byte[] {0}), ErrorCode.BAD_IMAGE);  // after EOI
        refused(jpeg(sof(0xC0)), ErrorCode.BAD_IMAGE);                                           // no scan
    }

    @Test
    public void restartMarkersAndStuffingStayInsideTheScan() {
        byte[] d = jpeg(sof(0xC0), SOS, entropy(0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD7, 0x78, 0xFF, 0xFF, 0xD3));
        ImageInspector.Info info = ok(d);
        ImageInspector.Part scan = info.parts().get(info.parts().size() - 2);
        assertEquals("DA", scan.kind());
        assertEquals(d.length - 2, scan.end());
        // a marker other than RSTn ends the scan; a second scan follows
        byte[] two = jpeg(sof(0xC2), SOS, entropy(1, 2), SOS, entropy(3));
        assertEquals(4, ok(two).parts().size() - 1);
    }

    @Test
    public void theLengthBytesAreNotMetadata() {
        // a comment whose length field reads "<s" (0x3C73) followed by "vg": only the content is text
        byte[] com = new byte[2 + 0x3C73];
        com[0] = (byte) 0xFF;
        com[1] = (byte) 0xFE;
        com[2] = 0x3C;
        com[3] = 0x73;
        Arrays.fill(com, 4, com.length, (byte) 'a');
        com[4] = 'v';
        com[5] = 'g';
        ok(jpeg(com, sof(0xC0), SOS, entropy(1)));
        // but the content's own first bytes are
        byte[] svg = concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 6}, ascii("<svg"));
        refused(jpeg(svg, sof(0xC0), SOS, entropy(1)), ErrorCode.BAD_IMAGE);
    }
}
