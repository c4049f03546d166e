package io.parley.server.http;

import java.util.regex.Pattern;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets any page load Parley's shipped bundles (/parley-*.js, /parley-*.css and their .gz twins)
 * across origins: the widget {@code import()}s parley-media.js from Parley's origin, and a module
 * script fetched from another origin is refused without {@code Access-Control-Allow-Origin}.
 * {@code *} is safe here: the files are public, identical for everyone, and fetched without
 * credentials (a wildcard never lets a browser send cookies along); see docs/SECURITY.md.
 */
public final class StaticAssetHeaders extends Handler.Wrapper {
    private static final Pattern BUNDLE = Pattern.compile("/parley-[a-z0-9-]+\\.(js|css)(\\.gz)?");

    public StaticAssetHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (BUNDLE.matcher(Request.getPathInContext(request)).matches()) {
            response.getHeaders().put("Access-Control-Allow-Origin", "*");
            response.getHeaders().put("Cross-Origin-Resource-Policy", "cross-origin");
        }
        return super.handle(request, response, callback);
    }
}
