package io.parley.widget.media;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The pure parts, on the JVM. */
public class ImagePrepTest {
    @Test
    public void fitsTheLongEdgeAndKeepsTheRatio() {
        assertArrayEquals(new int[] { 2048, 1536 }, ImagePrep.fit(4000, 3000, 2048));
        assertArrayEquals(new int[] { 1536, 2048 }, ImagePrep.fit(3000, 4000, 2048));
        assertArrayEquals(new int[] { 2048, 683 }, ImagePrep.fit(3000, 1000, 2048));
        assertArrayEquals(new int[] { 2048, 1 }, ImagePrep.fit(100000, 10, 2048));
    }

    @Test
    public void neverUpscales() {
        assertArrayEquals(new int[] { 640, 480 }, ImagePrep.fit(640, 480, 2048));
        assertArrayEquals(new int[] { 2048, 2048 }, ImagePrep.fit(2048, 2048, 2048));
    }

    @Test
    public void fitsTheServersPixelCapToo() {
        assertArrayEquals(new int[] { 163, 122 }, ImagePrep.fit(400, 300, 2048, 20_000));
        // the edge first, then the pixel cap: 2048 × 1536 is 3.1 M pixels
        assertArrayEquals(new int[] { 1154, 866 }, ImagePrep.fit(4000, 3000, 2048, 1_000_000));
        assertArrayEquals(new int[] { 2048, 1536 }, ImagePrep.fit(4000, 3000, 2048, 1 / 0.0));
        assertArrayEquals(new int[] { 640, 480 }, ImagePrep.fit(640, 480, 2048, 640 * 480));
        assertArrayEquals(new int[] { 1, 1 }, ImagePrep.fit(100, 100, 2048, 1));
        for (int[] wh : new int[][] { { 3000, 7 }, { 999, 997 }, { 5, 100000 }, { 4032, 3024 } }) {
            for (double cap : new double[] { 9, 1000, 12345, 99999, 4_000_000 }) {
                int[] f = ImagePrep.fit(wh[0], wh[1], 2048, cap);
                assertEquals(wh[0] + "x" + wh[1] + " in " + cap, true, (double) f[0] * f[1] <= cap && f[0] >= 1 && f[1] >= 1);
            }
        }
    }

    @Test
    public void stringsHaveBothLocales() {
        assertEquals("zh-CN", MediaStrings.forLocale(null).lang);
        assertEquals("zh-CN", MediaStrings.forLocale("zh-TW").lang);
        assertEquals("en", MediaStrings.forLocale("en-GB").lang);
        assertEquals("Retake", MediaStrings.forLocale("en").retake);
        assertEquals("重拍", MediaStrings.forLocale("zh-CN").retake);
    }
}
