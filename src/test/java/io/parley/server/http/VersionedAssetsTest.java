package io.parley.server.http;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
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

import io.parley.protocol.Release;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;

/**
 * /v/VERSION/file is this release's file, cached for a year as immutable (CDN-friendly, SRI-able: CORS too);
 * the unversioned path is the same bytes with a short cache and an ETag to revalidate; another version, or a
 * missing file, is a 404 that nobody caches for long.
 */
public class VersionedAssetsTest extends ServerTestBase {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String JS = "var ParleyWidget = 1;\n";

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        try {
            Path web = tmp.newFolder("webapp").toPath();
            Files.writeString(web.resolve("parley-widget.js"), JS);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(JS.getBytes(StandardCharsets.UTF_8));
            }
            Files.write(web.resolve("parley-widget.js.gz"), gz.toByteArray());
            Files.writeString(web.resolve("integrity.json"), "{\"version\":\"" + Release.VERSION + "\"}\n");
            return b.webappDir(web);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .header("Origin", "https://clinic.example");
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    public void aVersionedUrlIsTheFileCachedForAYearAsImmutable() throws Exception {
        String path = "/v/" + Release.VERSION + "/parley-widget.js";
        HttpResponse<byte[]> r = get(path);
        assertEquals(200, r.statusCode());
        assertArrayEquals(JS.getBytes(StandardCharsets.UTF_8), r.body());
        assertEquals("public, max-age=31536000, immutable", header(r, "Cache-Control"));
        assertEquals("*", header(r, "Access-Control-Allow-Origin")); // <script integrity crossorigin> from any page
        assertTrue(header(r, "Content-Type").startsWith("text/javascript"));
        HttpResponse<byte[]> gz = get(path, "Accept-Encoding", "gzip");
        assertEquals("gzip", header(gz, "Content-Encoding"));
        assertEquals("public, max-age=31536000, immutable", header(gz, "Cache-Control"));
        HttpResponse<byte[]> manifest = get("/v/" + Release.VERSION + "/integrity.json");
        assertEquals(200, manifest.statusCode());
        assertEquals("*", header(manifest, "Access-Control-Allow-Origin"));
    }

    @Test
    public void theUnversionedUrlIsShortCachedAndRevalidatedByEtag() throws Exception {
        HttpResponse<byte[]> r = get("/parley-widget.js");
        assertEquals(200, r.statusCode());
        assertEquals("public, max-age=300", header(r, "Cache-Control"));
        String etag = header(r, "ETag");
        assertNotNull("an ETag to revalidate with", etag);
        HttpResponse<byte[]> again = get("/parley-widget.js", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
    }

    @Test
    public void anotherVersionOrAMissingFileIsANotCached404() throws Exception {
        HttpResponse<byte[]> old = get("/v/0.0.1/parley-widget.js");
        assertEquals(404, old.statusCode());
        assertFalse(String.valueOf(header(old, "Cache-Control")).contains("immutable"));
        HttpResponse<byte[]> missing = get("/v/" + Release.VERSION + "/parley-nothing.js");
        assertEquals(404, missing.statusCode());
        assertFalse(String.valueOf(header(missing, "Cache-Control")).contains("immutable"));
    }
}
