package io.parley.server;

import java.util.ArrayList;
import java.util.List;

import io.parley.server.limits.Limit;

/** The command-line side of {@link Limit}: one {@code --flag N} per limit, and its usage lines. */
final class LimitFlags {
    private LimitFlags() {
    }

    /** The limit named by a command-line flag ("--max-..."), or null. */
    static Limit limit(String flag) {
        return flag.startsWith("--") ? Limit.byFlag(flag.substring(2)) : null;
    }

    /** One usage line per limit with its default. */
    static String usage() {
        StringBuilder out = new StringBuilder("  limits (docs/SECURITY.md), each a positive integer:");
        for (Limit l : Limit.values()) {
            out.append("\n    --").append(l.flag).append(" N  ").append(l.description).append(" (default ")
                    .append(l.defaultValue).append(')');
        }
        return out.toString();
    }

    /** A comma-separated list, blanks dropped. */
    static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
