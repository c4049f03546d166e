package io.parley.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection as the store's code uses it: prepared statements by SQL text, each run counted (tests
 * and measurements read the count). A long-lived connection (SQLite) keeps its statements compiled; a
 * pooled one (PostgreSQL, whose driver caches server-side plans per connection itself) closes them when
 * given back.
 */
public final class Sql {
    public final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final List<PreparedStatement> unnamed = new ArrayList<>();
    private final LongAdder counter;

    public Sql(Connection connection, LongAdder counter) {
        this.connection = connection;
        this.counter = counter;
    }

    /** The statement for sql on this connection, prepared once. */
    public PreparedStatement ps(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** A statement for one use (e.g. with generated keys), closed with the others. */
    public PreparedStatement once(String sql) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        unnamed.add(ps);
        return ps;
    }

    /** Runs a query; the caller closes the ResultSet (an open one would pin a SQLite read transaction). */
    public ResultSet query(PreparedStatement ps) throws SQLException {
        counter.increment();
        return ps.executeQuery();
    }

    public int update(PreparedStatement ps) throws SQLException {
        counter.increment();
        return ps.executeUpdate();
    }

    /**
     * Runs statements that may be several separated by ';' (PostgreSQL's driver sends them in one round
     * trip, each with its own snapshot, and the caller walks their results): counted as one.
     */
    public boolean execute(PreparedStatement ps) throws SQLException {
        counter.increment();
        return ps.execute();
    }

    /** Runs a JDBC batch: one round trip for many rows, counted as one statement. */
    public int[] batch(PreparedStatement ps) throws SQLException {
        counter.increment();
        return ps.executeBatch();
    }

    /** The first column of the first row as a long, or dflt when there is no row. */
    public long number(PreparedStatement ps, long dflt) throws SQLException {
        try (ResultSet rs = query(ps)) {
            return rs.next() ? rs.getLong(1) : dflt;
        }
    }

    /** Runs work in one transaction on this connection (e.g. reads that must see one snapshot). */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(this);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Closes the statements (the connection stays open). */
    public void closeStatements() {
        List<PreparedStatement> all = new ArrayList<>(statements.values());
        all.addAll(unnamed);
        statements.clear();
        unnamed.clear();
        for (PreparedStatement ps : all) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection is going away or back to the pool; nothing to keep
            }
        }
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Sql sql) throws SQLException;
    }
}
