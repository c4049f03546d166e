package io.parley.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.jetty.util.InetAddressSet;

/**
 * The --trusted-proxies list: IP addresses and CIDR blocks (10.0.0.0/8, fd00::/8) whose forwarding
 * headers are believed. Only IP literals are matched, never names: a name would need a DNS lookup,
 * and a forged header value must not make us do one.
 */
public final class TrustedProxies {
    /** Digits, dots, hex and colons only (an IPv4 or IPv6 literal): what InetAddress parses without DNS. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final InetAddressSet set = new InetAddressSet();
    private final boolean empty;

    /** @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR block */
    public TrustedProxies(List<String> entries) {
        for (String entry : entries) {
            String e = entry.trim();
            int slash = e.indexOf('/');
            String ip = slash < 0 ? e : e.substring(0, slash);
            boolean ok = IP_LITERAL.matcher(ip).matches()
                    && (slash < 0 || e.substring(slash + 1).matches("[0-9]{1,3}"));
            if (ok) {
                try {
                    set.add(e);
                } catch (RuntimeException bad) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException("trusted proxy '" + entry
                        + "' is not an IP address or CIDR block (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)");
            }
        }
        this.empty = entries.isEmpty();
    }

    public boolean isEmpty() {
        return empty;
    }

    /** Whether address (an IP literal, optionally in [brackets]) is a trusted proxy; false for anything else. */
    public boolean contains(String address) {
        if (empty || address == null) {
            return false;
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!IP_LITERAL.matcher(a).matches()) {
            return false;
        }
        try {
            return set.test(InetAddress.getByName(a));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
