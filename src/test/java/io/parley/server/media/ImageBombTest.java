package io.parley.server.media;

import static io.parley.server.media.TestImages.concat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.Test;

import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;

/** Decompression bombs and the size bounds behind them: PNG inflate cap, frame pixels, pixels per byte. */
public class ImageBombTest {
    private static final long CAP = ServerConfig.DEFAULT_MAX_UPLOAD_PIXELS;

    static UploadException refused(byte[] d, ErrorCode code) {
        return ImageInspectorTest.refused(d, code, code == ErrorCode.TOO_MANY_PIXELS ? 422 : 400);
    }

    static ImageInspector.Info ok(byte[] d) {
        return ImageInspectorTest.ok(d);
    }

    /** zlib of `zeros` zero bytes, written in pieces so a huge stream costs no memory. */
    static byte[] zlibZeros(long zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] block = new byte[1 << 16];
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            for (long left = zeros; left > 0; left -= block.length) {
                z.write(block, 0, (int) Math.min(block.length, left));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static byte[] zlib(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(raw);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** A PNG with the given header fields and IDAT chunks (each given as its data). */
    static byte[] png(long w, long h, int colorType, int depth, int interlace, byte[]... idats) {
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt((int) w).putInt((int) h).put((byte) depth).put((byte) colorType).put((byte) 0).put((byte) 0)
                .put((byte) interlace);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ImageInspector.PNG_MAGIC);
        out.writeBytes(TestImages.pngChunk("IHDR", ihdr.array()));
        for (byte[] idat : idats) {
            out.writeBytes(TestImages.pngChunk("IDAT", idat));
        }
        out.writeBytes(TestImages.pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    @Test
    public void aSmallPngClaiming36MegapixelsIsABomb() {
        // 6000×6000 gray: 36 MB of zero rows deflate to ~35 KB; refused from the header, never inflated
        byte[] bomb = png(6000, 6000, 0, 8, 0, zlibZeros(6000L * 6001));
        assertTrue("about 35 KB: " + bomb.length, bomb.length > 30_000 && bomb.length < 40_000);
        UploadException e = refused(bomb, ErrorCode.BAD_IMAGE);
        assertTrue(e.getMessage(), e.getMessage().contains("decompression bomb"));
        assertTrue(e.getMessage(), e.getMessage().contains("36000000 pixels"));
    }

    /**
     * 256 MB of zeros as a zlib stream, built in milliseconds: one 1 MB block deflated with a full
     * flush (byte-aligned, no back-references across it) repeated 256 times, then an empty final
     * block and the Adler-32 of 256 MB of zeros.
     */
    static byte[] zeros256m() {
        int block = 1 << 20;
        int times = 256;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[block]);
        byte[] buf = new byte[block];
        int n = deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xDA);
        for (int i = 0; i < times; i++) {
            out.write(buf, 0, n);
        }
        out.write(0x03); // a final, empty fixed-Huffman block
        out.write(0x00);
        long total = (long) block * times;
        long adler = ((total % 65521) << 16) | 1; // Adler-32 of zeros: a = 1, b = length mod 65521
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) adler).array());
        return out.toByteArray();
    }

    @Test
    public void theTwoHundredFiftySixMegabyteStreamIsRealZlib() throws Exception {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        inflater.setInput(zeros256m());
        byte[] chunk = new byte[1 << 20];
        long total = 0;
        while (!inflater.finished()) {
            int got = inflater.inflate(chunk);
            if (got == 0 && inflater.needsInput()) {
                break;
            }
            total += got;
        }
        assertTrue(inflater.finished());
        inflater.end();
        assertEquals(256L << 20, total);
    }

    @Test
    public void aOneByOnePngWhoseDataInflatesTo256MegabytesIsRefused() {
        byte[] bomb = png(1, 1, 0, 8, 0, zeros256m());
        UploadException e = refused(bomb, ErrorCode.BAD_IMAGE);
        assertTrue(e.getMessage(), e.getMessage().contains("more than the 2 bytes"));
    }

    @Test
    public void pngDataMustInflateToExactlyWhatTheHeaderImplies() {
        // 3×2 RGB 8-bit: 2 rows of (1 filter byte + 9 sample bytes)
        assertEquals(3, ok(png(3, 2, 2, 8, 0, zlib(new byte[20]))).width());
        refused(png(3, 2, 2, 8, 0, zlib(new byte[21])), ErrorCode.BAD_IMAGE);
        refused(png(3, 2, 2, 8, 0, zlib(new byte[19])), ErrorCode.TRUNCATED_IMAGE);
        // split over several IDAT chunks, as encoders do
        byte[] z = zlib(new byte[20]);
        ok(png(3, 2, 2, 8, 0, java.util.Arrays.copyOf(z, 5), java.util.Arrays.copyOfRange(z, 5, z.length)));
        // the stream cut short, a corrupt stream, data after its end, a preset dictionary
        refused(png(3, 2, 2, 8, 0, java.util.Arrays.copyOf(z, z.length - 3)), ErrorCode.TRUNCATED_IMAGE);
        byte[] corrupt = z.clone();
        corrupt[2] = (byte) 0xFF; // a reserved block type
        refused(png(3, 2, 2, 8, 0, corrupt), ErrorCode.BAD_IMAGE);
        refused(png(3, 2, 2, 8, 0, z, new byte[] {1}), ErrorCode.BAD_IMAGE);
        ok(png(3, 2, 2, 8, 0, z, new byte[0]));
        refused(png(3, 2, 2, 8, 0, new byte[] {0x78, (byte) 0xBB, 0, 0, 0, 1, 3, 0}), ErrorCode.BAD_IMAGE);
        // 1-bit gray rounds each row up to whole bytes: 9 pixels are 2 bytes (+1 filter byte)
        ok(png(9, 4, 0, 1, 0, zlib(new byte[12])));
        refused(png(9, 4, 0, 1, 0, zlib(new byte[16])), ErrorCode.BAD_IMAGE);
        // 16-bit gray+alpha: 4 bytes a pixel; RGBA 16-bit: 8
        ok(png(5, 3, 4, 16, 0, zlib(new byte[3 * 21])));
        ok(png(5, 3, 6, 16, 0, zlib(new byte[3 * 41])));
        ok(png(5, 3, 3, 4, 0, zlib(new byte[3 * 4])));
        // unknown compression / filter / interlace methods
        refused(png(3, 2, 2, 8, 2, zlib(new byte[20])), ErrorCode.BAD_IMAGE);
        byte[] badMethod = png(3, 2, 2, 8, 0, zlib(new byte[20]));
        badMethod[26] = 1;
        refused(fixIhdrCrc(badMethod), ErrorCode.BAD_IMAGE);
        badMethod[26] = 0;
        badMethod[27] = 1;
        refused(fixIhdrCrc(badMethod), ErrorCode.BAD_IMAGE);
    }

    @Test
    public void adam7InterlacedSizes() {
        // 1×1: only pass 1 (1 + 1 byte); 3×3 gray 8-bit passes: 1,(none),1,1,2,3,3 rows … counted by hand
        ok(png(1, 1, 0, 8, 1, zlib(new byte[2])));
        refused(png(1, 1, 0, 8, 1, zlib(new byte[3])), ErrorCode.BAD_IMAGE);
        // 3×3: pass1 1×1 (2), pass2 none, pass3 none (y0=4), pass4 1×1 (2), pass5 2×1 (3), pass6 1×2 (4), pass7 3×1 (4)
        ok(png(3, 3, 0, 8, 1, zlib(new byte[15])));
        refused(png(3, 3, 0, 8, 1, zlib(new byte[14])), ErrorCode.TRUNCATED_IMAGE);
        // what ImageIO writes when asked to interlace
        for (int type : new int[] {BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_INDEXED}) {
            BufferedImage img = new BufferedImage(13, 7, type);
            img.setRGB(3, 4, 0xFF123456);
            assertEquals(13, ok(interlaced(img)).width());
            assertEquals(7, ok(TestImages.write(img, "png")).height());
        }
    }

    static byte[] interlaced(BufferedImage img) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            writer.dispose();
            byte[] png = out.toByteArray();
            assertEquals("Adam7", 1, png[28]);
            return png;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] fixIhdrCrc(byte[] png) {
        byte[] fixed = png.clone();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(fixed, 12, 17);
        ByteBuffer.wrap(fixed, 29, 4).putInt((int) crc.getValue());
        return fixed;
    }

    @Test
    public void pixelBudgetBoundaries() throws Exception {
        PixelBudget.checkRatio("x", PixelBudget.FREE_PIXELS, 1); // at the free allowance any ratio is fine
        PixelBudget.checkRatio("x", 256 * 20_000L, 20_000);      // exactly 256 pixels a byte
        try {
            PixelBudget.checkRatio("x", 256 * 20_000L + 1, 20_000);
            fail("one pixel over");
        } catch (UploadException e) {
            assertEquals(ErrorCode.BAD_IMAGE, e.code());
        }
        PixelBudget.checkSize("x", PixelBudget.MAX_SIDE, 1, Long.MAX_VALUE);
        PixelBudget.checkSize("x", 1, PixelBudget.MAX_SIDE, Long.MAX_VALUE);
        for (long[] bad : new long[][] {{PixelBudget.MAX_SIDE + 1, 1}, {1, PixelBudget.MAX_SIDE + 1}}) {
            try {
                PixelBudget.checkSize("x", bad[0], bad[1], Long.MAX_VALUE);
                fail("side " + bad[0] + "x" + bad[1]);
            } catch (UploadException e) {
                assertEquals(ErrorCode.TOO_MANY_PIXELS, e.code());
            }
        }
        for (long[] bad : new long[][] {{0, 1}, {1, 0}, {-1, 5}}) {
            try {
                PixelBudget.checkSize("x", bad[0], bad[1], Long.MAX_VALUE);
                fail("side " + bad[0] + "x" + bad[1]);
            } catch (UploadException e) {
                assertEquals(ErrorCode.BAD_IMAGE, e.code());
            }
        }
    }

    // ---- GIF ----

    /** A GIF89a screen of sw×sh with the given frames (each {w, h}) of 2 LZW bytes each. */
    static byte[] gif(int sw, int sh, int[]... frames) {
        ByteBuffer b = ByteBuffer.allocate(13 + frames.length * 16 + 1).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(TestImages.ascii("GIF89a")).putShort((short) sw).putShort((short) sh).put((byte) 0).put((byte) 0)
                .put((byte) 0);
        for (int[] f : frames) {
            b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) f[0]).putShort((short) f[1])
                    .put((byte) 0).put((byte) 2).put((byte) 2).put((byte) 0x44).put((byte) 0x01).put((byte) 0);
        }
        b.put((byte) 0x3B);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    public void everyGifFrameIsCappedAndAllFramesCountAgainstTheFileSize() {
        ok(gif(1, 1, new int[] {1, 1}));
        ok(gif(100, 100, new int[] {100, 100}, new int[] {50, 50}));
        // a 1×1 screen carrying a 60000×60000 frame
        refused(gif(1, 1, new int[] {60_000, 60_000}), ErrorCode.TOO_MANY_PIXELS);
        // a width or height of 0 in a frame counts as 1 (browsers draw nothing), not as a division
        ok(gif(10, 10, new int[] {0, 0}));
        // 12 frames of 1000×1000 in ~200 bytes: 12 MP of decoding for nothing
        int[][] frames = new int[12][];
        java.util.Arrays.fill(frames, new int[] {1000, 1000});
        UploadException e = refused(gif(1000, 1000, frames), ErrorCode.BAD_IMAGE);
        assertTrue(e.getMessage(), e.getMessage().contains("12000000 pixels"));
        // the screen alone counts too (a 3000×3000 screen of one tiny frame)
        refused(gif(3000, 3000, new int[] {1, 1}), ErrorCode.BAD_IMAGE);
        ok(gif(2000, 2000, new int[] {1, 1}));
    }

    @Test
    public void gifColorTablesAreSkippedBySize() {
        // global table of 2^(1+1) = 4 entries (12 bytes) and a local table of 2 entries (6 bytes)
        byte[] plain = gif(4, 4, new int[] {4, 4});
        byte[] withTables = concat(java.util.Arrays.copyOf(plain, 10), new byte[] {(byte) 0x81, 0, 0}, new byte[12],
                java.util.Arrays.copyOfRange(plain, 13, 22), new byte[] {(byte) 0x80}, new byte[6],
                java.util.Arrays.copyOfRange(plain, 23, plain.length));
        ImageInspector.Info info = ok(withTables);
        assertEquals(13 + 12, info.parts().get(0).end());
        assertEquals(withTables.length - 1, info.parts().get(1).end());
        // the declared global table runs past the end
        refused(concat(java.util.Arrays.copyOf(plain, 10), new byte[] {(byte) 0x87, 0, 0}, new byte[30]),
                ErrorCode.TRUNCATED_IMAGE);
    }

    // ---- WebP ----

    /** A chunk of length bytes holding width − 1 and height − 1 as 24-bit little-endian at offset at. */
    private static byte[] sized(String fourcc, int length, int at, int w, int h) {
        byte[] b = new byte[length];
        for (int i = 0; i < 3; i++) {
            b[at + i] = (byte) ((w - 1) >> (8 * i));
            b[at + 3 + i] = (byte) ((h - 1) >> (8 * i));
        }
        return TestImages.riffChunk(fourcc, b);
    }

    static byte[] vp8x(int canvasW, int canvasH) {
        return sized("VP8X", 10, 4, canvasW, canvasH);
    }

    static byte[] anmf(int w, int h) {
        return sized("ANMF", 16, 6, w, h);
    }

    @Test
    public void webpDimensionsUseAll24Bits() {
        byte[] vp8l = java.util.Arrays.copyOfRange(TestImages.webp1x1(), 12, TestImages.webp1x1().length);
        // 70000 × 1: width needs the third byte (70000 - 1 = 0x01116F)
        ImageInspector.Info wide = ok(TestImages.riff(concat(vp8x(70_000, 1), vp8l)));
        assertEquals(70_000, wide.width());
        assertEquals(1, wide.height());
        ImageInspector.Info tall = ok(TestImages.riff(concat(vp8x(1, 65_536), vp8l)));
        assertEquals(65_536, tall.height());
        // 131072 × 1 is over the longest side; read as 16 bits it would look like 65536
        refused(TestImages.riff(concat(vp8x(131_072, 1), vp8l)), ErrorCode.TOO_MANY_PIXELS);
        refused(TestImages.riff(concat(vp8x(1, 131_072), vp8l)), ErrorCode.TOO_MANY_PIXELS);
    }

    @Test
    public void webpAnimationFramesAreCappedAndCounted() {
        ok(TestImages.riff(concat(vp8x(100, 100), anmf(100, 100), anmf(50, 50))));
        refused(TestImages.riff(concat(vp8x(100, 100), anmf(20_000, 20_000))), ErrorCode.TOO_MANY_PIXELS);
        refused(TestImages.riff(concat(vp8x(100, 100), anmf(100_001, 1))), ErrorCode.TOO_MANY_PIXELS);
        // 10 frames of 1000×1000 in ~300 bytes
        byte[][] parts = new byte[11][];
        parts[0] = vp8x(1000, 1000);
        for (int i = 1; i < parts.length; i++) {
            parts[i] = anmf(1000, 1000);
        }
        UploadException e = refused(TestImages.riff(concat(parts)), ErrorCode.BAD_IMAGE);
        assertTrue(e.getMessage(), e.getMessage().contains("10000000 pixels"));
        // a canvas of 2500×2000 over one small frame is still 5 MP of canvas
        refused(TestImages.riff(concat(vp8x(2500, 2000), anmf(1, 1))), ErrorCode.BAD_IMAGE);
        // a frame header cut short
        refused(TestImages.riff(concat(vp8x(10, 10), TestImages.riffChunk("ANMF", new byte[14]))),
                ErrorCode.TRUNCATED_IMAGE);
        ok(TestImages.riff(concat(vp8x(10, 10), TestImages.riffChunk("ANMF", new byte[16]))));
    }

    // ---- JPEG ----

    @Test
    public void jpegScansAreCounted() {
        byte[] jpeg = TestImages.jpeg(8, 8);
        ImageInspector.Info info = ok(jpeg);
        ImageInspector.Part scan = info.parts().stream().filter(p -> p.kind().equals("DA")).findFirst().orElseThrow();
        byte[] oneScan = java.util.Arrays.copyOfRange(jpeg, scan.start(), scan.end());
        byte[] head = java.util.Arrays.copyOf(jpeg, scan.start());
        byte[] tail = java.util.Arrays.copyOfRange(jpeg, scan.end(), jpeg.length);
        byte[][] many = new byte[JpegInspector.MAX_SCANS + 2][];
        many[0] = head;
        for (int i = 1; i <= JpegInspector.MAX_SCANS; i++) {
            many[i] = oneScan;
        }
        many[many.length - 1] = tail;
        ok(concat(many));
        many[many.length - 1] = oneScan;
        refused(concat(concat(many), tail), ErrorCode.BAD_IMAGE);
        // a frame header of 5000×5000 in a tiny file
        byte[] big = jpeg.clone();
        for (ImageInspector.Part p : info.parts()) {
            if (p.kind().equals("C0")) {
                ByteBuffer.wrap(big, p.start() + 5, 4).putShort((short) 5000).putShort((short) 5000);
            }
        }
        refused(big, ErrorCode.BAD_IMAGE);
    }
}
