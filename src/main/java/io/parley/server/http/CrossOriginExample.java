package io.parley.server.http;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;

import io.parley.server.auth.TokenService;

/**
 * With --dev, on a second port: the clinic site of docs/EMBEDDING.md (the files in demo/cross-origin/),
 * a page of another origin that embeds the widget from Parley's origin under the guide's strict CSP.
 * It plays the clinic's web server and backend: it mints the page's token, and it swaps the guide's
 * example origin (https://chat.example.com) for the Parley server the browser reaches, so the files
 * stay the guide's text line for line.
 */
public final class CrossOriginExample extends Handler.Abstract {
    /** The guide's example origin, in the files and in {@link #CSP}. */
    public static final String EXAMPLE_ORIGIN = "chat.example.com";
    /** What the files say where the clinic's backend puts the token. */
    public static final String TOKEN_PLACEHOLDER = "TOKEN-FROM-YOUR-BACKEND";
    /** docs/EMBEDDING.md section 4, sent as a header (CrossOriginDemoE2ETest compares the two). */
    public static final String CSP = "default-src 'none'; script-src 'self' https://chat.example.com;"
            + " style-src 'self' https://chat.example.com; connect-src 'self' wss://chat.example.com https://chat.example.com;"
            + " img-src 'self' https://chat.example.com blob: data:";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8");
    private static final long TOKEN_SECONDS = 3600;
    /** The guide's tokenProvider example fetches this (docs/EMBEDDING.md section 2). */
    public static final String TOKEN_PATH = "/my/parley-token";

    private final Resource files;
    private final TokenService tokens;
    private final IntSupplier parleyPort;

    /** files: the demo's cross-origin/ folder; parleyPort: where the chat server listens. */
    public CrossOriginExample(Resource files, TokenService tokens, IntSupplier parleyPort) {
        this.files = files;
        this.tokens = tokens;
        this.parleyPort = parleyPort;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals(TOKEN_PATH)) {
            // the clinic backend's endpoint that the guide's tokenProvider example fetches (same origin)
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'");
            String token = tokens.sign("patient-1", "clinic.web", System.currentTimeMillis() / 1000 + TOKEN_SECONDS);
            response.write(true, ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)), callback);
            return true;
        }
        if (path.equals("/")) {
            path = "/index.html";
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        Resource file = path.matches("/[a-z-]+\\.(html|js|css)") ? files.resolve(path.substring(1)) : null;
        if (file == null || !file.exists() || !TYPES.containsKey(ext)) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return true;
        }
        String text;
        try (InputStream in = file.newInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the Parley server on the host name this browser used for the clinic, on Parley's port
        String host = Request.getServerName(request);
        String parley = (host.contains(":") ? "[" + host + "]" : host) + ":" + parleyPort.getAsInt();
        text = local(text, parley);
        if (text.contains(TOKEN_PLACEHOLDER)) {
            long exp = System.currentTimeMillis() / 1000 + TOKEN_SECONDS;
            text = text.replace(TOKEN_PLACEHOLDER, tokens.sign("patient-1", "clinic.web", exp));
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(ext));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", local(CSP, parley));
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The guide's https/wss example origin as plain http/ws on this machine. */
    static String local(String text, String parley) {
        return text.replace("https://" + EXAMPLE_ORIGIN, "http://" + parley).replace("wss://" + EXAMPLE_ORIGIN, "ws://" + parley);
    }
}
