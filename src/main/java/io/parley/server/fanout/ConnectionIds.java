package io.parley.server.fanout;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Connection ids unique across a cluster: a random node prefix made at start plus a counter. */
public final class ConnectionIds {
    private static final String NODE = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private static final AtomicLong NEXT = new AtomicLong();

    private ConnectionIds() {
    }

    public static String next() {
        return NODE + "-" + Long.toString(NEXT.incrementAndGet(), 36);
    }
}
