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

import io.parley.protocol.ErrorCode;
import io.parley.server.ServerConfig;
import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.testsupport.HaProxy;
import io.parley.testsupport.TestCert;

/**
 * The server's public origin behind a proxy (docs/EMBEDDING.md): forwarding headers count only from
 * --trusted-proxies peers, --public-url overrides them, and through a real TLS-terminating HAProxy
 * (deploy/haproxy-tls.cfg) upload URLs are https and the https own origin may upload and connect.
 */
public class ForwardedProxyTest extends ServerTestBase {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, String> FORGED = Map.of("X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "evil.example", "Forwarded", "proto=https;host=evil.example");

    private HttpResponse<String> upload(HttpClient http, URI base, String origin, Map<String, String> headers)
            throws Exception {
        return ProxiedCalls.upload(http, base, token("patient-1", APP), origin, headers);
    }

    private static String url(HttpResponse<String> r) throws Exception {
        return ProxiedCalls.url(r);
    }

    /** A refused origin's socket: error origin_not_allowed, then close 1008. */
    private static final int REFUSED = 4105;

    private URI direct() {
        return URI.create("http://localhost:" + server.port() + "/");
    }

    /** What an upgrade gets: 101 accepted, REFUSED for a refused origin (error + 1008), else the HTTP status. */
    private int upgrade(WebSocketClient client, URI uri, Map<String, String> headers) {
        try (TestClient c = TestClient.connectWith(client, uri, headers)) {
            try {
                c.send(TestClient.obj("type", "heartbeat"));  // an allowed socket answers unauthenticated
            } catch (AssertionError closedAlready) {
                // a refused socket may be closed before the heartbeat goes out; its error came first
            }
            return c.await("error").path("code").asInt() == ErrorCode.ORIGIN_NOT_ALLOWED.code ? REFUSED : 101;
        } catch (Exception e) {
            Throwable t = e;
            while (t != null && !(t instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException)) {
                t = t.getCause();
            }
            if (t == null) {
                throw new AssertionError("upgrade failed without a status", e);
            }
            return ((org.eclipse.jetty.websocket.api.exceptions.UpgradeException) t).getResponseStatusCode();
        }
    }

    private static Map<String, String> with(Map<String, String> headers, String k, String v) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(headers);
        m.put(k, v);
        return m;
    }

    @Test
    public void forwardingHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        restart(server.config().toBuilder().port(0).trustedProxies(List.of("10.9.9.9", "192.168.0.0/16")).build());
        assertTrue(url(upload(HTTP, direct(), null, FORGED)).startsWith("http://localhost:" + server.port() + "/files/"));
        HttpResponse<String> refused = upload(HTTP, direct(), "https://evil.example", FORGED);
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains(ErrorCode.ORIGIN_NOT_ALLOWED.id));
        assertEquals(REFUSED, upgrade(ws, wsUri(), with(FORGED, "Origin", "https://evil.example")));
        // the page on the server's real origin still works
        assertEquals(101, upgrade(ws, wsUri(), with(FORGED, "Origin", "http://localhost:" + server.port())));
    }

    @Test
    public void forwardingHeadersFromATrustedPeerNameTheOrigin() throws Exception {
        restart(server.config().toBuilder().port(0).trustedProxies(List.of("127.0.0.0/8")).build());
        assertTrue(url(upload(HTTP, direct(), null, FORGED)).startsWith("https://evil.example/files/"));
        assertEquals(200, upload(HTTP, direct(), "https://evil.example", FORGED).statusCode());
        assertEquals(101, upgrade(ws, wsUri(), with(FORGED, "Origin", "https://evil.example")));
        // the RFC 7239 header alone does it too
        Map<String, String> rfc = Map.of("Forwarded", "for=192.0.2.1;proto=https;host=chat.example:8443");
        assertTrue(url(upload(HTTP, direct(), null, rfc)).startsWith("https://chat.example:8443/files/"));
    }

    /** Forwarded "for=" is the left-most, client-written hop: it must not become the client's address. */
    @Test
    public void aForwardedForDoesNotMoveTheClientAddress() throws Exception {
        restart(server.config().toBuilder().port(0).trustedProxies(List.of("127.0.0.1"))
                .limit(io.parley.server.limits.Limit.CONNECTIONS_PER_IP, 1).build());
        try (TestClient first = TestClient.connectWith(ws, wsUri(), Map.of("Forwarded", "for=192.0.2.1;proto=http"))) {
            assertEquals(429, upgrade(ws, wsUri(), Map.of("Forwarded", "for=192.0.2.2;proto=http")));
        }
    }

    @Test
    public void thePublicUrlIsTheOwnOriginWhateverTheRequestSays() throws Exception {
        restart(server.config().toBuilder().port(0).publicUrl("https://chat.example.com/")
                .trustedProxies(List.of("127.0.0.1")).build());
        assertTrue(url(upload(HTTP, direct(), null, Map.of())).startsWith("https://chat.example.com/files/"));
        assertTrue(url(upload(HTTP, direct(), null, FORGED)).startsWith("https://chat.example.com/files/"));
        assertEquals(200, upload(HTTP, direct(), "https://chat.example.com", Map.of()).statusCode());
        assertEquals(403, upload(HTTP, direct(), "http://localhost:" + server.port(), Map.of()).statusCode());
        assertEquals(101, upgrade(ws, wsUri(), Map.of("Origin", "https://chat.example.com")));
        assertEquals(REFUSED, upgrade(ws, wsUri(), Map.of("Origin", "https://evil.example")));
    }

    @Test
    public void throughATlsTerminatingHaProxyUrlsAreHttpsAndTheOwnOriginIsAllowed() throws Exception {
        TestCert cert = TestCert.create(tmp.newFolder("tls").toPath());
        int nodePort = server.port();
        restart(server.config().toBuilder().port(nodePort).trustedProxies(List.of("127.0.0.1")).build());
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(cert.sslContext())
                .build();
        WebSocketClient wss = ProxiedCalls.wssClient(cert.sslContext());
        try (HaProxy proxy = HaProxy.startTls(cert.pem(), nodePort)) {
            URI base = URI.create("https://localhost:" + proxy.port() + "/");
            String own = "https://localhost:" + proxy.port();
            HttpResponse<String> up = upload(https, base, own, Map.of());
            String url = url(up);
            assertTrue(url, url.startsWith(own + "/files/"));
            assertEquals(own, up.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            HttpResponse<byte[]> file = https.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode());

            // the chat over wss from the https own origin; the https upload URL is accepted in a message
            URI wssUri = URI.create("wss://localhost:" + proxy.port() + "/ws");
            ProxiedCalls.sendImage(wss, wssUri, own, token("patient-1", APP), url);

            // the same node without --trusted-proxies: the proxy's headers are ignored
            restart(server.config().toBuilder().port(nodePort).trustedProxies(List.of()).build());
            String plain = url(upload(https, base, null, Map.of()));
            assertTrue(plain, plain.startsWith("http://localhost:" + proxy.port() + "/files/"));
            assertEquals(403, upload(https, base, own, Map.of()).statusCode());
            assertEquals(REFUSED, upgrade(wss, wssUri, Map.of("Origin", own)));
        } finally {
            wss.stop();
        }
    }
}
