package io.parley.server.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Adds X-Content-Type-Options: nosniff to every response, so browsers trust only our Content-Types. */
public final class SecurityHeadersHandler extends Handler.Wrapper {
    public SecurityHeadersHandler(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        return super.handle(request, response, callback);
    }
}
