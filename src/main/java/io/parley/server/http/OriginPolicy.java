package io.parley.server.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may open the WebSocket (docs/PROTOCOL.md): the server's own origin, the
 * configured list, and with dev any http://localhost or http://127.0.0.1 port. No Origin header
 * (non-browser client) is allowed: the token still gates it. This stops other sites' pages from
 * riding a user's browser into the chat.
 */
public final class OriginPolicy {
    private final Set<String> allowed = new LinkedHashSet<>();
    private final boolean dev;

    /** @throws IllegalArgumentException if an entry is not scheme://host[:port] */
    public OriginPolicy(List<String> allowedOrigins, boolean dev) {
        for (String origin : allowedOrigins) {
            String normalized = normalize(origin);
            if (normalized == null) {
                throw new IllegalArgumentException("not an origin (scheme://host[:port]): '" + origin + "'");
            }
            allowed.add(normalized);
        }
        this.dev = dev;
    }

    /**
     * @param origin      the Origin header, or null when absent
     * @param scheme      the request's scheme (http/https) — with host, the server's own origin
     * @param hostHeader  the request's Host header, or null
     */
    public boolean isAllowed(String origin, String scheme, String hostHeader) {
        return isAllowed(origin, hostHeader == null || scheme == null ? null : normalize(scheme + "://" + hostHeader));
    }

    /**
     * @param origin    the Origin header, or null when absent
     * @param ownOrigin the server's own origin as {@link PublicOrigin} sees it (normalized), or null
     */
    public boolean isAllowed(String origin, String ownOrigin) {
        if (origin == null) {
            return true;
        }
        String o = normalize(origin);
        if (o == null) {
            return false; // includes the opaque "null" origin of sandboxed frames and file: pages
        }
        if (allowed.contains(o) || o.equals(ownOrigin)) {
            return true;
        }
        return dev && isLocalDev(o);
    }

    private static boolean isLocalDev(String normalized) {
        try {
            URI u = new URI(normalized);
            return "http".equals(u.getScheme()) && ("localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** scheme://host[:port] lower-cased with the default port dropped; null if it is not an origin. */
    public static String normalize(String origin) {
        if (origin == null || origin.isEmpty()) {
            return null;
        }
        URI u;
        try {
            u = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = u.getScheme();
        String host = u.getHost();
        if (scheme == null || host == null || u.getRawUserInfo() != null || u.getRawQuery() != null
                || u.getRawFragment() != null || (u.getRawPath() != null && !u.getRawPath().isEmpty()
                && !"/".equals(u.getRawPath()))) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return null;
        }
        int port = u.getPort();
        if (("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443)) {
            port = -1;
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port);
    }
}
