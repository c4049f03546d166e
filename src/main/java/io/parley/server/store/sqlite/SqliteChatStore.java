package io.parley.server.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import io.parley.protocol.Limits;
import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Group;
import io.parley.server.store.GroupFullException;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.HistoryPage;
import io.parley.server.store.Member;
import io.parley.server.store.UnreadChange;
import io.parley.server.store.UploadStore;
import io.parley.server.store.sqlite.GroupCommitWriter.Batch;

/**
 * {@link ChatStore} in one SQLite file, {@code <dataDir>/parley.db}, in WAL mode.
 *
 * <p>All writes run on one {@link GroupCommitWriter} thread, many per transaction, with prepared
 * statements kept open. That thread owns the per-conversation mid sequencer (seeded from
 * {@code groups.last_mid} at first use) and the unread counters (loaded per user at first use), so
 * each append costs one INSERT plus a share of the per-batch updates, never a recount. Reads use a
 * small pool of separate connections, which WAL lets run beside the writer. Members and direct chats
 * are cached; a group change invalidates its entry after the commit.
 */
public final class SqliteChatStore implements ChatStore, UploadStore {
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

    /** Schema migrations; entry i brings the schema to version i + 1. Append only, never edit. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    "CREATE TABLE groups ("
                            + " gid INTEGER PRIMARY KEY AUTOINCREMENT,"
                            + " kind TEXT NOT NULL CHECK (kind IN ('group', 'direct')),"
                            + " direct_key TEXT UNIQUE,"
                            + " name TEXT, nick TEXT, intro TEXT, notice TEXT, approval_rule TEXT, s_code TEXT,"
                            + " avatar TEXT, invitation TEXT,"
                            + " can_search INTEGER NOT NULL DEFAULT 0,"
                            + " max_members INTEGER NOT NULL,"
                            + " group_kind INTEGER NOT NULL DEFAULT 1024,"
                            + " biz_ext TEXT,"
                            + " owner_pin TEXT, owner_app TEXT,"
                            + " last_mid INTEGER NOT NULL DEFAULT 0,"
                            + " created_at INTEGER NOT NULL,"
                            + " updated_at INTEGER NOT NULL)",
                    "CREATE TABLE members ("
                            + " gid INTEGER NOT NULL REFERENCES groups(gid),"
                            + " pin TEXT NOT NULL, app_id TEXT NOT NULL, nick_name TEXT,"
                            + " joined_at INTEGER NOT NULL,"
                            + " PRIMARY KEY (gid, pin, app_id))",
                    "CREATE INDEX members_by_user ON members(pin, app_id)",
                    "CREATE TABLE messages ("
                            + " gid INTEGER NOT NULL REFERENCES groups(gid),"
                            + " mid INTEGER NOT NULL,"
                            + " sender_pin TEXT NOT NULL, sender_app TEXT NOT NULL, sender_nick TEXT,"
                            + " type TEXT NOT NULL, content TEXT NOT NULL, payload TEXT,"
                            + " client_msg_id TEXT NOT NULL,"
                            + " created_at INTEGER NOT NULL,"
                            + " PRIMARY KEY (gid, mid),"
                            + " UNIQUE (sender_pin, sender_app, client_msg_id))"),
            // 2: reliability (docs/PROTOCOL.md "Resume, recall, read receipts, unread, typing")
            List.of(
                    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    "INSERT INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(16))))",
                    "ALTER TABLE messages ADD COLUMN fallback_text TEXT",
                    "ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
                    "ALTER TABLE messages ADD COLUMN recalled_at INTEGER",
                    "CREATE TABLE read_cursors ("
                            + " gid INTEGER NOT NULL REFERENCES groups(gid),"
                            + " pin TEXT NOT NULL, app_id TEXT NOT NULL,"
                            + " last_read_mid INTEGER NOT NULL,"
                            + " PRIMARY KEY (gid, pin, app_id))"),
            // 3: uploaded images (docs/PROTOCOL.md "Images"); the files live under <dataDir>/files
            List.of(
                    "CREATE TABLE uploads ("
                            + " name TEXT PRIMARY KEY,"
                            + " owner_pin TEXT NOT NULL, owner_app TEXT NOT NULL,"
                            + " mime TEXT NOT NULL, size INTEGER NOT NULL,"
                            + " width INTEGER NOT NULL, height INTEGER NOT NULL,"
                            + " sha256 TEXT NOT NULL,"
                            + " created_at INTEGER NOT NULL)",
                    "CREATE INDEX uploads_by_owner ON uploads(owner_pin, owner_app, created_at)"),
            // 4: unread counts kept incrementally (issue 8), seeded by one recount of every membership
            List.of(
                    "CREATE TABLE unread_counts ("
                            + " pin TEXT NOT NULL, app_id TEXT NOT NULL,"
                            + " gid INTEGER NOT NULL REFERENCES groups(gid),"
                            + " count INTEGER NOT NULL,"
                            + " PRIMARY KEY (pin, app_id, gid))",
                    "INSERT INTO unread_counts (pin, app_id, gid, count) SELECT mb.pin, mb.app_id, mb.gid,"
                            + " (SELECT COUNT(*) FROM messages m WHERE m.gid = mb.gid"
                            + " AND m.mid > COALESCE((SELECT rc.last_read_mid FROM read_cursors rc WHERE rc.gid = mb.gid"
                            + " AND rc.pin = mb.pin AND rc.app_id = mb.app_id), 0)"
                            + " AND NOT (m.sender_pin = mb.pin AND m.sender_app = mb.app_id) AND m.type <> 'recall')"
                            + " FROM members mb"));

    private static final String GROUP_COLUMNS = "gid, kind, name, nick, intro, notice, approval_rule, s_code, avatar,"
            + " invitation, can_search, max_members, group_kind, biz_ext, owner_pin, owner_app, last_mid,"
            + " created_at, updated_at";
    private static final String MESSAGE_COLUMNS = "gid, mid, sender_pin, sender_app, sender_nick, type, content,"
            + " payload, client_msg_id, created_at, fallback_text, version";
    /** Messages after a cursor that count as unread for (pin, app): from others, not recalled. */
    private static final String UNREAD_AFTER = "SELECT COUNT(*) FROM messages WHERE gid = ? AND mid > ?"
            + " AND NOT (sender_pin = ? AND sender_app = ?) AND type <> 'recall'";

