package io.parley.server.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.Test;

import io.parley.server.ServerTestBase;
import io.parley.testsupport.Nginx;
import io.parley.testsupport.TestCert;

/**
 * docs/EMBEDDING.md's nginx block (read from the guide) terminating TLS in front of a started server
 * that trusts it: the WebSocket upgrade goes through, the forwarded https scheme makes upload URLs
 * https and the https own origin allowed (forged forwarding headers from the browser are replaced),
 * and the static bundles come through with their CORS header. Without --trusted-proxies the same
 * headers are ignored.
 */
public class NginxProxyTest extends ServerTestBase {

    private HttpResponse<String> upload(HttpClient http, URI base, String origin, Map<String, String> headers)
            throws Exception {
        return ProxiedCalls.upload(http, base, token("patient-1", APP), origin, headers);
    }

    private static String url(HttpResponse<String> r) throws Exception {
        return ProxiedCalls.url(r);
    }

    @Test
    public void throughTheGuidesNginxSocketsUploadsAndBundlesWork() throws Exception {
        TestCert cert = TestCert.create(tmp.newFolder("tls").toPath());
        int nodePort = server.port();
        restart(server.config().toBuilder().port(nodePort).trustedProxies(List.of("127.0.0.1"))
                .webappDir(java.nio.file.Path.of(System.getProperty("parley.webapp.dir", "target/webapp"))).build());
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(cert.sslContext())
                .build();
        WebSocketClient wss = ProxiedCalls.wssClient(cert.sslContext());
        try (Nginx nginx = Nginx.startTls(cert.pem(), nodePort, tmp.newFolder("nginx").toPath())) {
            URI base = URI.create("https://localhost:" + nginx.port() + "/");
            String own = "https://localhost:" + nginx.port();

            // uploads: https URLs on the proxy's origin, also when the browser forges the forwarding headers
            HttpResponse<String> up = upload(https, base, own, Map.of("X-Forwarded-Proto", "http",
                    "X-Forwarded-Host", "evil.example", "Forwarded", "proto=http;host=evil.example"));
            String url = url(up);
            assertTrue(url + "\n" + nginx.log(), url.startsWith(own + "/files/"));
            assertEquals(own, up.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<byte[]> file = https.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode());

            // static assets, with the header a page of another origin needs for the media chunk
            for (String bundle : List.of("/parley-widget.js", "/parley-media.js", "/parley-widget.css")) {
                HttpResponse<String> got = https.send(HttpRequest.newBuilder(base.resolve(bundle)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(bundle, 200, got.statusCode());
                assertTrue(bundle, got.headers().firstValue("Content-Type").orElse("").contains("charset=utf-8"));
                assertEquals(bundle, "*", got.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
                assertTrue(bundle, got.body().length() > 1000);
            }

            // the WebSocket upgrade through nginx, from the https own origin; the https upload URL is accepted
            URI wssUri = URI.create("wss://localhost:" + nginx.port() + "/ws");
            ProxiedCalls.sendImage(wss, wssUri, own, token("patient-1", APP), url);

            // the same node without --trusted-proxies: nginx's headers are ignored
            restart(server.config().toBuilder().port(nodePort).trustedProxies(List.of()).build());
            String plain = url(upload(https, base, null, Map.of()));
            assertTrue(plain, plain.startsWith("http://localhost"));
            assertEquals(403, upload(https, base, own, Map.of()).statusCode());
        } finally {
            wss.stop();
        }
    }
}
