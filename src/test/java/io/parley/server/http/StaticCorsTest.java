package io.parley.server.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.Test;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;

/**
 * The shipped bundles load cross-origin (docs/SECURITY.md "Static files"): a page on another origin
 * imports parley-media.js as a module, which the browser allows only with Access-Control-Allow-Origin;
 * other static files get no CORS header.
 */
public class StaticCorsTest extends ServerTestBase {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String HOST_PAGE = "https://clinic.example";

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        try {
            Path web = tmp.newFolder("webapp").toPath();
            Files.writeString(web.resolve("parley-media.js"), "export const media = 1;\n");
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write("export const media = 1;\n".getBytes(StandardCharsets.UTF_8));
            }
            Files.write(web.resolve("parley-media.js.gz"), gz.toByteArray());
            Files.writeString(web.resolve("parley-widget.css"), ".parley{}\n");
            Files.writeString(web.resolve("index.html"), "<title>x</title>\n");
            return b.webappDir(web);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .header("Origin", HOST_PAGE);
        if (acceptEncoding != null) {
            r.header("Accept-Encoding", acceptEncoding);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertCrossOrigin(HttpResponse<byte[]> r) {
        assertEquals(r.uri().toString(), 200, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("cross-origin", r.headers().firstValue("Cross-Origin-Resource-Policy").orElse(null));
        assertFalse("no credentials with a wildcard", r.headers().firstValue("Access-Control-Allow-Credentials")
                .isPresent());
    }

    @Test
    public void bundlesCarryCorsHeadersPlainAndPrecompressed() throws Exception {
        HttpResponse<byte[]> plain = get("/parley-media.js", null);
        assertCrossOrigin(plain);
        assertEquals("export const media = 1;\n", new String(plain.body(), StandardCharsets.UTF_8));
        assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        HttpResponse<byte[]> gz = get("/parley-media.js", "gzip");
        assertCrossOrigin(gz);
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(null));
        assertCrossOrigin(get("/parley-media.js.gz", null));
        assertCrossOrigin(get("/parley-widget.css", null));
    }

    @Test
    public void otherFilesGetNoCorsHeader() throws Exception {
        HttpResponse<byte[]> page = get("/index.html", null);
        assertEquals(200, page.statusCode());
        assertFalse(page.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        HttpResponse<byte[]> api = get("/api/health", null);
        assertFalse(api.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }
}
