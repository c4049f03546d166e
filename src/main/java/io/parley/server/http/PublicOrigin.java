package io.parley.server.http;

import io.parley.server.chat.MediaUrlPolicy;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The server's own origin (scheme://host[:port]) for a request: the --public-url when one is set,
 * else the scheme and Host the request arrived with (after {@link TrustedForwarding} applied a
 * trusted proxy's headers). Upload URLs stored in messages start with it, and a page on it may open
 * the WebSocket and upload.
 */
public final class PublicOrigin {
    private final String publicUrl;

    /** @param publicUrl an origin, or null to take each request's own */
    public PublicOrigin(String publicUrl) {
        if (publicUrl != null && OriginPolicy.normalize(publicUrl) == null) {
            throw new IllegalArgumentException("public URL must be scheme://host[:port] (http or https, no path),"
                    + " got '" + publicUrl + "'");
        }
        this.publicUrl = publicUrl == null ? null : OriginPolicy.normalize(publicUrl);
    }

    /** The configured public origin, or null. */
    public String configured() {
        return publicUrl;
    }

    /** This request's view of the server's origin; null only without a Host (HTTP/1.0 and no --public-url). */
    public String of(Request request) {
        if (publicUrl != null) {
            return publicUrl;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = request.getHttpURI().getAuthority();
        }
        return MediaUrlPolicy.ownOrigin(request.getHttpURI().getScheme(), host);
    }
}
