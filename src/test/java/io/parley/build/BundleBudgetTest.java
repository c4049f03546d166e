package io.parley.build;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class BundleBudgetTest {
    private final PrintStream realOut = System.out;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private Path dir;

    @Before
    public void files() throws Exception {
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        dir = Files.createTempDirectory("budget");
        Files.write(dir.resolve("a.js"), noise(4000, 1));
        Files.write(dir.resolve("a.css"), noise(3000, 2));
    }

    @After
    public void restore() {
        System.setOut(realOut);
    }

    /** Incompressible bytes, so gzip sizes are close to raw sizes. */
    private static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private String out() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void gzipSizeIsTheSizeOfAValidGzipOfTheBytes() throws Exception {
        byte[] text = "abc".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        long size = BundleBudget.gzipSize(text);
        assertTrue("repetitive text compresses: " + size, size < 100);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(text);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
            assertEquals(3000, in.readAllBytes().length);
        }
        assertTrue(BundleBudget.gzipSize(noise(4000, 1)) > 4000);
    }

    @Test
    public void withinBudgetPassesAndPrintsEachLine() throws Exception {
        long js = BundleBudget.gzipSize(Files.readAllBytes(dir.resolve("a.js")));
        long both = js + BundleBudget.gzipSize(Files.readAllBytes(dir.resolve("a.css")));
        BundleBudget.main(new String[] { dir.toString(), "a.js=" + js, "a.js+a.css=" + both });
        assertTrue(out(), out().contains("[budget] a.js "));
        assertTrue(out(), out().matches("(?s).*a\\.js\\+a\\.css\\s+7000 B raw\\s+" + both + " B gzip.*ok.*"));
    }

    @Test
    public void oneByteOverFailsTheBuild() throws Exception {
        long js = BundleBudget.gzipSize(Files.readAllBytes(dir.resolve("a.js")));
        try {
            BundleBudget.main(new String[] { dir.toString(), "a.js=" + (js - 1) });
            fail("over budget must fail");
        } catch (IllegalStateException e) {
            assertTrue(out(), out().contains("OVER BUDGET"));
        }
    }

    @Test
    public void aSumIsBudgetedAsAWhole() throws Exception {
        long js = BundleBudget.gzipSize(Files.readAllBytes(dir.resolve("a.js")));
        try {
            BundleBudget.main(new String[] { dir.toString(), "a.js+a.css=" + js });
            fail("the pair is over what a.js alone needs");
        } catch (IllegalStateException e) {
            assertTrue(out(), out().contains("OVER BUDGET"));
        }
    }

    @Test
    public void aMissingFileFailsTheBuild() throws Exception {
        try {
            BundleBudget.main(new String[] { dir.toString(), "gone.js=100000" });
            fail("a missing bundle must fail");
        } catch (IllegalStateException e) {
            assertTrue(out(), out().contains("MISSING gone.js"));
        }
    }
}