    private final Path file;
    private final Connection writerConnection;
    private final GroupCommitWriter writer;
    private final Map<String, PreparedStatement> writerStatements = new HashMap<>();
    private final BlockingQueue<Reader> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Reader> allReaders = new ArrayList<>();
    private final LongAdder statements = new LongAdder();
    private String epoch;

    // ---- in-memory state; written only by the writer thread (see the undo/commit hooks) ----
    /** gid → last mid handed out, including the batch in progress. */
    private final Map<Long, Long> lastMids = new HashMap<>();
    private final Map<UserId, UserUnread> unread = new ConcurrentHashMap<>();
    private final Map<Long, List<Member>> members = new ConcurrentHashMap<>();
    /** Bumped on every member-cache invalidation so a reader's concurrent load cannot re-insert stale data. */
    private final AtomicLong membersVersion = new AtomicLong();
    private final Map<String, Long> directs = new ConcurrentHashMap<>();

    /** Keys of the state a batch leaves dirty; written once per batch by {@link #flush}. */
    private record GroupKey(long gid) {
    }

    private record CursorKey(long gid, UserId user) {
    }

    private record UnreadKey(UserId user, long gid) {
    }

    private static final Object CHECKPOINT = new Object();

    /** One user's unread counts by conversation, and their sum. */
    private static final class UserUnread {
        private final Map<Long, Long> byGid = new HashMap<>();
        private long total;

        synchronized long get(long gid) {
            return byGid.getOrDefault(gid, 0L);
        }

        synchronized long total() {
            return total;
        }

        /** Sets gid's count, returns the previous one. */
        synchronized long set(long gid, long count) {
            Long old = byGid.put(gid, count);
            long before = old == null ? 0 : old;
            total += count - before;
            return before;
        }
    }

    /** A read connection with its prepared statements. */
    private record Reader(Connection connection, Map<String, PreparedStatement> statements) {
    }

