package io.parley.bench;

import java.util.ArrayList;
import java.util.List;

import io.parley.server.limits.Limit;

/**
 * Server flags that lift the per-user and per-address abuse limits for load runs: a benchmark's
 * clients are thousands of fast senders on one address, which is exactly what the limits refuse.
 * Limits that bound memory (outbound budget, page sizes, deadlines) stay as shipped.
 */
public final class LoadLimits {
    private static final Limit[] LIFTED = {
        Limit.MESSAGES_PER_CONNECTION_MINUTE, Limit.MESSAGES_PER_USER_MINUTE,
        Limit.MESSAGE_BYTES_PER_CONNECTION_MINUTE, Limit.MESSAGE_BYTES_PER_USER_MINUTE,
        Limit.GROUPS_PER_USER_HOUR, Limit.GROUPS_PER_USER, Limit.INVITATIONS_PER_USER_HOUR,
        Limit.CONNECTIONS_PER_USER, Limit.CONNECTIONS_PER_IP,
    };

    private LoadLimits() {
    }

    /** "--flag value" pairs for {@code io.parley.server.Main}. */
    public static List<String> serverArgs() {
        List<String> args = new ArrayList<>();
        for (Limit l : LIFTED) {
            args.add("--" + l.flag);
            args.add(Long.toString(1L << 40));
        }
        return args;
    }
}
