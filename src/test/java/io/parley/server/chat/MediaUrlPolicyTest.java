package io.parley.server.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

/** Which image/avatar URLs pass: this server's /files/, the allow-list, and (dev only) anything same-origin. */
public class MediaUrlPolicyTest {
    private static final String OWN = "https://chat.example";
    private static final String FILE = "/files/2026/11/" + "0123456789abcdef".repeat(2) + ".png";
    private final MediaUrlPolicy strict = new MediaUrlPolicy(List.of(), false);
    private final MediaUrlPolicy cdn = new MediaUrlPolicy(List.of("https://CDN.example:443", "http://img.example:8080"), false);
    private final MediaUrlPolicy dev = new MediaUrlPolicy(List.of(), true);

    @Test
    public void ownFilesOnly() {
        assertNull(strict.refusal(OWN + FILE, OWN));
        assertNull(strict.refusal("HTTPS://Chat.Example:443" + FILE, OWN));
        for (String ext : new String[] {"jpg", "gif", "webp"}) {
            assertNull(strict.refusal(OWN + FILE.replace(".png", "." + ext), OWN));
        }
        String[] refused = {
            OWN + "/files/2026/11/x.png",                           // not a stored name
            OWN + FILE.replace(".png", ".svg"),
            OWN + FILE.replace("0123", "0A23"),                     // upper-case hex is not what we write
            OWN + FILE + "?x=1",
            OWN + FILE + "#f",
            OWN + "/files/../api/health",
            OWN + "/api/dev/token",
            OWN + "/x" + FILE,
            "http://chat.example" + FILE,                            // another scheme is another origin
            "https://chat.example:8443" + FILE,
            "https://evil.example" + FILE,
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:8080" + FILE,
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)//https://chat.example" + FILE,
            "data:image/png;base64,AAAA",
            "//chat.example" + FILE,                                 // scheme-relative
            FILE,                                                    // relative
            "https://user:pw@chat.example" + FILE,
            "https://chat.example" + FILE.replace("/files/", "/files /"),
            "https://chat.example/files/2026/11/\"onerror=\"x.png",
            "https://chat.example/<svg>",
            "https://chat.example/a\\b",
            "https://chat.example/a'b",
            "https://chat.example/a\u0000b",
            "https://chat.example/a\u007Fb",
            "https://chat.example/%zz",
            "https://",
            "https:///files/x",
            "ftp://chat.example" + FILE,
            "https://" + "a".repeat(2040) + ".example/x.png",
        };
        for (String url : refused) {
            String why = strict.refusal(url, OWN);
            assertNotNull(url, why);
            assertTrue(url + ": " + why, why.length() > 10);
        }
        assertNotNull(strict.refusal(OWN + FILE, null)); // a peer without a known origin: only the allow-list
    }

    @Test
    public void allowListedOriginsTakeAnyPath() {
        assertNull(cdn.refusal("https://cdn.example/any/where.png?size=2", OWN));
        assertNull(cdn.refusal("https://cdn.example:443/x", OWN));
        assertNull(cdn.refusal("http://img.example:8080/y.jpg", OWN));
        assertNull(cdn.refusal(OWN + FILE, OWN));
        assertNotNull(cdn.refusal("http://cdn.example/x", OWN));          // http is another origin
        assertNotNull(cdn.refusal("https://img.example:8080/y.jpg", OWN));
        assertNotNull(cdn.refusal("https://cdn.example.evil/x", OWN));
        assertNotNull(cdn.refusal("https://evil.example/x", OWN));
        assertTrue(cdn.refusal("https://evil.example/x", OWN).contains("https://cdn.example"));
        assertNotNull(cdn.refusal("javascript:alert(1)", OWN));
    }

    @Test
    public void lengthAndCharacterBounds() {
        String base = "https://cdn.example/";
        String exact = base + "a".repeat(MediaUrlPolicy.MAX_URL_CHARS - base.length());
        assertNull(cdn.refusal(exact, OWN));
        assertTrue(cdn.refusal(exact + "a", OWN).contains("longer than 2048"));
        assertNull(cdn.refusal(base + "!~%20(x)", OWN));                 // 0x21 and 0x7E are fine
        assertNotNull(cdn.refusal(base + "a\u007F", OWN));
        assertTrue(cdn.refusal(base + "a'b", OWN).contains("quote"));  // a quote the URI parser would take
        assertFalse(strict.refusal("https://evil.example/x", OWN).contains("["));
        assertNotNull(cdn.refusal(base + "a\u0020", OWN));
    }

    @Test
    public void devAllowsTheServersOwnOrigin() {
        assertNull(dev.refusal(OWN + "/demo/avatar-doctor.svg", OWN));
        assertNull(dev.refusal(OWN + FILE, OWN));
        assertNotNull(dev.refusal("https://evil.example/demo/a.svg", OWN));
        assertNotNull(dev.refusal("javascript:alert(1)", OWN));
        assertNotNull(strict.refusal(OWN + "/demo/avatar-doctor.svg", OWN));
    }

    @Test
    public void ownOriginFromTheUpgradeRequest() {
        assertEquals("http://localhost:8080", MediaUrlPolicy.ownOrigin("ws", "localhost:8080"));
        assertEquals("https://chat.example", MediaUrlPolicy.ownOrigin("wss", "Chat.Example:443"));
        assertEquals("http://chat.example", MediaUrlPolicy.ownOrigin("HTTP", "chat.example:80"));
        assertEquals("https://chat.example:8443", MediaUrlPolicy.ownOrigin("https", "chat.example:8443"));
        assertNull(MediaUrlPolicy.ownOrigin(null, "chat.example"));
        assertNull(MediaUrlPolicy.ownOrigin("http", null));
        assertNull(MediaUrlPolicy.ownOrigin("ftp", "chat.example"));
    }

    @Test
    public void aBadAllowListIsRefusedAtStartup() {
        for (String bad : new String[] {"cdn.example", "https://cdn.example/path", "javascript:alert(1)", ""}) {
            try {
                new MediaUrlPolicy(List.of(bad), false);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("media origin"));
            }
        }
    }
}
