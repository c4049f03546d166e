package io.parley.server.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.media.TestImages;

/** The upload suite with the bytes in PostgreSQL's media table instead of the data directory. */
public class UploadOnPostgresTest extends UploadTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }

    /** Noise does not compress: a PNG of several 64 KB read chunks (PostgresMedia.CHUNK) must come back whole. */
    @Test
    public void anImageLargerThanOneReadChunkIsServedWhole() throws Exception {
        BufferedImage img = new BufferedImage(280, 250, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < 250; y++) {
            for (int x = 0; x < 280; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        byte[] png = TestImages.write(img, "png");
        assertTrue("png of " + png.length + " bytes", png.length > 3 * 64 * 1024 && png.length <= CAP);
        JsonNode up = uploadOk(png, "image/png", 280, 250);
        assertArrayEquals(png, assertServed(up).body());
        assertEquals(png.length, count("SELECT size FROM media"));
    }
}
