package io.parley.server.chat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.parley.server.http.OriginPolicy;

/**
 * Which URLs an image message or an avatar may carry: every member's browser fetches them, so an
 * arbitrary URL would let one user make the others request an internal address (169.254.169.254,
 * 127.0.0.1:8080), a tracking pixel, or a {@code javascript:} link. Allowed are a file this
 * deployment stored ({@code <the connection's own origin>/files/yyyy/mm/<32 hex>.<ext>}, exactly as
 * {@code POST /api/upload} answers) and any URL on an origin of the configured allow-list
 * ({@code --media-origins}). With {@code --dev}, any path on the server's own origin (the demo's
 * pictures under /demo/).
 */
public final class MediaUrlPolicy {
    static final int MAX_URL_CHARS = 2048;
    private static final Pattern OWN_FILE = Pattern.compile("/files/[0-9]{4}/[0-9]{2}/[0-9a-f]{32}\\.(png|jpg|gif|webp)");

    private final Set<String> origins = new LinkedHashSet<>();
    private final boolean dev;

    /** @throws IllegalArgumentException if an entry is not scheme://host[:port] (http or https) */
    public MediaUrlPolicy(List<String> mediaOrigins, boolean dev) {
        this.dev = dev;
        for (String o : mediaOrigins) {
            String normalized = OriginPolicy.normalize(o);
            if (normalized == null) {
                throw new IllegalArgumentException("not a media origin (scheme://host[:port]): '" + o + "'");
            }
            origins.add(normalized);
        }
    }

    /** The origin a client reached the server at, from the request's scheme (ws/wss count as http/https) and Host. */
    public static String ownOrigin(String scheme, String host) {
        if (scheme == null || host == null) {
            return null;
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        String web = s.equals("wss") ? "https" : s.equals("ws") ? "http" : s;
        return OriginPolicy.normalize(web + "://" + host);
    }

    /**
     * Null when url is allowed, else why not (for the error message).
     *
     * @param ownOrigin the server's origin as the client reached it (scheme://host[:port]), or null
     */
    public String refusal(String url, String ownOrigin) {
        if (url.length() > MAX_URL_CHARS) {
            return "is longer than " + MAX_URL_CHARS + " characters";
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7F || c == '\\' || c == '"' || c == '<' || c == '>' || c == '\'') {
                return "contains a space, quote, backslash, angle bracket or control character";
            }
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an absolute http(s) URL";
        }
        if (u.getRawUserInfo() != null) {
            return "must not carry a user name or password";
        }
        String origin = OriginPolicy.normalize(scheme + "://" + u.getRawAuthority());
        if (origin == null) {
            return "has no valid host";
        }
        if (origins.contains(origin)) {
            return null;
        }
        if (dev && origin.equals(ownOrigin)) {
            return null;
        }
        if (origin.equals(ownOrigin) && u.getRawQuery() == null && u.getRawFragment() == null
                && OWN_FILE.matcher(u.getRawPath()).matches()) {
            return null;
        }
        return "must be a file uploaded to this server (" + (ownOrigin == null ? "" : ownOrigin)
                + "/files/...) or on an allowed media origin" + (origins.isEmpty() ? "" : " " + origins);
    }
}
