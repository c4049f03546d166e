package io.parley.server.http;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.Test;

/** Without --dev the dev token endpoint does not exist; the rest of the API does. */
public class NoDevHttpTest extends ServerTestBase {
    @Test
    public void demoPagesAreNotServedWithoutDev() throws Exception {
        java.nio.file.Files.writeString(server.config().demoDir().resolve("index.html"), "<title>demo</title>");
        HttpResponse<String> r = HttpTest.HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("/demo/index.html"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        // nor the cross-origin example, whose page carries a token minted for anyone who asks
        java.nio.file.Path example = java.nio.file.Files.createDirectories(server.config().demoDir().resolve("cross-origin"));
        java.nio.file.Files.writeString(example.resolve("index.html"), "<title>clinic</title>");
        restart(server.config().toBuilder().port(0).build());
        org.junit.Assert.assertNull(server.exampleUri());
    }

    @Test
    public void devTokenIs404() throws Exception {
        HttpResponse<String> r = HttpTest.HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/dev/token"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"pin\":\"p\",\"appId\":\"a\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertTrue(r.body(), !r.body().contains("token"));
        HttpTest.assertNoSniff(r);
        HttpResponse<String> health = HttpTest.HTTP.send(HttpRequest.newBuilder(
                server.baseUri().resolve("/api/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(TestClient.JSON.readTree(health.body()).path("ok").asBoolean());
    }
}
