package io.parley.server.http;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;
import io.parley.server.media.TestImages;

/** What the proxy tests (ForwardedProxyTest, NginxProxyTest) do through a proxy: an upload, a wss client. */
final class ProxiedCalls {
    private ProxiedCalls() {
    }

    /** POST /api/upload of a 4×4 PNG with token, from origin (null: no Origin header), plus headers. */
    static HttpResponse<String> upload(HttpClient http, URI base, String token, String origin, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve("/api/upload"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestImages.png(4, 4)));
        if (origin != null) {
            r.header("Origin", origin);
        }
        headers.forEach(r::header);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The url an upload answered (it must have succeeded). */
    static String url(HttpResponse<String> r) throws Exception {
        assertEquals(r.body(), 200, r.statusCode());
        return TestClient.JSON.readTree(r.body()).path("url").asText();
    }

    /**
     * Over wss from origin: patient-1 of ServerTestBase.APP logs in with token and sends an image message
     * with url (an upload URL), which the server must accept unchanged.
     */
    static void sendImage(WebSocketClient wss, URI wssUri, String origin, String token, String url) throws Exception {
        try (TestClient c = TestClient.connect(wss, wssUri, origin)) {
            c.request(ServerTestBase.authPacket("a", token, "patient-1", ServerTestBase.APP), "auth_ok");
            JsonNode ack = c.request(TestClient.obj("type", "chat_message", "id", "i", "clientMsgId", "img-1",
                    "toChat", "doctor-7", "toAppId", ServerTestBase.APP, "msgType", "image",
                    "image", TestClient.obj("url", url, "size", 10)), "chat_message_ack");
            assertEquals(ack.toString(), 0, ack.path("code").asInt());
            assertEquals(url, ack.path("message").path("url").asText());
        }
    }

    /** A started WebSocket client that trusts ssl's certificates (stop it when done). */
    static WebSocketClient wssClient(SSLContext ssl) throws Exception {
        SslContextFactory.Client factory = new SslContextFactory.Client();
        factory.setSslContext(ssl);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(factory);
        WebSocketClient wss = new WebSocketClient(new org.eclipse.jetty.client.HttpClient(
                new HttpClientTransportDynamic(connector)));
        wss.start();
        return wss;
    }
}
