package io.parley.server.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.parley.server.auth.UserId;
import io.parley.server.store.UsageStore;

/**
 * {@link UsageStore} over the same SQLite file as {@link SqliteChatStore}, on its own short-lived
 * read connections (WAL readers never block the writer). Queried once per user per process.
 */
public final class SqliteUsage implements UsageStore {
    private final String url;

    public SqliteUsage(Path dataDir) {
        this.url = "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
    }

    @Override
    public long groupsOwned(UserId owner) {
        return sum("SELECT COUNT(*) FROM groups WHERE kind = 'group' AND owner_pin = ? AND owner_app = ?", owner);
    }

    @Override
    public long storedBytes(UserId owner) {
        return sum("SELECT COALESCE(SUM(size), 0) FROM uploads WHERE owner_pin = ? AND owner_app = ?", owner);
    }

    private long sum(String sql, UserId user) {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user.pin());
            ps.setString(2, user.appId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("usage query failed: " + e.getMessage(), e);
        }
    }
}
