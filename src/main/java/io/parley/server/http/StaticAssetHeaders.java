package io.parley.server.http;

import java.util.regex.Pattern;

import io.parley.protocol.Release;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers of Parley's shipped files (/parley-*.js, .mjs, .css, their .gz twins, /integrity.json):
 * <ul>
 * <li>{@code Access-Control-Allow-Origin: *}: the widget {@code import()}s parley-media.js from Parley's
 * origin, and a module script or a {@code <script integrity crossorigin>} fetched from another origin is
 * refused without it. {@code *} is safe here: the files are public, identical for everyone, and fetched
 * without credentials (a wildcard never lets a browser send cookies along); see docs/SECURITY.md.</li>
 * <li>Versioned URLs {@code /v/VERSION/file} (VERSION = this release) serve the same files as
 * {@code /file}, cached for a year as immutable: a CDN may keep them forever, a new release has new
 * URLs. Another version under /v/ is a 404, never this release's bytes under a wrong name.</li>
 * <li>Unversioned paths: a short cache, then revalidated by ETag (a deploy shows within minutes).</li>
 * </ul>
 */
public final class StaticAssetHeaders extends Handler.Wrapper {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String SHORT = "public, max-age=300";
    private static final Pattern SHIPPED = Pattern.compile("/(parley-[a-z0-9-]+\\.(js|mjs|css)(\\.gz)?|integrity\\.json)");
    private static final String VERSIONED = "/v/";
    private static final String THIS_RELEASE = VERSIONED + Release.VERSION + "/";

    public StaticAssetHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        boolean versioned = path.startsWith(VERSIONED);
        if (versioned) {
            if (!path.startsWith(THIS_RELEASE)) {
                Response.writeError(request, response, callback, 404, "this server has release " + Release.VERSION);
                return true;
            }
            path = path.substring(THIS_RELEASE.length() - 1);
            request = withPath(request, path);
        }
        if (SHIPPED.matcher(path).matches()) {
            response.getHeaders().put("Access-Control-Allow-Origin", "*");
            response.getHeaders().put("Cross-Origin-Resource-Policy", "cross-origin");
        }
        response.getHeaders().put("Cache-Control", versioned ? IMMUTABLE : SHORT);
        if (super.handle(request, response, callback)) {
            return true;
        }
        response.getHeaders().remove("Cache-Control"); // no such file: its 404 is not cached for a year
        return false;
    }

    /** The request as if it had asked for path (the static file handler reads the path from the URI). */
    private static Request withPath(Request request, String path) {
        HttpURI uri = HttpURI.build(request.getHttpURI()).path(request.getContext().getContextPath().equals("/")
                ? path : request.getContext().getContextPath() + path);
        return new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return uri;
            }
        };
    }
}
