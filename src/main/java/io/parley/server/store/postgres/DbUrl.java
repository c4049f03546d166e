package io.parley.server.store.postgres;

import java.util.Locale;

/**
 * The {@code --db} / {@code PARLEY_DB} value: {@code postgresql://HOST:PORT/DB?user=U&password=P}
 * (or {@code postgres://...}), or a {@code jdbc:postgresql:} URL as the driver takes it.
 */
public final class DbUrl {
    private DbUrl() {
    }

    /** The JDBC URL for value. @throws IllegalArgumentException when it is not a PostgreSQL URL */
    public static String toJdbc(String value) {
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return v;
        }
        if (lower.startsWith("postgresql://")) {
            return "jdbc:" + v;
        }
        if (lower.startsWith("postgres://")) {
            return "jdbc:postgresql://" + v.substring("postgres://".length());
        }
        throw new IllegalArgumentException("--db must be postgresql://HOST:PORT/DB?user=U&password=P"
                + " or a jdbc:postgresql: URL, got '" + redact(v) + "'");
    }

    /** url with any password replaced by ***, for logs and messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
    }
}
