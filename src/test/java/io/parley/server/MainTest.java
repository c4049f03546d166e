package io.parley.server;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** Command line parsing. */
public class MainTest {

    private static Main.Parsed parse(Map<String, String> env, String... args) throws Main.UsageException {
        return Main.parse(args, env);
    }

    @Test
    public void writerAndDurabilityFlags() throws Exception {
        ServerConfig c = parse(Map.of(), "--token-secret", "s", "--sync", "full", "--batch-max", "64",
                "--batch-wait-ms", "2", "--outbound-queue", "100").config();
        assertEquals(io.parley.server.store.sqlite.SqliteChatStore.Sync.FULL, c.sync());
        assertEquals(64, c.batchMax());
        assertEquals(2, c.batchWaitMs());
        assertEquals(100, c.outboundQueueFrames());
        ServerConfig d = parse(Map.of(), "--token-secret", "s").config();
        assertEquals(io.parley.server.store.sqlite.SqliteChatStore.Sync.NORMAL, d.sync());
        assertEquals(io.parley.server.store.sqlite.SqliteChatStore.DEFAULT_BATCH_MAX, d.batchMax());
        assertFalse(d.demo());
        assertTrue(parse(Map.of(), "--token-secret", "s", "--serve-demo").config().demo());
        assertTrue(parse(Map.of(), "--token-secret", "s", "--demo", "/d").config().demo());
        assertTrue(usageError("--token-secret", "s", "--sync", "sometimes").contains("normal or full"));
        assertTrue(usageError("--token-secret", "s", "--batch-max", "0").contains("--batch-max"));
    }

    private static String usageError(String... args) {
        try {
            Main.parse(args, Map.of());
            fail("expected a usage error for " + List.of(args));
            return null;
        } catch (Main.UsageException e) {
            return e.getMessage();
        }
    }

    @Test
    public void allFlags() throws Exception {
        Main.Parsed p = parse(Map.of(), "--port", "9090", "--data", "/tmp/pd", "--allowed-origins",
                "https://a.example, http://b.example:81", "--token-secret", "s", "--heartbeat-ms", "1000",
                "--webapp", "/w", "--demo", "/d");
        ServerConfig c = p.config();
        assertEquals(9090, c.port());
        assertEquals(Path.of("/tmp/pd"), c.dataDir());
        assertEquals(List.of("https://a.example", "http://b.example:81"), c.allowedOrigins());
        assertEquals("s", c.tokenSecret());
        assertEquals(1000, c.heartbeatMs());
        assertEquals(Path.of("/w"), c.webappDir());
        assertEquals(Path.of("/d"), c.demoDir());
        assertFalse(c.dev());
        assertFalse(p.randomSecret());
    }

    @Test
    public void demoBundlesComeFromTheBuildInDevModeOnly() throws Exception {
        assertEquals(Path.of("/b"), parse(Map.of(), "--token-secret", "s", "--demo-bundles", "/b").config().demoBundlesDir());
        assertNull(parse(Map.of(), "--token-secret", "s").config().demoBundlesDir());
        // the tests run in the project folder after the build made target/demo-bundles
        assertEquals(Main.DEFAULT_DEMO_BUNDLES, parse(Map.of(), "--dev").config().demoBundlesDir());
    }

    @Test
    public void storeInPostgresFromTheFlagOrTheEnvironment() throws Exception {
        assertNull("SQLite by default", parse(Map.of(), "--token-secret", "s").config().db());
        assertEquals("jdbc:postgresql://db:5432/parley?user=p&password=x",
                parse(Map.of(), "--token-secret", "s", "--db", "postgresql://db:5432/parley?user=p&password=x").config().db());
        assertEquals("jdbc:postgresql://db/parley", parse(Map.of(), "--dev", "--db", "jdbc:postgresql://db/parley").config().db());
        assertEquals("jdbc:postgresql://env/parley", parse(Map.of("PARLEY_DB", "postgresql://env/parley"), "--dev").config().db());
        assertEquals("the flag wins", "jdbc:postgresql://flag/p",
                parse(Map.of("PARLEY_DB", "postgresql://env/p"), "--dev", "--db", "postgresql://flag/p").config().db());
        String bad = usageError("--dev", "--db", "mysql://db/parley?password=secret");
        assertTrue(bad, bad.contains("postgresql://"));
        assertFalse("no password in messages", bad.contains("secret"));
    }

