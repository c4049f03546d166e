package io.parley.server.http;

import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.auth.TokenService;
import io.parley.server.media.TestImages;
import io.parley.server.store.UploadStore;

import static io.parley.server.media.TestImages.ascii;
import static io.parley.server.media.TestImages.concat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;

/** POST /api/upload and GET /files/… against a real server: the bad-upload corpus, real images, CORS. */
public class UploadTest extends ServerTestBase {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int CAP = 256 * 1024;
    static final String SHOP = "https://shop.example";

    @Override
    protected ServerConfig.Builder configure(ServerConfig.Builder b) {
        return b.maxUploadBytes(CAP).allowedOrigins(List.of(SHOP));
    }

    URI uploadUri() {
        return server.baseUri().resolve("/api/upload");
    }

    HttpResponse<String> upload(byte[] body, String token, String contentType, String origin) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uploadUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        if (origin != null) {
            r.header("Origin", origin);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> upload(byte[] body) throws Exception {
        return upload(body, token("patient-1", APP), "application/octet-stream", null);
    }

    HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every regular file under <dataDir>/files (temporary ones included). */
    List<Path> storedFiles() throws IOException {
        Path root = dataDir.resolve("files");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Uploads whose bytes are stored: files on SQLite, rows of the media table on PostgreSQL. */
    long storedCount() throws Exception {
        return pg != null ? count("SELECT COUNT(*) FROM media") : storedFiles().size();
    }

    void assertNothingStored() throws Exception {
        assertEquals("files under " + dataDir.resolve("files"), List.of(), storedFiles());
        assertEquals("stored uploads", 0, storedCount());
        assertEquals("rows in uploads", 0, count("SELECT COUNT(*) FROM uploads"));
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return TestClient.JSON.readTree(r.body());
    }

    static void assertRefused(HttpResponse<String> r, int status, ErrorCode code) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(r);
        assertEquals(r.body(), code.code, body.path("code").asInt());
        assertEquals(r.body(), code.id, body.path("error").asText());
        assertFalse(r.body(), body.path("msg").asText().isEmpty());
    }

    // ---- the bad-upload corpus ----

    @Test
    public void svgWithScriptIsRefused() throws Exception {
        byte[] svg = ascii("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                + "<script>alert(document.domain)</script></svg>");
        assertRefused(upload(svg, token("patient-1", APP), "image/svg+xml", null), 400, ErrorCode.UNSUPPORTED_TYPE);
        assertNothingStored();
    }

    @Test
    public void htmlRenamedPngIsRefused() throws Exception {
        byte[] html = ascii("<!doctype html><html><body><script>fetch('/steal?c='+document.cookie)</script></body></html>");
        HttpRequest r = HttpRequest.newBuilder(uploadUri())
                .header("Authorization", "Bearer " + token("patient-1", APP))
                .header("Content-Type", "image/png")
                .header("Content-Disposition", "attachment; filename=\"cat.png\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(html)).build();
        assertRefused(HTTP.send(r, HttpResponse.BodyHandlers.ofString()), 400, ErrorCode.UNSUPPORTED_TYPE);
        assertNothingStored();
    }

    @Test
    public void pngHtmlPolyglotsAreRefused() throws Exception {
        byte[] html = ascii("<html><body><script>alert(1)</script></body></html>");
        assertRefused(upload(concat(TestImages.png(4, 4), html)), 400, ErrorCode.BAD_IMAGE);
        byte[] inText = TestImages.pngWithChunks(TestImages.png(4, 4),
                TestImages.pngChunk("tEXt", concat(ascii("Comment\0"), html)));
        assertRefused(upload(inText), 400, ErrorCode.BAD_IMAGE);
        assertNothingStored();
    }

    @Test
    public void truncatedPngIsRefused() throws Exception {
        byte[] png = TestImages.png(30, 30);
        assertRefused(upload(Arrays.copyOf(png, png.length / 2)), 400, ErrorCode.TRUNCATED_IMAGE);
        assertRefused(upload(Arrays.copyOf(png, png.length - 12)), 400, ErrorCode.TRUNCATED_IMAGE); // no IEND
        assertNothingStored();
    }

    @Test
    public void emptyBodyIsRefused() throws Exception {
        assertRefused(upload(new byte[0]), 400, ErrorCode.BAD_IMAGE);
        assertNothingStored();
    }

    @Test
    public void overTheCapWithContentLengthIsRefusedUpFront() throws Exception {
        // A plain HttpClient POST over the cap: 413
        byte[] big = concat(TestImages.png(8, 8), new byte[CAP]);
        assertRefused(upload(big), 413, ErrorCode.TOO_LARGE);
        // Content-Length alone decides: the server answers without waiting for a single body byte
        try (Socket s = new Socket("localhost", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/upload HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token("patient-1", APP)
                    + "\r\nContent-Type: image/png\r\nContent-Length: " + (10L << 30) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readResponse(s.getInputStream());
            assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
            assertTrue(answer, answer.contains("\"error\":\"too_large\""));
        }
        assertNothingStored();
    }

    @Test
    public void overTheCapChunkedIsCutOffWhileReading() throws Exception {
        AtomicLong sent = new AtomicLong();
        String answer;
        try (Socket s = new Socket("localhost", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/upload HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token("patient-1", APP)
                    + "\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] png = TestImages.png(8, 8);
            Thread writer = new Thread(() -> {
                try {
                    byte[] chunk = new byte[16 * 1024];
                    System.arraycopy(png, 0, chunk, 0, png.length);
                    for (int i = 0; i < 1024; i++) { // up to 16 MiB, 64× the cap, never announced
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // expected: the server stops reading and closes
                }
            });
            writer.start();
            answer = readResponse(s.getInputStream());
            writer.join(10_000);
        }
        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("\"error\":\"too_large\""));
        assertTrue("the server cut the body off instead of reading all 16 MiB (sent " + sent.get() + ")",
                sent.get() < 16L << 20);
        assertNothingStored();
    }

    /** Reads an HTTP/1.1 response head and its Content-Length body (or up to EOF). */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int contentLength = -1;
        int headEnd = -1;
        byte[] b = new byte[4096];
        while (true) {
            int n;
            try {
                n = in.read(b);
            } catch (IOException e) {
                break; // reset after the answer: keep what arrived
            }
            if (n < 0) {
                break;
            }
            buf.write(b, 0, n);
            String text = buf.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                for (String line : text.substring(0, headEnd).split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        contentLength = Integer.parseInt(line.substring(15).trim());
                    }
                }
            }
            if (headEnd >= 0 && contentLength >= 0 && buf.size() >= headEnd + 4 + contentLength) {
                break;
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void hugePixelClaimIsRefused() throws Exception {
        assertRefused(upload(TestImages.pngClaiming(100_000, 100_000)), 422, ErrorCode.TOO_MANY_PIXELS);
        assertNothingStored();
    }

    @Test
    public void pixelCapIsConfigurable() throws Exception {
        restart(server.config().toBuilder().port(0).maxUploadPixels(100).build());
        assertRefused(upload(TestImages.png(11, 10)), 422, ErrorCode.TOO_MANY_PIXELS);
        assertEquals(200, upload(TestImages.png(10, 10)).statusCode());
    }

    @Test
    public void missingOrForgedTokenIsRefused() throws Exception {
        byte[] png = TestImages.png(4, 4);
        HttpResponse<String> none = upload(png, null, "image/png", null);
        assertRefused(none, 401, ErrorCode.BAD_TOKEN);
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertRefused(upload(png, "not-a-token", "image/png", null), 401, ErrorCode.BAD_TOKEN);
        String forged = new TokenService("another-secret").sign("patient-1", APP, System.currentTimeMillis() / 1000 + 60);
        assertRefused(upload(png, forged, "image/png", null), 401, ErrorCode.BAD_TOKEN);
        HttpRequest basic = HttpRequest.newBuilder(uploadUri()).header("Authorization", "Basic dXNlcjpwdw==")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
        assertRefused(HTTP.send(basic, HttpResponse.BodyHandlers.ofString()), 401, ErrorCode.BAD_TOKEN);
        // tokens never travel in the URL
        HttpRequest query = HttpRequest.newBuilder(URI.create(uploadUri() + "?token=" + token("patient-1", APP)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build();
        assertRefused(HTTP.send(query, HttpResponse.BodyHandlers.ofString()), 401, ErrorCode.BAD_TOKEN);
        assertNothingStored();
    }

    @Test
    public void someoneElsesExpiredTokenIsRefused() throws Exception {
        String expired = server.tokenService().sign("doctor-7", APP, System.currentTimeMillis() / 1000 - 120);
        assertRefused(upload(TestImages.png(4, 4), expired, "image/png", null), 401, ErrorCode.TOKEN_EXPIRED);
        assertNothingStored();
    }

    @Test
    public void onlyPostIsAllowed() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uploadUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(r, 405, ErrorCode.METHOD_NOT_ALLOWED);
        assertTrue(r.headers().firstValue("Allow").orElse("").contains("POST"));
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(uploadUri())
                .header("Authorization", "Bearer " + token("patient-1", APP))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.png(2, 2))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(put, 405, ErrorCode.METHOD_NOT_ALLOWED);
        assertNothingStored();
    }

    // ---- good uploads ----

    JsonNode uploadOk(byte[] img, String mime, int w, int h) throws Exception {
        HttpResponse<String> r = upload(img, token("patient-1", APP), "application/octet-stream", null);
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        JsonNode body = json(r);
        assertEquals(r.body(), mime, body.path("mime").asText());
        assertEquals(r.body(), w, body.path("width").asInt());
        assertEquals(r.body(), h, body.path("height").asInt());
        String url = body.path("url").asText();
        String ext = mime.equals("image/jpeg") ? "jpg" : mime.substring(6);
        assertTrue(url, url.matches("http://localhost:" + server.port() + "/files/\\d{4}/\\d{2}/[0-9a-f]{32}\\." + ext));
        return body;
    }

    HttpResponse<byte[]> assertServed(JsonNode uploaded) throws Exception {
        HttpResponse<byte[]> f = get(uploaded.path("url").asText());
        assertEquals(200, f.statusCode());
        assertEquals(uploaded.path("mime").asText(), f.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", f.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("default-src 'none'", f.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("public, max-age=31536000, immutable", f.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("inline", f.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals("cross-origin", f.headers().firstValue("Cross-Origin-Resource-Policy").orElse(""));
        assertEquals(uploaded.path("size").asLong(), f.body().length);
        assertEquals(String.valueOf(f.body().length), f.headers().firstValue("Content-Length").orElse(""));
        return f;
    }

    @Test
    public void realImagesOfEachFormatRoundTrip() throws Exception {
        Object[][] cases = {
            {TestImages.png(21, 13), "image/png", 21, 13},
            {TestImages.jpeg(40, 30), "image/jpeg", 40, 30},
            {TestImages.gif(9, 7), "image/gif", 9, 7},
            {TestImages.webp1x1(), "image/webp", 1, 1},
        };
        for (Object[] c : cases) {
            byte[] img = (byte[]) c[0];
            JsonNode up = uploadOk(img, (String) c[1], (Integer) c[2], (Integer) c[3]);
            assertEquals(img.length, up.path("size").asLong());
            assertArrayEquals((String) c[1], img, assertServed(up).body());
        }
        assertEquals(4, storedCount());
        assertEquals(4, count("SELECT COUNT(*) FROM uploads"));
        assertEquals(4, count("SELECT COUNT(*) FROM uploads WHERE owner_pin = 'patient-1' AND owner_app = '" + APP
                + "' AND length(sha256) = 64 AND width > 0 AND height > 0 AND size > 0"));
        // files live in the data directory (PostgreSQL: the database), never in a webroot, under server-made names
        assertEquals(pg != null ? 0 : 4, storedFiles().size());
        for (Path p : storedFiles()) {
            assertTrue(p.toString(), p.startsWith(dataDir.resolve("files")));
            assertTrue(p.getFileName().toString(), p.getFileName().toString().matches("[0-9a-f]{32}\\.(png|jpg|gif|webp)"));
        }
    }

    @Test
    public void exifGpsIsStrippedFromJpeg() throws Exception {
        byte[] withGps = TestImages.jpegWithExifGps(24, 16);
        assertTrue(TestImages.contains(withGps, "GPS"));
        JsonNode up = uploadOk(withGps, "image/jpeg", 24, 16);
        byte[] served = assertServed(up).body();
        assertFalse("Exif survived", TestImages.contains(served, "Exif"));
        assertFalse("GPS survived", TestImages.contains(served, "GPS"));
        assertArrayEquals(TestImages.jpeg(24, 16), served);
        assertEquals(24, ImageIO.read(new ByteArrayInputStream(served)).getWidth());
        assertTrue(up.path("size").asLong() < withGps.length);
    }

    @Test
    public void webpExifIsStripped() throws Exception {
        JsonNode up = uploadOk(TestImages.webpWithExif(), "image/webp", 1, 1);
        byte[] served = assertServed(up).body();
        assertFalse(TestImages.contains(served, "GPS"));
        assertFalse(TestImages.contains(served, "EXIF"));
    }

    @Test
    public void contentTypeAndNameAreIgnored() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(uploadUri())
                .header("Authorization", "Bearer " + token("patient-1", APP))
                .header("Content-Type", "text/html")
                .header("Content-Disposition", "attachment; filename=\"../../evil.html\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.gif(3, 3))).build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode());
        assertEquals("image/gif", json(resp).path("mime").asText());
        assertTrue(json(resp).path("url").asText().endsWith(".gif"));
    }

    @Test
    public void twoUploadsOfTheSameBytesGetDifferentNames() throws Exception {
        byte[] png = TestImages.png(3, 3);
        assertNotEquals(uploadOk(png, "image/png", 3, 3).path("url").asText(),
                uploadOk(png, "image/png", 3, 3).path("url").asText());
    }

    @Test
    public void filesOutsideTheNamePatternAre404() throws Exception {
        JsonNode up = uploadOk(TestImages.png(3, 3), "image/png", 3, 3);
        String url = up.path("url").asText();
        String base = "http://localhost:" + server.port();
        String hex = url.substring(url.lastIndexOf('/') + 1, url.lastIndexOf('.'));
        String dir = url.substring(url.indexOf("/files/") + 7, url.lastIndexOf('/'));
        for (String bad : new String[] {"/files/", "/files/parley.db", "/files/" + dir + "/" + hex + ".html",
            "/files/" + dir + "/" + hex + ".jpg", "/files/" + dir + "/" + hex.toUpperCase() + ".png",
            "/files/" + dir + "/" + hex + ".png.tmp", "/files/" + dir + "/../../parley.db",
            "/files/%2e%2e/parley.db", "/files/" + dir + "/x" + hex.substring(1) + ".png", "/files/1999/13/" + hex + ".png"}) {
            HttpResponse<byte[]> r = get(base + bad);
            assertTrue(bad + " → " + r.statusCode(), r.statusCode() == 404 || r.statusCode() == 400);
            assertFalse(bad, new String(r.body(), StandardCharsets.ISO_8859_1).contains("SQLite"));
        }
        HttpResponse<byte[]> post = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
        HttpResponse<byte[]> again = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("If-None-Match", "\"" + hex + "\"").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, again.statusCode());
    }

    @Test
    public void uploadsSurviveARestart() throws Exception {
        JsonNode up = uploadOk(TestImages.png(5, 5), "image/png", 5, 5);
        restart(server.config().toBuilder().port(0).build());
        String path = URI.create(up.path("url").asText()).getPath();
        assertEquals(200, get("http://localhost:" + server.port() + path).statusCode());
        assertTrue(((UploadStore) server.store()).findUpload(path.substring(7)).isPresent());
    }

    // ---- multipart/form-data ----

    static final String BOUNDARY = "----parleyBoundary7MA4YWxkTrZu0gW";

    static byte[] multipart(String[] names, byte[]... files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < files.length; i++) {
            out.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + names[i]
                    + "\"; filename=\"photo.svg\"\r\nContent-Type: image/svg+xml\r\n\r\n"));
            out.writeBytes(files[i]);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("--" + BOUNDARY + "--\r\n"));
        return out.toByteArray();
    }

    HttpResponse<String> uploadForm(byte[] body) throws Exception {
        return upload(body, token("patient-1", APP), "multipart/form-data; boundary=" + BOUNDARY, null);
    }

    @Test
    public void multipartWithOneFilePart() throws Exception {
        byte[] png = TestImages.png(6, 4);
        HttpResponse<String> r = uploadForm(multipart(new String[] {"file"}, png));
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode up = json(r);
        assertEquals("image/png", up.path("mime").asText());
        assertEquals(6, up.path("width").asInt());
        assertArrayEquals(png, assertServed(up).body());
        assertEquals(1, storedCount());
    }

    @Test
    public void badMultipartIsRefused() throws Exception {
        byte[] png = TestImages.png(6, 4);
        assertRefused(uploadForm(multipart(new String[] {"image"}, png)), 400, ErrorCode.BAD_IMAGE);
        assertRefused(uploadForm(multipart(new String[] {"file", "file"}, png, png)), 400, ErrorCode.BAD_IMAGE);
        assertRefused(uploadForm(ascii("this is not multipart at all")), 400, ErrorCode.BAD_IMAGE);
        assertRefused(uploadForm(multipart(new String[] {"file"},
                ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"))), 400,
                ErrorCode.UNSUPPORTED_TYPE);
        assertRefused(uploadForm(multipart(new String[] {"file"}, concat(png, new byte[CAP]))), 413, ErrorCode.TOO_LARGE);
        assertRefused(uploadForm(multipart(new String[] {"file"}, concat(png, new byte[CAP + 64 * 1024]))), 413,
                ErrorCode.TOO_LARGE);
        assertRefused(upload(multipart(new String[] {"file"}, png), token("patient-1", APP), "multipart/form-data", null),
                400, ErrorCode.BAD_IMAGE); // no boundary: nothing to split on
        assertNothingStored();
    }

    // ---- CORS ----

    HttpResponse<String> preflight(String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uploadUri()).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void preflightFromAnAllowedOrigin() throws Exception {
        HttpResponse<String> r = preflight(SHOP);
        assertEquals(204, r.statusCode());
        assertEquals(SHOP, r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        String allowHeaders = r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
        assertTrue(allowHeaders, allowHeaders.contains("authorization") && allowHeaders.contains("content-type"));
        assertTrue(r.headers().allValues("Vary").toString(), r.headers().allValues("Vary").toString().contains("Origin"));

        HttpResponse<String> post = upload(TestImages.png(2, 2), token("patient-1", APP), "image/png", SHOP);
        assertEquals(200, post.statusCode());
        assertEquals(SHOP, post.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        // errors are readable by the allowed page too
        HttpResponse<String> bad = upload(ascii("<svg/>"), token("patient-1", APP), "image/svg+xml", SHOP);
        assertRefused(bad, 400, ErrorCode.UNSUPPORTED_TYPE);
        assertEquals(SHOP, bad.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    public void preflightAndPostFromAForeignOriginAreRefused() throws Exception {
        HttpResponse<String> r = preflight("https://evil.example");
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").isEmpty());
        HttpResponse<String> post = upload(TestImages.png(2, 2), token("patient-1", APP), "image/png",
                "https://evil.example");
        assertRefused(post, 403, ErrorCode.ORIGIN_NOT_ALLOWED);
        assertTrue(post.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertRefused(upload(TestImages.png(2, 2), token("patient-1", APP), "image/png", "null"), 403,
                ErrorCode.ORIGIN_NOT_ALLOWED);
        assertNothingStored();
    }

    @Test
    public void serverOwnOriginMayUpload() throws Exception {
        HttpResponse<String> post = upload(TestImages.png(2, 2), token("patient-1", APP), "image/png",
                "http://localhost:" + server.port());
        assertEquals(post.body(), 200, post.statusCode());
    }
}
