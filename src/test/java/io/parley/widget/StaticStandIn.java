package io.parley.widget;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Stands in for a Parley server that is down for chat but whose site still loads: it serves the
 * webapp and demo files and dev tokens on the same port (so the same origin and storage), and
 * has no WebSocket endpoint.
 */
final class StaticStandIn implements AutoCloseable {
    private final HttpServer http;

    StaticStandIn(int port, Function<String[], String> tokenFor) throws IOException {
        http = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        Path webapp = Path.of(System.getProperty("parley.webapp.dir", "target/webapp"));
        Path demo = Path.of(System.getProperty("parley.demo.dir", "demo"));
        http.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            String type = "text/plain";
            int status = 200;
            if (path.equals("/api/dev/token")) {
                String json = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String pin = field(json, "pin");
                String appId = field(json, "appId");
                body = ("{\"token\":\"" + tokenFor.apply(new String[] { pin, appId }) + "\"}").getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else {
                Path file = path.startsWith("/demo/") ? demo.resolve(path.substring(6)) : webapp.resolve(path.substring(1));
                if (!file.normalize().startsWith(demo.normalize()) && !file.normalize().startsWith(webapp.normalize())
                        || !Files.isRegularFile(file)) {
                    status = 404;
                    body = "not found".getBytes(StandardCharsets.UTF_8);
                } else {
                    body = Files.readAllBytes(file);
                    String n = file.getFileName().toString();
                    type = n.endsWith(".html") ? "text/html; charset=utf-8" : n.endsWith(".js") ? "text/javascript"
                            : n.endsWith(".css") ? "text/css" : n.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
                }
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    private static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\"");
        int start = json.indexOf('"', json.indexOf(':', i) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
