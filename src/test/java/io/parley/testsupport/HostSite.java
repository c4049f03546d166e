package io.parley.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A third-party site on its own origin that self-hosts Parley's static files, as embedders
 * do. It stays up while the Parley server goes down, so a page can be reloaded offline-from-Parley.
 * Parley's scripts and styles are served without a charset, as many hosts do: the browser then
 * decodes them with the page's encoding.
 */
public final class HostSite implements AutoCloseable {
    private final HttpServer http;
    /** Extra pages by path: [body, content type]. */
    private final Map<String, Object[]> pages = new ConcurrentHashMap<>();
    /** Paths answered 404 though the file exists (a host that did not copy everything). */
    private final java.util.Set<String> hidden = ConcurrentHashMap.newKeySet();
    /** The site's own backend minting Parley tokens at /token (null, or a null token: HTTP 500). */
    private volatile java.util.function.Supplier<String> minter;

    private HostSite(HttpServer http) {
        this.http = http;
    }

    public static HostSite start() throws IOException {
        Path webapp = Path.of(System.getProperty("parley.webapp.dir", "target/webapp"));
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HostSite site = new HostSite(http);
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            Object[] page = site.pages.get(path);
            java.util.function.Supplier<String> mint = site.minter;
            String token = path.equals("/token") && mint != null ? mint.get() : null;
            if (path.equals("/token")) {
                if (token == null) {
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                    return;
                }
                body = token.getBytes(StandardCharsets.US_ASCII);
                type = "text/plain";
            } else if (page != null) {
                body = (byte[]) page[0];
                type = (String) page[1];
            } else if (path.equals("/") || path.equals("/index.html")) {
                body = "<!DOCTYPE html><html><head><meta charset=utf-8><title>Host</title></head><body><h1>A clinic's site</h1></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                type = "text/html; charset=utf-8";
            } else if (path.matches("/parley-[a-z]+\\.(js|css)") && !site.hidden.contains(path)) {
                body = Files.readAllBytes(webapp.resolve(path.substring(1)));
                type = path.endsWith(".js") ? "text/javascript" : "text/css";
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        return site;
    }

    /** Serves html at path, encoded in charset and labelled with it (text/html; charset=...). */
    public URI page(String path, String html, Charset charset) {
        pages.put(path, new Object[] { html.getBytes(charset), "text/html; charset=" + charset.name() });
        return uri().resolve(path);
    }

    /** GET /token answers mint.get() as text (a clinic backend minting tokens); null: HTTP 500. */
    public void tokens(java.util.function.Supplier<String> mint) {
        minter = mint;
    }

    /** From now on, path is answered 404 (e.g. "/parley-media.js": a copy without the media chunk). */
    public void hide(String path) {
        hidden.add(path);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
