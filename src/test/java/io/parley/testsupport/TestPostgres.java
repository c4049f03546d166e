package io.parley.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.parley.server.store.postgres.DbUrl;

/**
 * A fresh, uniquely named PostgreSQL database for one test, dropped on close. Other test runs and
 * sessions share the server, so nothing else is ever dropped. The server is found through the system
 * property {@code parley.test.pg} or env {@code PARLEY_TEST_PG} (a URL of an existing database and a role
 * that may create databases), default {@value #DEFAULT}. When it cannot be reached the test fails: a
 * missing PostgreSQL is not a reason to skip.
 */
public final class TestPostgres implements AutoCloseable {
    public static final String DEFAULT = "postgresql://127.0.0.1:5432/postgres?user=postgres&password=postgres";

    private final String name;
    private final String url;

    private TestPostgres(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** The admin URL (JDBC form) the tests connect with. */
    public static String adminUrl() {
        String v = System.getProperty("parley.test.pg");
        if (v == null || v.isEmpty()) {
            v = System.getenv("PARLEY_TEST_PG");
        }
        return DbUrl.toJdbc(v == null || v.isEmpty() ? DEFAULT : v);
    }

    /** Creates a new database parley_test_…; fails (never skips) when PostgreSQL is not there. */
    public static TestPostgres create() {
        return create("parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** Creates database name (letters, digits, _). */
    public static TestPostgres create(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        String admin = adminUrl();
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for the tests is not reachable at " + DbUrl.redact(admin)
                    + " (set -Dparley.test.pg or PARLEY_TEST_PG; ./test starts one): " + e.getMessage(), e);
        }
        return named(name);
    }

    /** An existing database name on the test server (to drop it). */
    public static TestPostgres named(String name) {
        return new TestPostgres(name, adminUrl().replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + name));
    }

    /**
     * For scripts (.ci/run, benchmarks): {@code create NAME} makes the database and prints its URL (what
     * --db takes); {@code drop NAME} drops it.
     */
    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("create")) {
            System.out.println(create(args[1]).url());
        } else if (args.length == 2 && args[0].equals("drop")) {
            named(args[1]).close();
        } else {
            System.err.println("usage: TestPostgres create|drop NAME");
            System.exit(2);
        }
    }

    /** The test database's JDBC URL (what --db also accepts). */
    public String url() {
        return url;
    }

    public String name() {
        return name;
    }

    /** One number read straight from the database, bypassing the server. */
    public long number(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops the database, closing connections a failed test may have left. */
    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
