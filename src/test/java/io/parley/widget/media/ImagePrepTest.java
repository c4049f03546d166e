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
    public void stringsHaveBothLocales() {
        assertEquals("zh-CN", MediaStrings.forLocale(null).lang);
        assertEquals("zh-CN", MediaStrings.forLocale("zh-TW").lang);
        assertEquals("en", MediaStrings.forLocale("en-GB").lang);
        assertEquals("Retake", MediaStrings.forLocale("en").retake);
        assertEquals("重拍", MediaStrings.forLocale("zh-CN").retake);
    }
}
