package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.parley.protocol.Release;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.Test;

/**
 * The WebJar as a Java team uses it: target/parley-webjar.jar on a class loader, a minimal Jetty host
 * (another origin than Parley) serving {@code META-INF/resources} from that class path, and a page of
 * the host embedding {@code /webjars/parley/VERSION/parley-widget.js}: the widget loads its stylesheet
 * beside it, connects to Parley and chats.
 */
public class WebJarHostE2ETest extends WidgetTestBase {
    static final Path WEBJAR = Path.of(System.getProperty("parley.webjar", "target/parley-webjar.jar"));

    @Test
    public void aJettyHostServesTheWidgetFromTheWebJarOnItsClassPathAndItChats() throws Exception {
        assertTrue(WEBJAR + " (built by mvn package)", Files.isRegularFile(WEBJAR));
        String me = uniq("webjar-patient");
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String base = "/webjars/parley/" + Release.VERSION + "/";
        String page = "<!DOCTYPE html><html><head><meta charset=utf-8><title>Java host</title></head><body>"
                + "<div id=chat style=\"width:420px;height:560px\"></div>"
                + "<script src=\"" + base + "parley-widget.js\"></script>"
                + "<script>window.chat = ParleyWidget.mount('#chat', { url: 'ws://localhost:" + server.port() + "/ws', token: '"
                + server.tokenService().sign(me, "parley.demo", exp) + "', pin: '" + me + "', appId: 'parley.demo', toChat: '"
                + uniq("webjar-doctor") + "', toAppId: 'parley.demo', locale: 'en' });</script></body></html>";
        Server host = new Server();
        ServerConnector connector = new ServerConnector(host);
        connector.setHost("127.0.0.1");
        host.addConnector(connector);
        try (URLClassLoader classpath = new URLClassLoader(new URL[] {WEBJAR.toUri().toURL()}, null)) {
            URL resources = classpath.getResource("META-INF/resources/");
            assertNotNull("META-INF/resources/ on the class path", resources);
            ResourceHandler files = new ResourceHandler();
            files.setBaseResource(ResourceFactory.of(host).newResource(resources.toURI()));
            files.setDirAllowed(false);
            host.setHandler(new Handler.Sequence(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    if (!"/".equals(Request.getPathInContext(request))) {
                        return false;
                    }
                    response.getHeaders().put("Content-Type", "text/html;charset=utf-8");
                    response.write(true, ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
            }, files));
            host.start();
            try {
                String origin = "http://127.0.0.1:" + connector.getLocalPort();
                driver.get(origin + "/");
                awaitReady(0);
                sendText(0, "Hello from a Java host");
                awaitLastBubble(0, "Hello from a Java host");
                @SuppressWarnings("unchecked")
                List<String> loaded = (List<String>) js("return performance.getEntriesByType('resource').map(function (e) {"
                        + " return e.name; }).filter(function (n) { return /parley-widget\\.(js|css)$/.test(n); });");
                assertEquals(List.of(origin + base + "parley-widget.js", origin + base + "parley-widget.css"), loaded);
                shot("webjar-host-1280", 1280, 800);
                clearViewport();
            } finally {
                host.stop();
            }
        }
    }
}