    @Test
    public void defaults() throws Exception {
        ServerConfig c = parse(Map.of(), "--token-secret", "s").config();
        assertEquals(8080, c.port());
        assertEquals(Path.of("data"), c.dataDir());
        assertEquals(30000, c.heartbeatMs());
        assertNull(c.webappDir());
        assertNull(c.demoDir());
        assertTrue(c.allowedOrigins().isEmpty());
    }

    /** The start line names /demo/ only where it is served: a production server answers it 404. */
    @Test
    public void theStartLineNamesTheDemoOnlyWhenItIsServed() throws Exception {
        java.net.URI base = java.net.URI.create("http://localhost:8080/");
        String prod = Main.runningLine(parse(Map.of(), "--token-secret", "s3cret-s3cret-s3cret").config(), base);
        assertEquals("Parley running at http://localhost:8080/  (WebSocket ws://localhost:8080/ws)", prod);
        assertTrue(Main.runningLine(parse(Map.of(), "--dev").config(), base).endsWith(", demo http://localhost:8080/demo/)"));
        assertTrue(Main.runningLine(parse(Map.of(), "--token-secret", "s3cret-s3cret-s3cret", "--serve-demo").config(), base)
                .contains("demo http://localhost:8080/demo/"));
    }

    @Test
    public void secretIsRequiredOutsideDev() throws Exception {
        assertTrue(usageError("--port", "1").contains("--token-secret"));
        assertEquals("from-env", parse(Map.of("PARLEY_TOKEN_SECRET", "from-env")).config().tokenSecret());
        Main.Parsed dev = parse(Map.of(), "--dev");
        assertTrue(dev.randomSecret());
        assertTrue(dev.config().dev());
        assertNotNull(dev.config().tokenSecret());
        assertTrue(dev.config().tokenSecret().length() >= 32);
    }

    @Test
    public void badFlags() {
        assertTrue(usageError("--nope").contains("--nope"));
        assertTrue(usageError("--port").contains("--port"));
        assertTrue(usageError("--port", "eighty", "--dev").contains("eighty"));
        assertTrue(usageError("--port", "70000", "--dev").contains("0..65535"));
        assertTrue(usageError("--heartbeat-ms", "-5", "--dev").contains("--heartbeat-ms"));
        assertTrue(usageError("--allowed-origins", "shop.example", "--dev").contains("shop.example"));
        assertTrue(usageError("--token-secret", "--dev").contains("--token-secret"));
    }

    @Test
    public void uploadLimits() throws Exception {
        ServerConfig defaults = parse(Map.of(), "--token-secret", "s").config();
        assertEquals(10L << 20, defaults.maxUploadBytes());
        assertEquals(40_000_000L, defaults.maxUploadPixels());
        ServerConfig c = parse(Map.of(), "--token-secret", "s", "--max-upload-bytes", "1048576",
                "--max-upload-pixels", "1000000").config();
        assertEquals(1 << 20, c.maxUploadBytes());
        assertEquals(1_000_000, c.maxUploadPixels());
        assertEquals(1 << 20, c.toBuilder().build().maxUploadBytes());
        assertTrue(usageError("--max-upload-bytes", "0", "--dev").contains("--max-upload-bytes"));
        assertTrue(usageError("--max-upload-bytes", "ten", "--dev").contains("--max-upload-bytes"));
        assertTrue(usageError("--max-upload-bytes", "999999999999", "--dev").contains("--max-upload-bytes"));
        assertTrue(usageError("--max-upload-pixels", "-1", "--dev").contains("--max-upload-pixels"));
        assertTrue(usageError("--max-upload-pixels").contains("--max-upload-pixels"));
        assertTrue(Main.USAGE.contains("--max-upload-bytes") && Main.USAGE.contains("--max-upload-pixels"));
    }

