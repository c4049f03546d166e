package io.parley.server.store.sqlite;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Group;
import io.parley.server.store.GroupFullException;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.HistoryPage;
import io.parley.server.store.Member;
import io.parley.server.store.UploadStore;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import io.parley.protocol.Limits;

/**
 * {@link ChatStore} in one SQLite file, {@code <dataDir>/parley.db}, in WAL mode.
 *
 * <p>SQLite allows one writer at a time, so all writes go through a single connection guarded by a
 * lock (no SQLITE_BUSY between our own writers); reads use a small pool of separate connections,
 * which WAL lets run alongside the writer. Every Statement/ResultSet is closed promptly: an open
 * result set keeps a read transaction alive and blocks checkpoints.
 */
public final class SqliteChatStore implements ChatStore, UploadStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteChatStore.class);
    private static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 10_000;

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
                    "CREATE INDEX uploads_by_owner ON uploads(owner_pin, owner_app, created_at)"));

    private static final String GROUP_COLUMNS = "gid, kind, name, nick, intro, notice, approval_rule, s_code, avatar,"
            + " invitation, can_search, max_members, group_kind, biz_ext, owner_pin, owner_app, last_mid,"
            + " created_at, updated_at";
    private static final String MESSAGE_COLUMNS = "gid, mid, sender_pin, sender_app, sender_nick, type, content,"
            + " payload, client_msg_id, created_at, fallback_text, version";

    private final Path file;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();

    private SqliteChatStore(Path file, Connection writer) {
        this.file = file;
        this.writer = writer;
    }

    /** Opens (creating if needed) {@code dataDir/parley.db} and brings its schema up to date. */
    public static SqliteChatStore open(Path dataDir) {
        Path file = dataDir.resolve("parley.db").toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            SqliteChatStore store = new SqliteChatStore(file, connect(file, SQLiteConfig.TransactionMode.IMMEDIATE));
            try {
                store.migrate();
                for (int i = 0; i < READERS; i++) {
                    Connection c = connect(file, SQLiteConfig.TransactionMode.DEFERRED);
                    store.allReaders.add(c);
                    store.readers.add(c);
                }
            } catch (RuntimeException | SQLException e) {
                store.close();
                throw e;
            }
            LOG.info("SQLite store at {}", file);
            return store;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file, SQLiteConfig.TransactionMode mode) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
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

    // ---- schema ----

    private void migrate() throws SQLException {
        inWrite(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            }
            return null;
        });
        int current = inWrite(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
        if (current > MIGRATIONS.size()) {
            throw new IllegalStateException("database " + file + " has schema version " + current
                    + ", newer than this server knows (" + MIGRATIONS.size() + ")");
        }
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
            int version = v;
            inWrite(c -> {
                try (Statement st = c.createStatement()) {
                    for (String sql : MIGRATIONS.get(version - 1)) {
                        st.executeUpdate(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version) VALUES (?)")) {
                    ps.setInt(1, version);
                    ps.executeUpdate();
                }
                return null;
            });
            LOG.info("database schema migrated to version {}", version);
        }
    }

    // ---- groups ----

    @Override
    public Group createGroup(UserId owner, GroupSpec spec) {
        long now = System.currentTimeMillis();
        int max = spec.max() != null ? spec.max() : Limits.DEFAULT_GROUP_MAX;
        Map<UserId, Member> members = new LinkedHashMap<>();
        members.put(owner, new Member(owner, spec.nickName(), now));
        for (Member m : spec.invitees()) {
            members.putIfAbsent(m.user(), new Member(m.user(), m.nickName(), now));
        }
        if (members.size() > max) {
            throw new GroupFullException(0, max, members.size());
        }
        return inWrite(c -> {
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
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    gid = rs.getLong(1);
                }
            }
            insertMembers(c, gid, members.values());
            return loadGroup(c, gid).orElseThrow();
        });
    }

    @Override
    public Optional<Group> updateGroup(long gid, UserId owner, GroupSpec changes) {
        long now = System.currentTimeMillis();
        return inWrite(c -> {
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
                ps.executeUpdate();
            }
            if (changes.nickName() != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE members SET nick_name = ? WHERE gid = ? AND pin = ? AND app_id = ?")) {
                    ps.setString(1, changes.nickName());
                    ps.setLong(2, gid);
                    ps.setString(3, owner.pin());
                    ps.setString(4, owner.appId());
                    ps.executeUpdate();
                }
            }
            insertMembers(c, gid, added.values());
            return loadGroup(c, gid);
        });
    }

    @Override
    public Optional<Group> findGroup(long gid) {
        return inRead(c -> loadGroup(c, gid));
    }

    @Override
    public Optional<Member> findMember(long gid, UserId user) {
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT nick_name, joined_at FROM members WHERE gid = ? AND pin = ? AND app_id = ?")) {
                ps.setLong(1, gid);
                ps.setString(2, user.pin());
                ps.setString(3, user.appId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Member(user, rs.getString(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Member> members(long gid) {
        return inRead(c -> loadMembers(c, gid));
    }

    @Override
    public long findOrCreateDirect(UserId a, UserId b) {
        String key = directKey(a, b);
        Long found = inRead(c -> findDirect(c, key));
        if (found != null) {
            return found;
        }
        return inWrite(c -> {
            Long again = findDirect(c, key); // another thread may have created it meanwhile
            if (again != null) {
                return again;
            }
            long now = System.currentTimeMillis();
            long gid;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO groups (kind, direct_key, max_members,"
                    + " last_mid, created_at, updated_at) VALUES ('direct', ?, 2, 0, ?, ?) RETURNING gid")) {
                ps.setString(1, key);
                ps.setLong(2, now);
                ps.setLong(3, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    gid = rs.getLong(1);
                }
            }
            Map<UserId, Member> members = new LinkedHashMap<>();
            members.put(a, new Member(a, null, now));
            members.putIfAbsent(b, new Member(b, null, now));
            insertMembers(c, gid, members.values());
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

    private static Long findDirect(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT gid FROM groups WHERE direct_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    // ---- messages ----

    @Override
    public Appended append(ChatMessage draft) {
        return inWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM messages"
                    + " WHERE sender_pin = ? AND sender_app = ? AND client_msg_id = ?")) {
                ps.setString(1, draft.sender().pin());
                ps.setString(2, draft.sender().appId());
                ps.setString(3, draft.clientMsgId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Appended(readMessage(rs), true);
                    }
                }
            }
            long mid;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE groups SET last_mid = last_mid + 1, updated_at = ? WHERE gid = ? RETURNING last_mid")) {
                ps.setLong(1, draft.timestamp());
                ps.setLong(2, draft.gid());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no conversation " + draft.gid());
                    }
                    mid = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (" + MESSAGE_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 0;
                ps.setLong(++i, draft.gid());
                ps.setLong(++i, mid);
                ps.setString(++i, draft.sender().pin());
                ps.setString(++i, draft.sender().appId());
                ps.setString(++i, draft.senderNick());
                ps.setString(++i, draft.type());
                ps.setString(++i, draft.content());
                ps.setString(++i, draft.payload());
                ps.setString(++i, draft.clientMsgId());
                ps.setLong(++i, draft.timestamp());
                ps.setString(++i, draft.fallbackText());
                ps.setInt(++i, draft.version());
                ps.executeUpdate();
            }
            upsertCursor(c, draft.gid(), draft.sender(), mid); // sending implies having read everything before
            return new Appended(draft.withMid(mid), false);
        });
    }

    @Override
    public HistoryPage page(long gid, long beforeMid, int count) {
        long before = beforeMid < 0 ? Long.MAX_VALUE : beforeMid;
        return inReadTransaction(c -> {
            long total = countMessages(c, gid);
            // One row more than asked tells whether anything older remains.
            List<ChatMessage> msgs = slice(c, gid, "< ? ORDER BY mid DESC", before, count + 1);
            boolean end = msgs.size() <= count;
            if (!end) {
                msgs.remove(msgs.size() - 1);
            }
            return new HistoryPage(List.copyOf(msgs), total, end);
        });
    }

    // ---- reliability: epoch, forward paging, recall, read cursors, unread ----

    @Override
    public String epoch() {
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = 'epoch'");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("database " + file + " has no epoch");
                }
                return rs.getString(1);
            }
        });
    }

    @Override
    public ForwardPage after(long gid, long afterMid, int count) {
        return inReadTransaction(c -> {
            long total = countMessages(c, gid);
            long lastMid = lastMid(c, gid);
            List<ChatMessage> msgs = slice(c, gid, "> ? ORDER BY mid ASC", afterMid, count + 1);
            boolean end = msgs.size() <= count;
            if (!end) {
                msgs.remove(msgs.size() - 1);
            }
            return new ForwardPage(List.copyOf(msgs), total, lastMid, end);
        });
    }

    @Override
    public HistoryWindow around(long gid, long anchorMid, int count) {
        return inReadTransaction(c -> {
            long total = countMessages(c, gid);
            List<ChatMessage> older = slice(c, gid, "< ? ORDER BY mid DESC", anchorMid, count + 1);
            List<ChatMessage> newer = slice(c, gid, ">= ? ORDER BY mid ASC", anchorMid, count + 1);
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
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM messages"
                    + " WHERE gid = ? AND mid = ?")) {
                ps.setLong(1, gid);
                ps.setLong(2, mid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readMessage(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean recall(long gid, long mid, long recalledAt) {
        boolean changed = inWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET type = 'recall', content = '',"
                    + " payload = NULL, fallback_text = NULL, recalled_at = ? WHERE gid = ? AND mid = ?"
                    + " AND type <> 'recall'")) {
                ps.setLong(1, recalledAt);
                ps.setLong(2, gid);
                ps.setLong(3, mid);
                return ps.executeUpdate() == 1;
            }
        });
        if (changed) {
            checkpointQuietly(); // the old content must not linger in the WAL file either
        }
        return changed;
    }

    /** Copies the WAL into the database (where secure_delete zeroed the old content) and truncates it. */
    private void checkpointQuietly() {
        writeLock.lock();
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint after a recall failed: {}", e.getMessage());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long markRead(long gid, UserId user, long mid) {
        return inWrite(c -> {
            long target = Math.min(mid, lastMid(c, gid));
            if (target <= 0) {
                return -1L;
            }
            return upsertCursor(c, gid, user, target) ? target : -1L;
        });
    }

    /** cursor = max(cursor, mid); true when it moved. */
    private static boolean upsertCursor(Connection c, long gid, UserId user, long mid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO read_cursors (gid, pin, app_id, last_read_mid)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (gid, pin, app_id) DO UPDATE"
                + " SET last_read_mid = excluded.last_read_mid WHERE excluded.last_read_mid > read_cursors.last_read_mid")) {
            ps.setLong(1, gid);
            ps.setString(2, user.pin());
            ps.setString(3, user.appId());
            ps.setLong(4, mid);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public long readCursor(long gid, UserId user) {
        return numberFor("SELECT last_read_mid FROM read_cursors WHERE gid = ? AND pin = ? AND app_id = ?", gid, user);
    }

    /** The one number a query over (gid, pin, app_id) selects, or 0 when it finds no row. */
    private long numberFor(String sql, long gid, UserId user) {
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, gid);
                ps.setString(2, user.pin());
                ps.setString(3, user.appId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public List<ReadCursor> readState(long gid) {
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT mb.pin, mb.app_id, mb.nick_name, mb.joined_at,"
                    + " COALESCE(rc.last_read_mid, 0) FROM members mb LEFT JOIN read_cursors rc"
                    + " ON rc.gid = mb.gid AND rc.pin = mb.pin AND rc.app_id = mb.app_id"
                    + " WHERE mb.gid = ? ORDER BY mb.joined_at, mb.rowid")) {
                ps.setLong(1, gid);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ReadCursor> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new ReadCursor(new Member(new UserId(rs.getString(1), rs.getString(2)),
                                rs.getString(3), rs.getLong(4)), rs.getLong(5)));
                    }
                    return out;
                }
            }
        });
    }

    /** Unread of one member row (mb) in its conversation: after the cursor, from others, not recalled. */
    private static final String UNREAD_OF_MEMBER = "(SELECT COUNT(*) FROM messages m WHERE m.gid = mb.gid"
            + " AND m.mid > COALESCE((SELECT rc.last_read_mid FROM read_cursors rc WHERE rc.gid = mb.gid"
            + " AND rc.pin = mb.pin AND rc.app_id = mb.app_id), 0)"
            + " AND NOT (m.sender_pin = mb.pin AND m.sender_app = mb.app_id) AND m.type <> 'recall')";

    @Override
    public long unreadCount(long gid, UserId user) {
        return numberFor("SELECT " + UNREAD_OF_MEMBER + " FROM members mb WHERE mb.gid = ? AND mb.pin = ? AND mb.app_id = ?",
                gid, user);
    }

    @Override
    public long unreadTotal(UserId user) {
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(" + UNREAD_OF_MEMBER + "), 0)"
                    + " FROM members mb WHERE mb.pin = ? AND mb.app_id = ?")) {
                ps.setString(1, user.pin());
                ps.setString(2, user.appId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<Unread> unread(UserId user) {
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT mb.gid, " + UNREAD_OF_MEMBER + ", g.last_mid"
                    + " FROM members mb JOIN groups g ON g.gid = mb.gid WHERE mb.pin = ? AND mb.app_id = ?"
                    + " ORDER BY g.updated_at DESC, mb.gid DESC")) {
                ps.setString(1, user.pin());
                ps.setString(2, user.appId());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Unread> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Unread(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                    }
                    return out;
                }
            }
        });
    }

    /** Up to limit messages of gid whose mid matches {@code midClause} (a comparison with one ?, then the order). */
    private static List<ChatMessage> slice(Connection c, long gid, String midClause, long mid, int limit) throws SQLException {
        List<ChatMessage> msgs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MESSAGE_COLUMNS + " FROM messages"
                + " WHERE gid = ? AND mid " + midClause + " LIMIT ?")) {
            ps.setLong(1, gid);
            ps.setLong(2, mid);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    msgs.add(readMessage(rs));
                }
            }
        }
        return msgs;
    }

    private static long countMessages(Connection c, long gid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM messages WHERE gid = ?")) {
            ps.setLong(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long lastMid(Connection c, long gid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_mid FROM groups WHERE gid = ?")) {
            ps.setLong(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    // ---- uploads ----

    @Override
    public void recordUpload(Upload u) {
        inWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO uploads (name, owner_pin, owner_app, mime,"
                    + " size, width, height, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Upload> findUpload(String name) {
        return inRead(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, owner_pin, owner_app, mime, size, width,"
                    + " height, sha256, created_at FROM uploads WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Upload(rs.getString(1), new UserId(rs.getString(2), rs.getString(3)),
                            rs.getString(4), rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getString(8),
                            rs.getLong(9)));
                }
            }
        });
    }

    // ---- row mapping ----

    private static Optional<Group> loadGroup(Connection c, long gid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM groups WHERE gid = ?")) {
            ps.setLong(1, gid);
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

    private static List<Member> loadMembers(Connection c, long gid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pin, app_id, nick_name, joined_at FROM members"
                + " WHERE gid = ? ORDER BY joined_at, rowid")) {
            ps.setLong(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                List<Member> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Member(new UserId(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getLong(4)));
                }
                return out;
            }
        }
    }

    private static void insertMembers(Connection c, long gid, Iterable<Member> members) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO members (gid, pin, app_id, nick_name, joined_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Member m : members) {
                ps.setLong(1, gid);
                ps.setString(2, m.user().pin());
                ps.setString(3, m.user().appId());
                ps.setString(4, m.nickName());
                ps.setLong(5, m.joinedAt());
                ps.addBatch();
            }
            ps.executeBatch();
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

    // ---- connections and transactions ----

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in one write transaction: all of it is stored, or (on any exception) none of it. */
    private <T> T inWrite(SqlWork<T> work) {
        writeLock.lock();
        try {
            writer.setAutoCommit(false);
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(writer);
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database write failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T inRead(SqlWork<T> work) {
        Connection c = borrowReader();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("database read failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /** Several reads that must see one snapshot (e.g. a page and its total). */
    private <T> T inReadTransaction(SqlWork<T> work) {
        return inRead(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private Connection borrowReader() {
        try {
            Connection c = readers.poll(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new IllegalStateException("no database connection free (store closed or overloaded)");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a database connection", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            for (Connection c : allReaders) {
                closeQuietly(c);
            }
            readers.clear();
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing database connection failed: {}", e.getMessage());
        }
    }
}