    private SqliteChatStore(Path file, Connection writerConnection, Options options) {
        this.file = file;
        this.writerConnection = writerConnection;
        this.writer = new GroupCommitWriter(writerConnection, this::flush, options.batchMax(), options.batchWaitMs());
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
            SqliteChatStore store = new SqliteChatStore(file,
                    connect(file, SQLiteConfig.TransactionMode.IMMEDIATE, options.sync()), options);
            try {
                store.migrate();
                for (int i = 0; i < READERS; i++) {
                    Reader r = new Reader(connect(file, SQLiteConfig.TransactionMode.DEFERRED, options.sync()),
                            new HashMap<>());
                    store.allReaders.add(r);
                    store.readers.add(r);
                }
                store.epoch = store.readEpoch();
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

    private static Connection connect(Path file, SQLiteConfig.TransactionMode mode, Sync sync) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(sync == Sync.FULL ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        // Freed space (e.g. a recalled message's old content) is overwritten with zeros.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        // IMMEDIATE for the writer: take the write lock at BEGIN, never upgrade mid-transaction.
        config.setTransactionMode(mode);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    Path file() {
        return file;
    }

    /** The schema version a database has after {@link #open}. */
    static int latestSchemaVersion() {
        return MIGRATIONS.size();
    }

    /** A PRAGMA's value as the store's own connections see it (tests check the settings took). */
    String pragma(String name) {
        return inRead(r -> {
            try (Statement st = r.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    /** SQL statements run so far (BEGIN and COMMIT of each write batch included), for measurements. */
    public long statementCount() {
        return statements.sum() + 2 * writer.counts()[0];
    }

    /** (write batches, write tasks) committed so far. */
    public long[] writeCounts() {
        return writer.counts();
    }

    // ---- schema ----

    private void migrate() throws SQLException {
        Connection c = writerConnection;
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int current;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            current = rs.next() ? rs.getInt(1) : 0;
        }
        if (current > MIGRATIONS.size()) {
            throw new IllegalStateException("database " + file + " has schema version " + current
                    + ", newer than this server knows (" + MIGRATIONS.size() + ")");
        }
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    for (String sql : MIGRATIONS.get(v - 1)) {
                        st.executeUpdate(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version) VALUES (?)")) {
                    ps.setInt(1, v);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            LOG.info("database schema migrated to version {}", v);
        }
    }

    private String readEpoch() {
        return inRead(r -> {
            try (ResultSet rs = query(r.statements(), r.connection(), "SELECT value FROM meta WHERE key = 'epoch'")) {
                if (!rs.next()) {
                    throw new IllegalStateException("database " + file + " has no epoch");
                }
                return rs.getString(1);
            }
        });
    }

    @Override
    public String epoch() {
        return epoch;
    }

    // ---- groups ----

    @Override
    public Group createGroup(UserId owner, GroupSpec spec) {
        long now = System.currentTimeMillis();
        int max = spec.max() != null ? spec.max() : Limits.DEFAULT_GROUP_MAX;
        Map<UserId, Member> wanted = new LinkedHashMap<>();
        wanted.put(owner, new Member(owner, spec.nickName(), now));
        for (Member m : spec.invitees()) {
            wanted.putIfAbsent(m.user(), new Member(m.user(), m.nickName(), now));
        }
        if (wanted.size() > max) {
            throw new GroupFullException(0, max, wanted.size());
        }
        return writer.call(b -> {
            Connection c = b.connection;
            long gid;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO groups (kind, name, nick, intro, notice,"
                    + " approval_rule, s_code, avatar, invitation, can_search, max_members, group_kind, biz_ext,"
                    + " owner_pin, owner_app, last_mid, created_at, updated_at)"
                    + " VALUES ('group', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING gid")) {
                int i = 0;
                ps.setString(++i, spec.name());
                ps.setString(++i, spec.nickName());
                ps.setString(++i, spec.intro());
                ps.setString(++i, spec.notice());
                ps.setString(++i, spec.approvalRule());
                ps.setString(++i, spec.sCode());
                ps.setString(++i, spec.avatar());
                ps.setString(++i, spec.invitation());
                ps.setInt(++i, spec.canSearch() != null ? spec.canSearch() : 0);
                ps.setInt(++i, max);
                ps.setInt(++i, spec.groupKind() != null ? spec.groupKind() : 1024);
                ps.setString(++i, spec.bizExt());
                ps.setString(++i, owner.pin());
                ps.setString(++i, owner.appId());
                ps.setLong(++i, now);
                ps.setLong(++i, now);
                statements.increment();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    gid = rs.getLong(1);
                }
            }
            insertMembers(c, gid, wanted.values());
            List<Member> list = List.copyOf(wanted.values());
            b.onCommit(() -> members.put(gid, list));
            return loadGroup(c, gid).orElseThrow();
        });
    }

    @Override
    public Optional<Group> updateGroup(long gid, UserId owner, GroupSpec changes) {
        long now = System.currentTimeMillis();
        return writer.call(b -> {
            Connection c = b.connection;
            Optional<Group> found = loadGroup(c, gid);
            if (found.isEmpty()) {
                return found;
            }
            Group group = found.get();
            int max = changes.max() != null ? changes.max() : group.max();
            Map<UserId, Member> existing = new LinkedHashMap<>();
            for (Member m : loadMembers(c, gid)) {
                existing.put(m.user(), m);
            }
            Map<UserId, Member> added = new LinkedHashMap<>();
            for (Member m : changes.invitees()) {
                if (!existing.containsKey(m.user())) {
                    added.putIfAbsent(m.user(), new Member(m.user(), m.nickName(), now));
                }
            }
            int wanted = existing.size() + added.size();
            if (wanted > max) {
                throw new GroupFullException(gid, max, wanted);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE groups SET name = COALESCE(?, name),"
                    + " nick = COALESCE(?, nick), intro = COALESCE(?, intro), notice = COALESCE(?, notice),"
                    + " approval_rule = COALESCE(?, approval_rule), s_code = COALESCE(?, s_code),"
                    + " avatar = COALESCE(?, avatar), invitation = COALESCE(?, invitation),"
                    + " can_search = COALESCE(?, can_search), max_members = ?,"
                    + " group_kind = COALESCE(?, group_kind), biz_ext = COALESCE(?, biz_ext), updated_at = ?"
                    + " WHERE gid = ?")) {
                int i = 0;
                ps.setString(++i, changes.name());
                ps.setString(++i, changes.nickName());
                ps.setString(++i, changes.intro());
                ps.setString(++i, changes.notice());
                ps.setString(++i, changes.approvalRule());
                ps.setString(++i, changes.sCode());
                ps.setString(++i, changes.avatar());
                ps.setString(++i, changes.invitation());
                setNullableInt(ps, ++i, changes.canSearch());
                ps.setInt(++i, max);
                setNullableInt(ps, ++i, changes.groupKind());
                ps.setString(++i, changes.bizExt());
                ps.setLong(++i, now);
                ps.setLong(++i, gid);
                statements.increment();
                ps.executeUpdate();
            }
            if (changes.nickName() != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE members SET nick_name = ? WHERE gid = ? AND pin = ? AND app_id = ?")) {
                    ps.setString(1, changes.nickName());
                    ps.setLong(2, gid);
                    ps.setString(3, owner.pin());
                    ps.setString(4, owner.appId());
                    statements.increment();
                    ps.executeUpdate();
                }
            }
            insertMembers(c, gid, added.values());
            // A new member has not read what was said before joining (as a recount would say).
            for (UserId u : added.keySet()) {
                setUnread(b, u, gid, countAfter(b, gid, 0, u), null);
            }
            invalidateMembers(gid);
            b.onCommit(() -> invalidateMembers(gid));
            return loadGroup(c, gid);
        });
    }

    private void invalidateMembers(long gid) {
        membersVersion.incrementAndGet();
        members.remove(gid);
    }

    @Override
    public Optional<Group> findGroup(long gid) {
        return inRead(r -> loadGroup(r.connection(), gid));
    }

    @Override
    public Optional<Member> findMember(long gid, UserId user) {
        for (Member m : members(gid)) {
            if (m.user().equals(user)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Member> members(long gid) {
        List<Member> cached = members.get(gid);
        if (cached != null) {
            return cached;
        }
        long version = membersVersion.get();
        List<Member> loaded = List.copyOf(inRead(r -> loadMembers(r.connection(), gid)));
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
    private List<Member> membersInBatch(Batch b, long gid) throws SQLException {
        List<Member> cached = members.get(gid);
        if (cached != null) {
            return cached;
        }
        List<Member> loaded = List.copyOf(loadMembers(b.connection, gid));
        if (loaded.isEmpty()) {
            return loaded;
        }
        members.put(gid, loaded);
        b.onRollback(() -> members.remove(gid, loaded));
        return loaded;
    }

    @Override
    public long findOrCreateDirect(UserId a, UserId b) {
        String key = directKey(a, b);
        Long cached = directs.get(key);
        if (cached != null) {
            return cached;
        }
        Long found = inRead(r -> findDirect(r.statements(), r.connection(), key));
        if (found != null) {
            directs.put(key, found);
            return found;
        }
        return writer.call(batch -> {
            Long again = findDirect(writerStatements, batch.connection, key); // created meanwhile?
            if (again != null) {
                return again;
            }
            long now = System.currentTimeMillis();
            long gid;
            try (PreparedStatement ps = batch.connection.prepareStatement("INSERT INTO groups (kind, direct_key,"
                    + " max_members, last_mid, created_at, updated_at) VALUES ('direct', ?, 2, 0, ?, ?) RETURNING gid")) {
                ps.setString(1, key);
                ps.setLong(2, now);
                ps.setLong(3, now);
                statements.increment();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    gid = rs.getLong(1);
                }
            }
            Map<UserId, Member> pair = new LinkedHashMap<>();
            pair.put(a, new Member(a, null, now));
            pair.putIfAbsent(b, new Member(b, null, now));
            insertMembers(batch.connection, gid, pair.values());
            List<Member> list = List.copyOf(pair.values());
            batch.onCommit(() -> {
                members.put(gid, list);
                directs.put(key, gid);
            });
            return gid;
        });
    }

    /** Same key for (a, b) and (b, a); length prefixes keep it unambiguous whatever the ids contain. */
    static String directKey(UserId a, UserId b) {
        String ka = encode(a);
        String kb = encode(b);
        return ka.compareTo(kb) <= 0 ? ka + "|" + kb : kb + "|" + ka;
    }

    private static String encode(UserId u) {
        return u.pin().length() + ":" + u.pin() + u.appId().length() + ":" + u.appId();
    }

    private Long findDirect(Map<String, PreparedStatement> cache, Connection c, String key) throws SQLException {
        PreparedStatement ps = ps(cache, c, "SELECT gid FROM groups WHERE direct_key = ?");
        ps.setString(1, key);
        try (ResultSet rs = exec(ps)) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    // ---- messages ----

    @Override
    public CompletableFuture<Appended> append(ChatMessage draft) {
        return writer.submit(b -> appendInBatch(b, draft));
    }

    private Appended appendInBatch(Batch b, ChatMessage d) throws SQLException {
        long gid = d.gid();
        long mid = lastMid(b, gid) + 1;
        PreparedStatement ins = w("INSERT INTO messages (" + MESSAGE_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (sender_pin, sender_app, client_msg_id) DO NOTHING");
        int i = 0;
        ins.setLong(++i, gid);
        ins.setLong(++i, mid);
        ins.setString(++i, d.sender().pin());
        ins.setString(++i, d.sender().appId());
        ins.setString(++i, d.senderNick());
        ins.setString(++i, d.type());
        ins.setString(++i, d.content());
        ins.setString(++i, d.payload());
        ins.setString(++i, d.clientMsgId());
        ins.setLong(++i, d.timestamp());
        ins.setString(++i, d.fallbackText());
        ins.setInt(++i, d.version());
        statements.increment();
        if (ins.executeUpdate() == 0) { // a retry: the original stands
            PreparedStatement ps = w("SELECT " + MESSAGE_COLUMNS + " FROM messages"
                    + " WHERE sender_pin = ? AND sender_app = ? AND client_msg_id = ?");
            ps.setString(1, d.sender().pin());
            ps.setString(2, d.sender().appId());
            ps.setString(3, d.clientMsgId());
            try (ResultSet rs = exec(ps)) {
                rs.next();
                return new Appended(readMessage(rs), true, List.of());
            }
        }
        setLastMid(b, gid, mid);
        b.dirty.merge(new GroupKey(gid), d.timestamp(), (x, y) -> Math.max((Long) x, (Long) y));
        b.dirty.put(new CursorKey(gid, d.sender()), mid); // sending implies having read everything before
        List<UnreadChange> changes = new ArrayList<>(2);
        for (Member m : membersInBatch(b, gid)) {
            UserId u = m.user();
            if (u.equals(d.sender())) {
                setUnread(b, u, gid, 0, changes);
            } else {
                setUnread(b, u, gid, unreadOf(b, u).get(gid) + 1, changes);
            }
        }
        return new Appended(d.withMid(mid), false, changes);
    }

    /** The conversation's last mid including this batch; seeded from storage at first use. */
    private long lastMid(Batch b, long gid) throws SQLException {
        Long known = lastMids.get(gid);
        if (known != null) {
            return known;
        }
        PreparedStatement ps = w("SELECT last_mid FROM groups WHERE gid = ?");
        ps.setLong(1, gid);
        try (ResultSet rs = exec(ps)) {
            if (!rs.next()) {
                throw new IllegalStateException("no conversation " + gid);
            }
            long seeded = rs.getLong(1);
            lastMids.put(gid, seeded);
            b.onRollback(() -> lastMids.remove(gid));
            return seeded;
        }
    }

    private void setLastMid(Batch b, long gid, long mid) {
        Long old = lastMids.put(gid, mid);
        b.onRollback(() -> lastMids.put(gid, old));
    }

    /** Sets user's unread count in gid (logged for rollback, written at flush); records a change. */
    private void setUnread(Batch b, UserId user, long gid, long count, List<UnreadChange> changes) throws SQLException {
        UserUnread uu = unreadOf(b, user);
        long old = uu.set(gid, count);
        if (old != count) {
            b.onRollback(() -> uu.set(gid, old));
            b.dirty.put(new UnreadKey(user, gid), Boolean.TRUE);
            if (changes != null) {
                changes.add(new UnreadChange(user, gid, count, uu.total()));
            }
        }
    }

    /** user's counters, loaded from storage by the writer at first use. */
    private UserUnread unreadOf(Batch b, UserId user) throws SQLException {
        UserUnread uu = unread.get(user);
        if (uu != null) {
            return uu;
        }
        UserUnread loaded = new UserUnread();
        PreparedStatement ps = w("SELECT mb.gid, COALESCE(u.count, 0) FROM members mb LEFT JOIN unread_counts u"
                + " ON u.pin = mb.pin AND u.app_id = mb.app_id AND u.gid = mb.gid WHERE mb.pin = ? AND mb.app_id = ?");
        ps.setString(1, user.pin());
        ps.setString(2, user.appId());
        try (ResultSet rs = exec(ps)) {
            while (rs.next()) {
                loaded.set(rs.getLong(1), rs.getLong(2));
            }
        }
        unread.put(user, loaded);
        b.onRollback(() -> unread.remove(user, loaded));
        return loaded;
    }

    /** Writes what the batch left dirty, once per key: last mids, cursors, unread counts. */
    private void flush(Batch b) throws SQLException {
        for (Map.Entry<Object, Object> e : b.dirty.entrySet()) {
            Object key = e.getKey();
            if (key instanceof GroupKey g) {
                PreparedStatement ps = w("UPDATE groups SET last_mid = ?, updated_at = MAX(updated_at, ?) WHERE gid = ?");
                ps.setLong(1, lastMids.get(g.gid()));
                ps.setLong(2, (Long) e.getValue());
                ps.setLong(3, g.gid());
                update(ps);
            } else if (key instanceof CursorKey k) {
                PreparedStatement ps = w("INSERT INTO read_cursors (gid, pin, app_id, last_read_mid)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (gid, pin, app_id) DO UPDATE"
                        + " SET last_read_mid = excluded.last_read_mid"
                        + " WHERE excluded.last_read_mid > read_cursors.last_read_mid");
                ps.setLong(1, k.gid());
                ps.setString(2, k.user().pin());
                ps.setString(3, k.user().appId());
                ps.setLong(4, (Long) e.getValue());
                update(ps);
            } else if (key instanceof UnreadKey u) {
                PreparedStatement ps = w("INSERT INTO unread_counts (pin, app_id, gid, count) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (pin, app_id, gid) DO UPDATE SET count = excluded.count");
                ps.setString(1, u.user().pin());
                ps.setString(2, u.user().appId());
                ps.setLong(3, u.gid());
                ps.setLong(4, unread.get(u.user()).get(u.gid()));
                update(ps);
            }
        }
        if (b.dirty.containsKey(CHECKPOINT)) {
            b.onCommit(this::checkpointQuietly);
        }
    }

    @Override
    public HistoryPage page(long gid, long beforeMid, int count) {
        long before = beforeMid < 0 ? Long.MAX_VALUE : beforeMid;
        return inReadTransaction(r -> {
            long total = storedLastMid(r, gid);
            // One row more than asked tells whether anything older remains.
            List<ChatMessage> msgs = slice(r, gid, "< ? ORDER BY mid DESC", before, count + 1);
            boolean end = msgs.size() <= count;
            if (!end) {
                msgs.remove(msgs.size() - 1);
            }
            return new HistoryPage(List.copyOf(msgs), total, end);
        });
    }

    @Override
    public ForwardPage after(long gid, long afterMid, int count) {
        return inReadTransaction(r -> {
            long lastMid = storedLastMid(r, gid);
            List<ChatMessage> msgs = slice(r, gid, "> ? ORDER BY mid ASC", afterMid, count + 1);
            boolean end = msgs.size() <= count;
            if (!end) {
                msgs.remove(msgs.size() - 1);
            }
            return new ForwardPage(List.copyOf(msgs), lastMid, lastMid, end);
        });
    }

    @Override
    public HistoryWindow around(long gid, long anchorMid, int count) {
        return inReadTransaction(r -> {
            long total = storedLastMid(r, gid);
            List<ChatMessage> older = slice(r, gid, "< ? ORDER BY mid DESC", anchorMid, count + 1);
            List<ChatMessage> newer = slice(r, gid, ">= ? ORDER BY mid ASC", anchorMid, count + 1);
            // Half before the anchor, the anchor and the rest after; a short side lends to the other.
            int half = count / 2;
            int nNewer = Math.min(newer.size(), count - Math.min(older.size(), half));
            int nOlder = Math.min(older.size(), count - nNewer);
            List<ChatMessage> msgs = new ArrayList<>(count);
            for (int i = nOlder - 1; i >= 0; i--) {
                msgs.add(older.get(i));
            }
            msgs.addAll(newer.subList(0, nNewer));
            return new HistoryWindow(List.copyOf(msgs), total, older.size() <= nOlder, newer.size() <= nNewer);
        });
    }

    @Override
    public Optional<ChatMessage> findMessage(long gid, long mid) {
        return inRead(r -> findMessage(r.statements(), r.connection(), gid, mid));
    }

    private Optional<ChatMessage> findMessage(Map<String, PreparedStatement> cache, Connection c, long gid, long mid)
            throws SQLException {
        PreparedStatement ps = ps(cache, c, "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE gid = ? AND mid = ?");
        ps.setLong(1, gid);
        ps.setLong(2, mid);
        try (ResultSet rs = exec(ps)) {
            return rs.next() ? Optional.of(readMessage(rs)) : Optional.empty();
        }
    }

    @Override
    public CompletableFuture<Recall> recall(long gid, long mid, UserId by, long recalledAt, long windowMs) {
        return writer.submit(b -> {
            Optional<ChatMessage> found = findMessage(writerStatements, b.connection, gid, mid);
            if (found.isEmpty()) {
                return new Recall(RecallOutcome.NO_SUCH_MESSAGE, null, List.of());
            }
            ChatMessage m = found.get();
            if (!m.sender().equals(by)) {
                return new Recall(RecallOutcome.NOT_SENDER, m, List.of());
            }
            if (m.recalled()) {
                return new Recall(RecallOutcome.ALREADY_RECALLED, m, List.of());
            }
            if (recalledAt - m.timestamp() > windowMs) {
                return new Recall(RecallOutcome.WINDOW_PASSED, m, List.of());
            }
            PreparedStatement ps = w("UPDATE messages SET type = 'recall', content = '', payload = NULL,"
                    + " fallback_text = NULL, recalled_at = ? WHERE gid = ? AND mid = ?");
            ps.setLong(1, recalledAt);
            ps.setLong(2, gid);
            ps.setLong(3, mid);
            update(ps);
            List<UnreadChange> changes = new ArrayList<>();
            for (Member member : membersInBatch(b, gid)) {
                UserId u = member.user();
                if (!u.equals(m.sender()) && cursorInBatch(b, gid, u) < mid) { // it counted as unread
                    long now = unreadOf(b, u).get(gid);
                    setUnread(b, u, gid, Math.max(0, now - 1), changes);
                }
            }
            b.dirty.put(CHECKPOINT, Boolean.TRUE); // the old content must not linger in the WAL file either
            return new Recall(RecallOutcome.RECALLED, m, changes);
        });
    }

    /** Copies the WAL into the database (where secure_delete zeroed the old content) and truncates it. */
    private void checkpointQuietly() {
        try (Statement st = writerConnection.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint after a recall failed: {}", e.getMessage());
        }
    }

    // ---- read cursors and unread ----

    @Override
    public CompletableFuture<ReadMove> markRead(long gid, UserId user, long mid) {
        return writer.submit(b -> {
            long last = lastMids.containsKey(gid) ? lastMids.get(gid) : lastMidOrZero(b, gid);
            long target = Math.min(mid, last);
            long current = cursorInBatch(b, gid, user);
            if (target <= current) {
                return new ReadMove(false, current, List.of());
            }
            b.dirty.put(new CursorKey(gid, user), target);
            long left = target >= last ? 0 : countAfter(b, gid, target, user);
            List<UnreadChange> changes = new ArrayList<>(1);
            setUnread(b, user, gid, left, changes);
            return new ReadMove(true, target, changes);
        });
    }

    private long lastMidOrZero(Batch b, long gid) throws SQLException {
        try {
            return lastMid(b, gid);
        } catch (IllegalStateException unknown) {
            return 0;
        }
    }

    /** Messages of gid after mid that count as unread for user (the writer's view). */
    private long countAfter(Batch b, long gid, long mid, UserId user) throws SQLException {
        PreparedStatement ps = w(UNREAD_AFTER);
        ps.setLong(1, gid);
        ps.setLong(2, mid);
        ps.setString(3, user.pin());
        ps.setString(4, user.appId());
        try (ResultSet rs = exec(ps)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** user's cursor as the writer sees it: this batch's move, else the stored one. */
    private long cursorInBatch(Batch b, long gid, UserId user) throws SQLException {
        Object pending = b.dirty.get(new CursorKey(gid, user));
        long stored = readCursor(writerStatements, writerConnection, gid, user);
        return pending == null ? stored : Math.max(stored, (Long) pending);
    }

    @Override
    public long readCursor(long gid, UserId user) {
        return inRead(r -> readCursor(r.statements(), r.connection(), gid, user));
    }

    private long readCursor(Map<String, PreparedStatement> cache, Connection c, long gid, UserId user)
            throws SQLException {
        PreparedStatement ps = ps(cache, c, "SELECT last_read_mid FROM read_cursors WHERE gid = ? AND pin = ? AND app_id = ?");
        ps.setLong(1, gid);
        ps.setString(2, user.pin());
        ps.setString(3, user.appId());
        try (ResultSet rs = exec(ps)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    @Override
    public List<ReadCursor> readState(long gid) {
        return inRead(r -> {
            PreparedStatement ps = ps(r.statements(), r.connection(), "SELECT mb.pin, mb.app_id, mb.nick_name,"
                    + " mb.joined_at, COALESCE(rc.last_read_mid, 0) FROM members mb LEFT JOIN read_cursors rc"
                    + " ON rc.gid = mb.gid AND rc.pin = mb.pin AND rc.app_id = mb.app_id"
                    + " WHERE mb.gid = ? ORDER BY mb.joined_at, mb.rowid");
            ps.setLong(1, gid);
            try (ResultSet rs = exec(ps)) {
                List<ReadCursor> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ReadCursor(new Member(new UserId(rs.getString(1), rs.getString(2)),
                            rs.getString(3), rs.getLong(4)), rs.getLong(5)));
                }
                return out;
            }
        });
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
    private UserUnread counters(UserId user) {
        UserUnread uu = unread.get(user);
        return uu != null ? uu : writer.call(b -> unreadOf(b, user));
    }

    @Override
    public List<Unread> unread(UserId user) {
        UserUnread uu = counters(user);
        List<long[]> rows = inRead(r -> {
            PreparedStatement ps = ps(r.statements(), r.connection(), "SELECT mb.gid, g.last_mid FROM members mb"
                    + " JOIN groups g ON g.gid = mb.gid WHERE mb.pin = ? AND mb.app_id = ?"
                    + " ORDER BY g.updated_at DESC, mb.gid DESC");
            ps.setString(1, user.pin());
            ps.setString(2, user.appId());
            try (ResultSet rs = exec(ps)) {
                List<long[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
                return out;
            }
        });
        List<Unread> out = new ArrayList<>(rows.size());
        for (long[] row : rows) {
            out.add(new Unread(row[0], uu.get(row[0]), row[1]));
        }
        return out;
    }

    /** Up to limit messages of gid whose mid matches {@code midClause} (a comparison with one ?, then the order). */
    private List<ChatMessage> slice(Reader r, long gid, String midClause, long mid, int limit) throws SQLException {
        List<ChatMessage> msgs = new ArrayList<>();
        PreparedStatement ps = ps(r.statements(), r.connection(), "SELECT " + MESSAGE_COLUMNS + " FROM messages"
                + " WHERE gid = ? AND mid " + midClause + " LIMIT ?");
        ps.setLong(1, gid);
        ps.setLong(2, mid);
        ps.setInt(3, limit);
        try (ResultSet rs = exec(ps)) {
            while (rs.next()) {
                msgs.add(readMessage(rs));
            }
        }
        return msgs;
    }

    /**
     * The stored last mid, which is also the number of messages: mids have no gaps and messages are
     * never deleted (a recalled one stays as its marker), so no COUNT(*) is needed for a total.
     */
    private long storedLastMid(Reader r, long gid) throws SQLException {
        PreparedStatement ps = ps(r.statements(), r.connection(), "SELECT last_mid FROM groups WHERE gid = ?");
        ps.setLong(1, gid);
        try (ResultSet rs = exec(ps)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    // ---- uploads ----

    @Override
    public void recordUpload(Upload u) {
        writer.call(b -> {
            try (PreparedStatement ps = b.connection.prepareStatement("INSERT INTO uploads (name, owner_pin, owner_app,"
                    + " mime, size, width, height, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 0;
                ps.setString(++i, u.name());
                ps.setString(++i, u.owner().pin());
                ps.setString(++i, u.owner().appId());
                ps.setString(++i, u.mime());
                ps.setLong(++i, u.size());
                ps.setInt(++i, u.width());
                ps.setInt(++i, u.height());
                ps.setString(++i, u.sha256());
                ps.setLong(++i, u.createdAt());
                update(ps);
            }
            return null;
        });
    }

    @Override
    public Optional<Upload> findUpload(String name) {
        return inRead(r -> {
            PreparedStatement ps = ps(r.statements(), r.connection(), "SELECT name, owner_pin, owner_app, mime, size,"
                    + " width, height, sha256, created_at FROM uploads WHERE name = ?");
            ps.setString(1, name);
            try (ResultSet rs = exec(ps)) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Upload(rs.getString(1), new UserId(rs.getString(2), rs.getString(3)),
                        rs.getString(4), rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getString(8),
                        rs.getLong(9)));
            }
        });
    }

    // ---- row mapping ----

    private Optional<Group> loadGroup(Connection c, long gid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM groups WHERE gid = ?")) {
            ps.setLong(1, gid);
            statements.increment();
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String ownerPin = rs.getString("owner_pin");
                String ownerApp = rs.getString("owner_app");
                return Optional.of(new Group(rs.getLong("gid"), rs.getString("kind"), rs.getString("name"),
                        rs.getString("nick"), rs.getString("intro"), rs.getString("notice"),
                        rs.getString("approval_rule"), rs.getString("s_code"), rs.getString("avatar"),
                        rs.getString("invitation"), rs.getInt("can_search"), rs.getInt("max_members"),
                        rs.getInt("group_kind"), rs.getString("biz_ext"),
                        ownerPin == null ? null : new UserId(ownerPin, ownerApp), rs.getLong("last_mid"),
                        rs.getLong("created_at"), rs.getLong("updated_at")));
            }
        }
    }

    private List<Member> loadMembers(Connection c, long gid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pin, app_id, nick_name, joined_at FROM members"
                + " WHERE gid = ? ORDER BY joined_at, rowid")) {
            ps.setLong(1, gid);
            statements.increment();
            try (ResultSet rs = ps.executeQuery()) {
                List<Member> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Member(new UserId(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getLong(4)));
                }
                return out;
            }
        }
    }

    private void insertMembers(Connection c, long gid, Iterable<Member> list) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO members (gid, pin, app_id, nick_name, joined_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Member m : list) {
                ps.setLong(1, gid);
                ps.setString(2, m.user().pin());
                ps.setString(3, m.user().appId());
                ps.setString(4, m.nickName());
                ps.setLong(5, m.joinedAt());
                statements.increment();
                ps.executeUpdate();
            }
        }
    }

    private static ChatMessage readMessage(ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getLong("gid"), rs.getLong("mid"),
                new UserId(rs.getString("sender_pin"), rs.getString("sender_app")), rs.getString("sender_nick"),
                rs.getString("type"), rs.getString("content"), rs.getString("payload"),
                rs.getString("client_msg_id"), rs.getLong("created_at"), rs.getString("fallback_text"),
                rs.getInt("version"));
    }

    private static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    // ---- statements, connections and transactions ----

    /** A prepared statement of the writer connection, compiled once. */
    private PreparedStatement w(String sql) throws SQLException {
        return ps(writerStatements, writerConnection, sql);
    }

    private static PreparedStatement ps(Map<String, PreparedStatement> cache, Connection c, String sql)
            throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    private ResultSet query(Map<String, PreparedStatement> cache, Connection c, String sql) throws SQLException {
        return exec(ps(cache, c, sql));
    }

    /** Runs a query; the caller closes the ResultSet (an open one would pin a read transaction). */
    private ResultSet exec(PreparedStatement ps) throws SQLException {
        statements.increment();
        return ps.executeQuery();
    }

    private int update(PreparedStatement ps) throws SQLException {
        statements.increment();
        return ps.executeUpdate();
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Reader r) throws SQLException;
    }

    private <T> T inRead(SqlWork<T> work) {
        Reader r = borrowReader();
        try {
            return work.run(r);
        } catch (SQLException e) {
            throw new IllegalStateException("database read failed: " + e.getMessage(), e);
        } finally {
            readers.add(r);
        }
    }

    /** Several reads that must see one snapshot (e.g. a page and its total). */
    private <T> T inReadTransaction(SqlWork<T> work) {
        return inRead(r -> {
            Connection c = r.connection();
            c.setAutoCommit(false);
            try {
                T result = work.run(r);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private Reader borrowReader() {
        try {
            Reader r = readers.poll(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
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
        for (Reader r : allReaders) {
            closeQuietly(r.connection());
        }
        readers.clear();
        allReaders.clear();
        closeQuietly(writerConnection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing database connection failed: {}", e.getMessage());
        }
    }
}
