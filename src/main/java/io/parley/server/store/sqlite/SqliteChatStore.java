package io.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Member;
import io.parley.server.store.jdbc.GroupCommitWriter;
import io.parley.server.store.jdbc.GroupCommitWriter.Batch;
import io.parley.server.store.jdbc.JdbcChatStore;
import io.parley.server.store.jdbc.Migrations;
import io.parley.server.store.jdbc.Queries;
import io.parley.server.store.jdbc.Sql;

/**
 * {@link ChatStore} in one SQLite file, {@code <dataDir>/parley.db}, in WAL mode.
 *
 * <p>All writes run on one {@link GroupCommitWriter} thread, many per transaction, with prepared
 * statements kept open; {@link SqliteMessages} keeps that thread's mid sequencer and unread counters
 * in memory. Reads use a small pool of separate connections, which WAL lets run beside the writer.
 * Members are cached; a group change invalidates its entry after the commit.
 */
public final class SqliteChatStore extends JdbcChatStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteChatStore.class);
    private static final int READERS = 4;
    static final int BUSY_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_BATCH_MAX = 512;
    public static final long DEFAULT_BATCH_WAIT_MS = 0;

    /** synchronous=NORMAL survives a process crash; FULL also survives a power cut (docs/RELIABILITY.md). */
    public enum Sync { NORMAL, FULL }

    /** Tuning of the writer; defaults suit a small server. */
    public record Options(Sync sync, int batchMax, long batchWaitMs) {
        public static final Options DEFAULTS = new Options(Sync.NORMAL, DEFAULT_BATCH_MAX, DEFAULT_BATCH_WAIT_MS);

        public Options {
            if (batchMax < 1 || batchWaitMs < 0) {
                throw new IllegalArgumentException("batchMax must be >= 1 and batchWaitMs >= 0");
            }
        }
    }

    private final Path file;
    private final Connection writerConnection;
    private final Sql writerSql;
    private final SqliteMessages messages;
    private final BlockingQueue<Sql> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Sql> allReaders = new ArrayList<>();
    private final Map<Long, List<Member>> members = new ConcurrentHashMap<>();
    /** Bumped on every member-cache invalidation so a reader's concurrent load cannot re-insert stale data. */
    private final AtomicLong membersVersion = new AtomicLong();

    private SqliteChatStore(Path file, Connection writerConnection, Options options) {
        super(new Dialect("rowid", "", false));
        this.file = file;
        this.writerConnection = writerConnection;
        this.writerSql = new Sql(writerConnection, statements);
        this.messages = new SqliteMessages(this, writerSql);
        this.writer = new GroupCommitWriter("sqlite", new GroupCommitWriter.Connections() {
            @Override
            public Connection acquire() {
                return writerConnection;
            }

            @Override
            public void release(Connection c) {
                // the writer's own connection stays open until close
            }
        }, messages::flush, options.batchMax(), options.batchWaitMs());
    }

    /** Opens (creating if needed) {@code dataDir/parley.db} with the default options. */
    public static SqliteChatStore open(Path dataDir) {
        return open(dataDir, Options.DEFAULTS);
    }

    /** Opens (creating if needed) {@code dataDir/parley.db} and brings its schema up to date. */
    public static SqliteChatStore open(Path dataDir, Options options) {
        Path file = dataDir.resolve("parley.db").toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            SQLiteDataSource ds = new SQLiteDataSource(config(SQLiteConfig.TransactionMode.IMMEDIATE, options.sync()));
            ds.setUrl("jdbc:sqlite:" + file);
            Migrations.migrate(ds, "sqlite", file.toString());
            SqliteChatStore store = new SqliteChatStore(file,
                    connect(file, SQLiteConfig.TransactionMode.IMMEDIATE, options.sync()), options);
            try {
                for (int i = 0; i < READERS; i++) {
                    Sql r = new Sql(connect(file, SQLiteConfig.TransactionMode.DEFERRED, options.sync()),
                            store.statements);
                    store.allReaders.add(r);
                    store.readers.add(r);
                }
                store.loadEpoch();
                store.writer.start();
            } catch (RuntimeException | SQLException e) {
                store.close();
                throw e;
            }
            LOG.info("SQLite store at {} (synchronous={}, batch<={}, wait {} ms)", file, options.sync(),
                    options.batchMax(), options.batchWaitMs());
            return store;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig config(SQLiteConfig.TransactionMode mode, Sync sync) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(sync == Sync.FULL ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        // Freed space (e.g. a recalled message's old content) is overwritten with zeros.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        // IMMEDIATE for the writer: take the write lock at BEGIN, never upgrade mid-transaction.
        config.setTransactionMode(mode);
        // Nothing reads getGeneratedKeys; left on, the driver regex-matches every statement and runs an
        // extra "SELECT last_insert_rowid()" after each INSERT (a tenth of the writer's time under load).
        config.setGetGeneratedKeys(false);
        return config;
    }

    private static Connection connect(Path file, SQLiteConfig.TransactionMode mode, Sync sync) throws SQLException {
        return config(mode, sync).createConnection("jdbc:sqlite:" + file);
    }

    Path file() {
        return file;
    }

    /** A PRAGMA's value as the store's own connections see it (tests check the settings took). */
    String pragma(String name) {
        return read(r -> {
            try (Statement st = r.connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    @Override
    protected Sql writerSql(Batch b) {
        return writerSql;
    }

    // ---- members, cached ----

    @Override
    protected void membersChanged(Batch b, long gid, List<Member> list) {
        if (list == null) {
            invalidateMembers(gid);
            b.onCommit(() -> invalidateMembers(gid));
        } else {
            b.onCommit(() -> members.put(gid, list));
        }
    }

    private void invalidateMembers(long gid) {
        membersVersion.incrementAndGet();
        members.remove(gid);
    }

    @Override
    public List<Member> members(long gid) {
        List<Member> cached = members.get(gid);
        if (cached != null) {
            return cached;
        }
        long version = membersVersion.get();
        List<Member> loaded = super.members(gid);
        if (loaded.isEmpty()) {
            return loaded; // no such conversation (yet): never cache that, the gid may be created next
        }
        members.putIfAbsent(gid, loaded);
        if (membersVersion.get() != version) {
            members.remove(gid, loaded); // a group change raced with the load
        }
        return loaded;
    }

    /** members(gid) for the writer: sees the batch's own changes, caches only what gets committed. */
    List<Member> membersInBatch(Batch b, long gid) throws SQLException {
        List<Member> cached = members.get(gid);
        if (cached != null) {
            return cached;
        }
        List<Member> loaded = List.copyOf(Queries.loadMembers(writerSql, gid, dialect.memberSeq()));
        if (loaded.isEmpty()) {
            return loaded;
        }
        members.put(gid, loaded);
        b.onRollback(() -> members.remove(gid, loaded));
        return loaded;
    }

    // ---- messages and read state: the writer's in-memory path ----

    @Override
    public CompletableFuture<Appended> append(ChatMessage draft) {
        return writer.submit(b -> messages.append(b, draft));
    }

    @Override
    public CompletableFuture<Recall> recall(long gid, long mid, UserId by, long recalledAt, long windowMs) {
        return writer.submit(b -> messages.recall(b, gid, mid, by, recalledAt, windowMs));
    }

    @Override
    public CompletableFuture<ReadMove> markRead(long gid, UserId user, long mid) {
        return writer.submit(b -> messages.markRead(b, gid, user, mid));
    }

    @Override
    protected void seedUnread(Batch b, long gid, Set<UserId> added) throws SQLException {
        messages.seedUnread(b, gid, added);
    }

    @Override
    public long unreadCount(long gid, UserId user) {
        return counters(user).get(gid);
    }

    @Override
    public long unreadTotal(UserId user) {
        return counters(user).total();
    }

    /** user's counters: from memory, or loaded by the writer so no load can race a write. */
    private SqliteMessages.UserUnread counters(UserId user) {
        SqliteMessages.UserUnread uu = messages.loaded(user);
        return uu != null ? uu : writer.call(b -> messages.unreadOf(b, user));
    }

    @Override
    public List<Unread> unread(UserId user) {
        SqliteMessages.UserUnread uu = counters(user);
        List<Unread> out = new ArrayList<>();
        for (Unread u : super.unread(user)) {
            out.add(new Unread(u.gid(), uu.get(u.gid()), u.lastMid()));
        }
        return out;
    }

    // ---- connections ----

    @Override
    protected <T> T read(Sql.Work<T> work) {
        Sql r = borrowReader();
        try {
            return work.run(r);
        } catch (SQLException e) {
            throw new IllegalStateException("database read failed: " + e.getMessage(), e);
        } finally {
            readers.add(r);
        }
    }

    @Override
    protected <T> T readSnapshot(Sql.Work<T> work) {
        return read(r -> r.inTransaction(work));
    }

    private Sql borrowReader() {
        try {
            Sql r = readers.poll(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IllegalStateException("no database connection free (store closed or overloaded)");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a database connection", e);
        }
    }

    @Override
    public synchronized void close() {
        writer.close(); // finishes the queued writes first
        for (Sql r : allReaders) {
            closeQuietly(r);
        }
        readers.clear();
        allReaders.clear();
        closeQuietly(writerSql);
    }

    private static void closeQuietly(Sql sql) {
        sql.closeStatements();
        try {
            sql.connection.close();
        } catch (SQLException e) {
            LOG.warn("closing database connection failed: {}", e.getMessage());
        }
    }
}
