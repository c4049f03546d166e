package io.parley.server.store.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.parley.server.auth.UserId;
import io.parley.server.media.MediaStorage;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Group;
import io.parley.server.store.Member;
import io.parley.server.store.UnreadChange;
import io.parley.server.store.jdbc.GroupCommitWriter;
import io.parley.server.store.jdbc.GroupCommitWriter.Batch;
import io.parley.server.store.jdbc.JdbcChatStore;
import io.parley.server.store.jdbc.Migrations;
import io.parley.server.store.jdbc.Queries;
import io.parley.server.store.jdbc.Sql;

/**
 * {@link ChatStore} on PostgreSQL, shared by any number of Parley nodes, pooled with HikariCP.
 *
 * <p>Writes go through one {@link GroupCommitWriter} per node, each batch on a pooled connection in one
 * transaction. Nothing a node keeps in memory decides an outcome: mids, de-duplication and unread counts
 * are decided in the database under the conversation's row lock ({@link PostgresAppends}); markRead,
 * recall and a member change take the same lock first. Only the direct-chat key → gid mapping, which
 * never changes, is cached.
 */
public final class PostgresChatStore extends JdbcChatStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChatStore.class);
    /** Readers plus the writer's connection; several nodes share the server's max_connections. */
    public static final int DEFAULT_POOL_SIZE = 8;
    private static final Object WRITER_SQL = new Object();

    static final String MOVE_CURSOR = "INSERT INTO read_cursors (gid, pin, app_id, last_read_mid) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (gid, pin, app_id) DO UPDATE"
            + " SET last_read_mid = GREATEST(read_cursors.last_read_mid, EXCLUDED.last_read_mid)";
    static final String SET_UNREAD = "INSERT INTO unread_counts (pin, app_id, gid, count) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (pin, app_id, gid) DO UPDATE SET count = EXCLUDED.count";

    private final HikariDataSource pool;
    private final String where;
    private final MemberCache memberCache = new MemberCache();

    private PostgresChatStore(HikariDataSource pool, String where, int batchMax, long batchWaitMs) {
        super(new Dialect("seq", " FOR UPDATE", true));
        this.pool = pool;
        this.where = where;
        this.writer = new GroupCommitWriter("pg", new GroupCommitWriter.Connections() {
            @Override
            public Connection acquire() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void release(Connection c) {
                try {
                    c.close(); // back to the pool, which closes the batch's statements
                } catch (SQLException e) {
                    LOG.warn("returning a connection failed: {}", e.getMessage());
                }
            }
        }, b -> PostgresAppends.flush(b, writerSql(b), memberCache), batchMax, batchWaitMs);
    }

    /** Opens the database at a {@code jdbc:postgresql:} URL and brings its schema up to date. */
    public static PostgresChatStore open(String jdbcUrl, int batchMax, long batchWaitMs, int poolSize) {
        String where = DbUrl.redact(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("parley-pg");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true"); // a batch of INSERTs goes as multi-row ones
        config.addDataSourceProperty("ApplicationName", "parley");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to " + where + ": " + rootMessage(e), e);
        }
        try {
            Migrations.migrate(pool, "postgresql", where); // Flyway's advisory lock keeps nodes from racing here
            PostgresChatStore store = new PostgresChatStore(pool, where, batchMax, batchWaitMs);
            store.loadEpoch();
            store.writer.start();
            LOG.info("PostgreSQL store at {} (pool {}, batch<={}, wait {} ms)", where, poolSize, batchMax, batchWaitMs);
            return store;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    protected Sql writerSql(Batch b) {
        return (Sql) b.dirty.computeIfAbsent(WRITER_SQL, k -> new Sql(b.connection, statements));
    }

    // ---- members: cached, see MemberCache for why that is safe with several nodes ----

    @Override
    public List<Member> members(long gid) {
        List<Member> cached = memberCache.get(gid);
        return cached != null ? cached : memberCache.loaded(gid, super.members(gid));
    }

    @Override
    public Optional<Member> findMember(long gid, UserId user) {
        Optional<Member> found = memberCache.find(gid, user);
        if (found.isPresent()) {
            return found;
        }
        return MemberCache.find(memberCache.loaded(gid, super.members(gid)), user); // joined on another node?
    }

    @Override
    protected void membersChanged(Batch b, long gid, List<Member> list) {
        memberCache.invalidate(gid);
        b.onCommit(() -> memberCache.invalidate(gid));
    }

    @Override
    public CompletableFuture<Appended> append(ChatMessage draft) {
        return writer.submitDeferred(b -> PostgresAppends.add(b, draft));
    }

    /** Locks gid's row, the order every writer of its messages, cursors and counts follows; its last mid (-1: none). */
    private long lock(Sql sql, long gid) throws SQLException {
        Optional<Group> g = Queries.loadGroup(sql, gid, dialect.forUpdate());
        return g.isPresent() ? g.get().lastMid() : -1;
    }

    @Override
    public CompletableFuture<ReadMove> markRead(long gid, UserId user, long mid) {
        return writer.submit(b -> {
            Sql sql = writerSql(b);
            long last = Math.max(0, lock(sql, gid));
            long target = Math.min(mid, last);
            long current = Queries.readCursor(sql, gid, user);
            if (target <= current) {
                return new ReadMove(false, current, List.of());
            }
            PreparedStatement ps = sql.ps(MOVE_CURSOR);
            ps.setLong(1, gid);
            ps.setString(2, user.pin());
            ps.setString(3, user.appId());
            ps.setLong(4, target);
            sql.update(ps);
            long left = target >= last ? 0 : Queries.countAfter(sql, gid, target, user);
            List<UnreadChange> changes = new ArrayList<>(1);
            setUnread(sql, user, gid, Queries.unreadCount(sql, gid, user), left, changes);
            return new ReadMove(true, target, changes);
        });
    }

    @Override
    public CompletableFuture<Recall> recall(long gid, long mid, UserId by, long recalledAt, long windowMs) {
        return writer.submit(b -> {
            Sql sql = writerSql(b);
            lock(sql, gid);
            Recall checked = Queries.recallMessage(sql, gid, mid, by, recalledAt, windowMs);
            if (checked.outcome() != RecallOutcome.RECALLED) {
                return checked;
            }
            ChatMessage m = checked.message();
            // members who had not read it (cursor below mid, not the sender) lose one unread
            PreparedStatement who = sql.ps("SELECT mb.pin, mb.app_id, COALESCE(u.count, 0) FROM members mb"
                    + " LEFT JOIN read_cursors rc ON rc.gid = mb.gid AND rc.pin = mb.pin AND rc.app_id = mb.app_id"
                    + " LEFT JOIN unread_counts u ON u.gid = mb.gid AND u.pin = mb.pin AND u.app_id = mb.app_id"
                    + " WHERE mb.gid = ? AND COALESCE(rc.last_read_mid, 0) < ? AND NOT (mb.pin = ? AND mb.app_id = ?)"
                    + " ORDER BY mb.joined_at, mb.seq");
            who.setLong(1, gid);
            who.setLong(2, mid);
            who.setString(3, m.sender().pin());
            who.setString(4, m.sender().appId());
            List<Object[]> affected = new ArrayList<>();
            try (ResultSet rs = sql.query(who)) {
                while (rs.next()) {
                    affected.add(new Object[] {new UserId(rs.getString(1), rs.getString(2)), rs.getLong(3)});
                }
            }
            List<UnreadChange> changes = new ArrayList<>();
            for (Object[] a : affected) {
                long old = (Long) a[1];
                setUnread(sql, (UserId) a[0], gid, old, Math.max(0, old - 1), changes);
            }
            return new Recall(RecallOutcome.RECALLED, m, changes);
        });
    }

    @Override
    protected void seedUnread(Batch b, long gid, Set<UserId> added) throws SQLException {
        Sql sql = writerSql(b);
        for (UserId u : added) {
            setUnread(sql, u, gid, 0, Queries.countAfter(sql, gid, 0, u), null);
        }
    }

    /** Writes user's count in gid when it changes from old, and records the change with the new total. */
    private static void setUnread(Sql sql, UserId user, long gid, long old, long count, List<UnreadChange> changes)
            throws SQLException {
        if (count == old) {
            return;
        }
        PreparedStatement ps = sql.ps(SET_UNREAD);
        bindUnread(ps, user, gid, count);
        sql.update(ps);
        if (changes != null) {
            changes.add(new UnreadChange(user, gid, count, Queries.unreadTotal(sql, user)));
        }
    }

    static void bindUnread(PreparedStatement ps, UserId user, long gid, long count) throws SQLException {
        ps.setString(1, user.pin());
        ps.setString(2, user.appId());
        ps.setLong(3, gid);
        ps.setLong(4, count);
    }

    /** One statement for both counts: a pooled connection and a round trip per pusher window, not two. */
    @Override
    public UnreadChange unreadNow(long gid, UserId user) {
        return read(sql -> {
            PreparedStatement ps = sql.ps("SELECT COALESCE(SUM(count) FILTER (WHERE gid = ?), 0), COALESCE(SUM(count), 0)"
                    + " FROM unread_counts WHERE pin = ? AND app_id = ?");
            ps.setLong(1, gid);
            ps.setString(2, user.pin());
            ps.setString(3, user.appId());
            try (ResultSet rs = sql.query(ps)) {
                rs.next(); // an aggregate: always one row
                return new UnreadChange(user, gid, rs.getLong(1), rs.getLong(2));
            }
        });
    }

    /** Every pair in one statement: one pooled connection and one round trip per pusher tick. */
    @Override
    public List<UnreadChange> unreadNow(List<UnreadKey> keys) {
        if (keys.size() == 1) {
            return List.of(unreadNow(keys.get(0).gid(), keys.get(0).user()));
        }
        String[] pins = new String[keys.size()];
        String[] apps = new String[keys.size()];
        Long[] gids = new Long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            pins[i] = keys.get(i).user().pin();
            apps[i] = keys.get(i).user().appId();
            gids[i] = keys.get(i).gid();
        }
        Map<UnreadKey, UnreadChange> found = read(sql -> {
            PreparedStatement ps = sql.ps("SELECT k.pin, k.app_id, k.gid,"
                    + " COALESCE(SUM(u.count) FILTER (WHERE u.gid = k.gid), 0), COALESCE(SUM(u.count), 0)"
                    + " FROM unnest(?::text[], ?::text[], ?::bigint[]) AS k(pin, app_id, gid)"
                    + " LEFT JOIN unread_counts u ON u.pin = k.pin AND u.app_id = k.app_id"
                    + " GROUP BY k.pin, k.app_id, k.gid");
            ps.setArray(1, sql.connection.createArrayOf("text", pins));
            ps.setArray(2, sql.connection.createArrayOf("text", apps));
            ps.setArray(3, sql.connection.createArrayOf("bigint", gids));
            Map<UnreadKey, UnreadChange> out = new HashMap<>();
            try (ResultSet rs = sql.query(ps)) {
                while (rs.next()) {
                    UserId u = new UserId(rs.getString(1), rs.getString(2));
                    out.put(new UnreadKey(u, rs.getLong(3)), new UnreadChange(u, rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
            return out;
        });
        List<UnreadChange> answers = new ArrayList<>(keys.size());
        for (UnreadKey k : keys) {
            answers.add(found.get(k)); // every asked pair has its group row
        }
        return answers;
    }

    /** Uploads go into the database too, so every node serves every upload (no shared filesystem needed). */
    @Override
    public MediaStorage mediaStorage(Path dataDir) {
        return new PostgresMedia(pool);
    }

    @Override
    protected <T> T read(Sql.Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(new Sql(c, statements));
        } catch (SQLException e) {
            throw new IllegalStateException("database read failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected <T> T readSnapshot(Sql.Work<T> work) {
        return read(sql -> {
            sql.connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot for all
            try {
                return sql.inTransaction(work);
            } finally {
                sql.connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        });
    }

    /** Whether the database answers (for health checks). */
    public boolean healthy() {
        try {
            return read(sql -> sql.connection.isValid(2));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** /api/health: a pooled connection answers within 2 s. */
    @Override
    public void ping() {
        if (!healthy()) {
            throw new IllegalStateException("PostgreSQL does not answer");
        }
    }

    @Override
    public synchronized void close() {
        writer.close(); // finishes the queued writes first
        pool.close();
        LOG.info("PostgreSQL store at {} closed", where);
    }
}
