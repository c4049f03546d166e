package io.parley.server.limits;

import java.util.List;

import io.parley.server.http.TrustedProxies;

/**
 * The client's address for per-address limits: the socket's peer, unless that peer is a configured
 * trusted proxy, in which case X-Forwarded-For is read from the right, skipping trusted proxies, and
 * the first other address is the client. Anyone else's X-Forwarded-For is ignored (it is forgeable).
 */
public final class ClientAddress {
    private final TrustedProxies trustedProxies;

    /** @param trustedProxies IP addresses and CIDR blocks ({@link TrustedProxies}) */
    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = new TrustedProxies(trustedProxies);
    }

    public String resolve(String remoteAddress, String forwardedFor) {
        if (forwardedFor == null || !trustedProxies.contains(remoteAddress)) {
            return remoteAddress;
        }
        String[] hops = forwardedFor.split(",");
        String client = remoteAddress;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            client = hop;
            if (!trustedProxies.contains(hop)) {
                break;
            }
        }
        return client;
    }
}
