package io.parley.build;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class AsciiAssetsTest {
    @Test
    public void jsStringsKeepTheirValueAsUnicodeEscapes() {
        assertEquals("var s=[\"\\u53d1\\u9001\",\"Sending\\u2026\",'caf\\u00e9'];",
                AsciiAssets.escapeJs("var s=[\"发送\",\"Sending…\",'café'];"));
    }

    @Test
    public void astralCharactersBecomeSurrogatePairs() {
        assertEquals("\"\\ud83d\\ude00\"", AsciiAssets.escapeJs("\"\uD83D\uDE00\""));
    }

    @Test
    public void aCharEscapedByABackslashReusesThatBackslash() {
        // "\é" is é; "\\é" is a backslash then é
        assertEquals("\"\\u00e9\"", AsciiAssets.escapeJs("\"\\é\""));
        assertEquals("\"\\\\\\u00e9\"", AsciiAssets.escapeJs("\"\\\\é\""));
    }

    @Test
    public void asciiIsLeftAlone() {
        String js = "a=\"\\u0041\\\\\";/x\\d9/.test(b)";
        assertEquals(js, AsciiAssets.escapeJs(js));
        assertEquals(".a{content:\"\\2026\"}", AsciiAssets.escapeCss(".a{content:\"\\2026\"}"));
    }

    @Test
    public void cssEscapesEndWithTheOneSpaceTheParserConsumes() {
        assertEquals(".a::after{content:\"\\2026  x\"}", AsciiAssets.escapeCss(".a::after{content:\"… x\"}"));
        assertEquals(".\\e9 t{x:\"\\1f600 \"}", AsciiAssets.escapeCss(".ét{x:\"\uD83D\uDE00\"}"));
        assertEquals("\"\\e9 \"", AsciiAssets.escapeCss("\"\\é\""));
    }

    @Test
    public void findsTheFirstNonAsciiByte() {
        assertNull(AsciiAssets.firstNonAscii("a\nb".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("line 2, column 3 (byte 0xe5)", AsciiAssets.firstNonAscii("ab\ncd发".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void rewritesShippedFilesToAsciiAndLeavesOthers() throws Exception {
        Path dir = Files.createTempDirectory("ascii");
        Files.writeString(dir.resolve("a.js"), "x=\"发送\"", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.css"), ".a{content:\"…\"}", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("c.html"), "<p>发送</p>", StandardCharsets.UTF_8);
        AsciiAssets.main(new String[] { dir.toString() });
        assertEquals("x=\"\\u53d1\\u9001\"", Files.readString(dir.resolve("a.js"), StandardCharsets.US_ASCII));
        assertEquals(".a{content:\"\\2026 \"}", Files.readString(dir.resolve("b.css"), StandardCharsets.US_ASCII));
        assertEquals("<p>发送</p>", Files.readString(dir.resolve("c.html"), StandardCharsets.UTF_8));
    }

    @Test
    public void malformedUtf8FailsTheBuild() throws Exception {
        Path dir = Files.createTempDirectory("ascii");
        Files.write(dir.resolve("bad.js"), new byte[] { 'x', '=', '"', (byte) 0xe5, '"' });
        try {
            AsciiAssets.main(new String[] { dir.toString() });
            fail("a lone 0xe5 must fail");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("bad.js"));
        }
    }
}