    @Test
    public void fanoutFromTheFlagOrTheEnvironment() throws Exception {
        assertEquals(null, parse(Map.of(), "--token-secret", "s").config().fanout());
        ServerConfig flag = parse(Map.of("PARLEY_FANOUT", "redis://env:1"), "--token-secret", "s", "--fanout",
                "redis://10.0.0.5:6379", "--fanout-prefix", "clinic:").config();
        assertEquals("the flag wins", "redis://10.0.0.5:6379", flag.fanout());
        assertEquals("clinic:", flag.fanoutPrefix());
        assertEquals("redis://10.0.0.5:6379", flag.toBuilder().build().fanout());
        ServerConfig env = parse(Map.of("PARLEY_FANOUT", "redis://redis.internal:6379"), "--token-secret", "s").config();
        assertEquals("redis://redis.internal:6379", env.fanout());
        assertEquals(ServerConfig.DEFAULT_FANOUT_PREFIX, env.fanoutPrefix());
        assertTrue(usageError("--fanout", "localhost:6379", "--dev").contains("redis://"));
        assertTrue(Main.USAGE.contains("--fanout redis://"));
    }

    @Test
    public void help() throws Exception {
        assertTrue(parse(Map.of(), "--help").help());
        assertTrue(Main.USAGE.contains("--allowed-origins"));
    }

    @Test
    public void proxyAndTokenFlags() throws Exception {
        ServerConfig d = parse(Map.of(), "--token-secret", "s").config();
        assertNull(d.publicUrl());
        assertEquals(30, d.clockSkewSeconds());
        ServerConfig c = parse(Map.of(), "--token-secret", "s", "--public-url", "https://chat.example.com",
                "--trusted-proxies", "10.0.0.5, 172.16.0.0/12,fd00::/8", "--clock-skew-seconds", "0").config();
        assertEquals("https://chat.example.com", c.publicUrl());
        assertEquals(List.of("10.0.0.5", "172.16.0.0/12", "fd00::/8"), c.trustedProxies());
        assertEquals(0, c.clockSkewSeconds());
        assertEquals("https://env.example", parse(Map.of("PARLEY_PUBLIC_URL", "https://env.example"),
                "--token-secret", "s").config().publicUrl());
        assertEquals("https://flag.example", parse(Map.of("PARLEY_PUBLIC_URL", "https://env.example"),
                "--token-secret", "s", "--public-url", "https://flag.example").config().publicUrl());
        assertTrue(usageError("--token-secret", "s", "--public-url", "https://chat.example.com/chat")
                .contains("public URL must be scheme://host[:port]"));
        assertTrue(usageError("--token-secret", "s", "--trusted-proxies", "proxy.internal")
                .contains("'proxy.internal' is not an IP address or CIDR block"));
        assertTrue(usageError("--token-secret", "s", "--trusted-proxies", "10.0.0.0/99").contains("10.0.0.0/99"));
        assertTrue(usageError("--token-secret", "s", "--clock-skew-seconds", "3601").contains("--clock-skew-seconds"));
    }

    /** The README lists every flag --help shows (and docs/EMBEDDING.md the proxy ones). */
    @Test
    public void theReadmeListsEveryFlag() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s+(--[a-z0-9-]+)").matcher(Main.USAGE);
        List<String> missing = new java.util.ArrayList<>();
        int flags = 0;
        while (m.find()) {
            flags++;
            if (!readme.contains("`" + m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertTrue("flags found in --help: " + flags, flags > 30);
        assertEquals("flags --help shows that README.md does not list (as `--flag ...`)", List.of(), missing);
        String embedding = java.nio.file.Files.readString(Path.of("docs", "EMBEDDING.md"));
        for (String flag : new String[] {"--public-url", "--trusted-proxies", "--clock-skew-seconds", "--allowed-origins"}) {
            assertTrue(flag, embedding.contains(flag));
        }
    }
}
