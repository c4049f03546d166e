package io.parley.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Adds X-Content-Type-Options: nosniff to every response, so browsers trust only our Content-Types,
 * and a Content-Security-Policy header when given one (the demo pages: a header, not a {@code <meta>},
 * because Chromium's preload scanner stops fetching ahead at a CSP {@code <meta>}).
 */
public final class SecurityHeadersHandler extends Handler.Wrapper {
    private final String contentSecurityPolicy;

    public SecurityHeadersHandler(Handler next) {
        this(next, null);
    }

    public SecurityHeadersHandler(Handler next, String contentSecurityPolicy) {
        super(next);
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (contentSecurityPolicy != null) {
            response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy);
        }
        return super.handle(request, response, callback);
    }
}
