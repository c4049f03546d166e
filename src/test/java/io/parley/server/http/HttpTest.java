package io.parley.server.http;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.auth.TokenService;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

/** HTTP side: health, the dev token endpoint, static files with correct types and nosniff. */
public class HttpTest extends ServerTestBase {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    Path webapp;
    Path demo;

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        try {
            webapp = tmp.newFolder("webapp").toPath();
            Files.writeString(webapp.resolve("index.html"), "<!doctype html><title>widget</title>");
            Files.writeString(webapp.resolve("parley-sdk.js"), "window.ParleySDK = {};");
            Files.writeString(webapp.resolve("widget.css"), ".parley { color: red }");
            Files.writeString(webapp.resolve("icon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
            Files.createDirectories(webapp.resolve("assets"));
            Files.writeString(webapp.resolve("assets/a.txt"), "a");
            demo = tmp.newFolder("demo").toPath();
            Files.writeString(demo.resolve("index.html"), "<!doctype html><title>demo page</title>");
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return b.dev(true).webappDir(webapp).demoDir(demo);
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    static void assertNoSniff(HttpResponse<?> r) {
        assertEquals("nosniff on " + r.uri(), "nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    @Test
    public void health() throws Exception {
        HttpResponse<String> r = get("/api/health");
        assertEquals(200, r.statusCode());
        assertTrue(contentType(r).startsWith("application/json"));
        // it really asked the store; a single node's fan-out is in-process; the release is pom.xml's version
        assertEquals(TestClient.obj("ok", true, "version", io.parley.protocol.Release.VERSION, "store", "ok", "fanout", "ok"),
                TestClient.JSON.readTree(r.body()));
        assertNoSniff(r);
    }

    @Test
    public void devTokenWorksForLogin() throws Exception {
        HttpResponse<String> r = post("/api/dev/token", "{\"pin\":\"patient-1\",\"appId\":\"parley.demo\"}");
        assertEquals(200, r.statusCode());
        assertNoSniff(r);
        String token = TestClient.JSON.readTree(r.body()).path("token").asText();
        TokenService.Verification v = server.tokenService().verify(token);
        assertTrue(v.isValid());
        assertEquals("patient-1", v.claims().pin());
        long inOneHour = System.currentTimeMillis() / 1000 + 3600;
        assertTrue(Math.abs(v.claims().exp() - inOneHour) < 60);
        TestClient c = connect();
        c.request(authPacket("a", token, "patient-1", "parley.demo"), "auth_ok");
    }

    @Test
    public void devTokenValidatesItsInput() throws Exception {
        for (String body : new String[] {"{\"pin\":\"\",\"appId\":\"a\"}", "{\"pin\":\"p\"}", "{\"pin\":3,\"appId\":\"a\"}"}) {
            HttpResponse<String> r = post("/api/dev/token", body);
            assertEquals(body, 400, r.statusCode());
            assertEquals("invalid_field", TestClient.JSON.readTree(r.body()).path("error").asText());
        }
        HttpResponse<String> r = post("/api/dev/token", "not json");
        assertEquals(400, r.statusCode());
        assertEquals("bad_json", TestClient.JSON.readTree(r.body()).path("error").asText());
        assertEquals(405, get("/api/dev/token").statusCode());
    }

    @Test
    public void unknownApiIs404() throws Exception {
        assertEquals(404, get("/api/nope").statusCode());
    }

    @Test
    public void staticFilesWithContentTypes() throws Exception {
        String[][] files = {
            {"/", "text/html", "<title>widget</title>"},
            {"/index.html", "text/html", "<title>widget</title>"},
            {"/parley-sdk.js", "text/javascript", "window.ParleySDK"},
            {"/widget.css", "text/css", ".parley"},
            {"/icon.svg", "image/svg+xml", "<svg"},
            {"/demo/", "text/html", "demo page"},
            {"/demo/index.html", "text/html", "demo page"},
        };
        for (String[] f : files) {
            HttpResponse<String> r = get(f[0]);
            assertEquals(f[0], 200, r.statusCode());
            assertTrue(f[0] + ": " + contentType(r), contentType(r).startsWith(f[1]));
            // text is declared UTF-8, whatever the host page's encoding
            assertEquals(f[0], f[1] + ";charset=utf-8", contentType(r).replace(" ", "").toLowerCase());
            assertTrue(f[0], r.body().contains(f[2]));
            assertNoSniff(r);
        }
    }

    @Test
    public void demoPagesCarryTheirContentSecurityPolicyAsAHeader() throws Exception {
        // a header, not a <meta>: Chromium's preload scanner stops fetching ahead at a CSP <meta>
        for (String path : new String[] {"/demo/", "/demo/index.html"}) {
            HttpResponse<String> r = get(path);
            assertEquals(path, io.parley.server.ParleyServer.DEMO_CSP,
                    r.headers().firstValue("Content-Security-Policy").orElse(null));
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self';"));
        }
        // the shipped files are the host's: their policy is the host page's business
        assertEquals(null, get("/parley-sdk.js").headers().firstValue("Content-Security-Policy").orElse(null));
        assertEquals(null, get("/index.html").headers().firstValue("Content-Security-Policy").orElse(null));
    }

    @Test
    public void buildsGzipCopiesAreSentToClientsThatAcceptGzipOnly() throws Exception {
        String js = "window.ParleySDK = {}; /* " + "padding that compresses well ".repeat(200) + "*/";
        Files.writeString(webapp.resolve("parley-sdk.js"), js);
        io.parley.build.Precompress.main(new String[] {webapp.toString()});
        assertTrue(Files.exists(webapp.resolve("parley-sdk.js.gz")));

        HttpResponse<byte[]> gz = HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("/parley-sdk.js"))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals("text/javascript;charset=utf-8", contentType(gz).replace(" ", "").toLowerCase());
        assertTrue(gz.headers().allValues("Vary").toString().contains("Accept-Encoding"));
        assertTrue("sent compressed: " + gz.body().length, gz.body().length < js.length() / 4);
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(gz.body()))) {
            assertEquals(js, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertNoSniff(gz);

        HttpResponse<String> plain = get("/parley-sdk.js");
        assertEquals(200, plain.statusCode());
        assertEquals(null, plain.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals(js, plain.body());
    }

    @Test
    public void noDirectoryListingsAndNoEscapes() throws Exception {
        HttpResponse<String> dir = get("/assets/");
        assertNotEquals(200, dir.statusCode());
        assertTrue(!dir.body().contains("a.txt"));
        assertEquals(404, get("/missing.js").statusCode());
        HttpResponse<String> escape = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.port() + "/demo/..%2f..%2fdata/parley.db")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertNotEquals(200, escape.statusCode());
    }
}
