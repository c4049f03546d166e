package io.parley.server.media;

import static io.parley.server.media.ImageBombTest.ok;
import static io.parley.server.media.ImageBombTest.png;
import static io.parley.server.media.ImageBombTest.refused;
import static io.parley.server.media.ImageBombTest.zlib;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;

/**
 * Every prefix of a valid image is refused as truncated, and no single corrupted byte makes the
 * inspector or the stripper throw anything but a clear {@link UploadException}: the bounds checks
 * are exact, never off by one.
 */
public class InspectorRobustnessTest {
    private static List<byte[]> samples() {
        return List.of(TestImages.png(5, 3), TestImages.jpeg(9, 7), TestImages.jpegWithExifGps(4, 4),
                TestImages.gif(6, 2), TestImages.webp1x1(), TestImages.webpWithExif(),
                ImageBombTest.interlaced(new java.awt.image.BufferedImage(3, 5, java.awt.image.BufferedImage.TYPE_INT_ARGB)),
                ImageBombTest.gif(4, 4, new int[] {4, 4}, new int[] {2, 2}),
                TestImages.concat(TestImages.ascii("GIF89a"), new byte[] {2, 0, 2, 0, (byte) 0x80, 0, 0}, new byte[6],
                        new byte[] {0x21, (byte) 0xFE, 2, 'h', 'i', 0, 0x21, (byte) 0xFF, 11}, TestImages.ascii("NETSCAPE2.0"),
                        new byte[] {3, 1, 0, 0, 0, 0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B}));
    }

    @Test
    public void everyPrefixIsTruncated() {
        for (byte[] img : samples()) {
            ok(img);
            for (int cut = 1; cut < img.length; cut++) {
                byte[] prefix = Arrays.copyOf(img, cut);
                try {
                    ImageInspector.Info info = ImageInspector.inspect(prefix, ServerConfig.DEFAULT_MAX_UPLOAD_PIXELS);
                    fail("a " + cut + "-byte prefix of a " + img.length + "-byte image was accepted as " + info.mime());
                } catch (UploadException e) {
                    assertEquals("cut at " + cut + " of " + img.length + ": " + e.getMessage(),
                            ErrorCode.TRUNCATED_IMAGE, e.code());
                } catch (RuntimeException e) {
                    throw new AssertionError("cut at " + cut + " of " + img.length + " threw " + e, e);
                }
            }
        }
    }

    @Test
    public void noCorruptByteThrowsAnythingElse() {
        for (byte[] img : samples()) {
            for (int at = 0; at < img.length; at++) {
                for (int value : new int[] {0x00, 0xFF, img[at] ^ 0x80, img[at] + 1}) {
                    byte[] bad = img.clone();
                    bad[at] = (byte) value;
                    try {
                        ImageInspector.Info info = ImageInspector.inspect(bad, ServerConfig.DEFAULT_MAX_UPLOAD_PIXELS);
                        MetadataStripper.strip(bad, info);
                    } catch (UploadException e) {
                        // refused clearly: fine
                    } catch (RuntimeException e) {
                        throw new AssertionError("byte " + at + " = " + value + " threw " + e, e);
                    }
                }
            }
        }
    }

    @Test
    public void pngColorTypesAndBitDepths() {
        int[][] valid = {{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {3, 1}, {3, 2}, {3, 4}, {3, 8}, {2, 8}, {2, 16},
            {4, 8}, {4, 16}, {6, 8}, {6, 16}};
        int[] channels = {1, 0, 3, 1, 2, 0, 4};
        for (int[] v : valid) {
            int bits = channels[v[0]] * v[1];
            ok(png(3, 2, v[0], v[1], 0, zlib(new byte[2 * (1 + (3 * bits + 7) / 8)])));
        }
        int[][] invalid = {{0, 3}, {0, 32}, {3, 16}, {3, 0}, {2, 4}, {2, 1}, {4, 2}, {6, 4}, {6, 1}, {1, 8}, {5, 8},
            {7, 8}, {8, 8}};
        for (int[] v : invalid) {
            refused(png(3, 2, v[0], v[1], 0, zlib(new byte[64])), ErrorCode.BAD_IMAGE);
        }
    }

    @Test
    public void formatsByExtension() {
        assertEquals(ImageInspector.Format.JPEG, ImageInspector.Format.ofExtension("jpg"));
        assertEquals(ImageInspector.Format.WEBP, ImageInspector.Format.ofExtension("webp"));
        assertEquals(null, ImageInspector.Format.ofExtension("svg"));
        assertEquals(null, ImageInspector.Format.ofExtension("jpeg"));
    }
}
