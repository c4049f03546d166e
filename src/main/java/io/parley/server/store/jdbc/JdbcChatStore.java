package io.parley.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.parley.protocol.Limits;
import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.DeskStore;
import io.parley.server.store.Group;
import io.parley.server.store.GroupFullException;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.HistoryPage;
import io.parley.server.store.Member;
import io.parley.server.store.UploadStore;
import io.parley.server.store.UsageStore;
import io.parley.server.store.jdbc.GroupCommitWriter.Batch;

/**
 * What the SQL stores share: conversations and members, history reads, read state and uploads, all
 * in SQL both SQLite and PostgreSQL accept. Writes go through one {@link GroupCommitWriter} per store;
 * subclasses add the message write path (their own way of numbering mids), connections and caching.
 */
public abstract class JdbcChatStore implements ChatStore, DeskStore, UploadStore, UsageStore {
    /** What differs between the two SQL dialects here. arrays: takes array parameters (unnest). */
    public record Dialect(String memberSeq, String forUpdate, boolean arrays) {
    }

    protected final LongAdder statements = new LongAdder();
    protected final Dialect dialect;
    protected GroupCommitWriter writer;
    private final Map<String, Long> directs = new ConcurrentHashMap<>(); // immutable once made, so safe to cache
    private String epoch;

    protected JdbcChatStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Runs work on a read connection (auto-commit). */
    protected abstract <T> T read(Sql.Work<T> work);

    /** Runs several reads that must see one snapshot (a page and its total). */
    protected abstract <T> T readSnapshot(Sql.Work<T> work);

    /** The writer's Sql for batch b. */
    protected abstract Sql writerSql(Batch b);

    /** Members of gid were just committed (created or changed); null list = changed, reload. */
    protected void membersChanged(Batch b, long gid, List<Member> list) {
    }

    /** Gives new members of gid their unread count: every message so far (as a recount would say). */
    protected abstract void seedUnread(Batch b, long gid, Set<UserId> added) throws SQLException;

    protected final void loadEpoch() {
        epoch = read(sql -> {
            try (ResultSet rs = sql.query(sql.ps("SELECT value FROM meta WHERE key = 'epoch'"))) {
                if (!rs.next()) {
                    throw new IllegalStateException("the database has no epoch");
                }
                return rs.getString(1);
            }
        });
    }

    @Override
    public long groupsOwned(UserId owner) {
        return usage("SELECT COUNT(*) FROM groups WHERE kind = 'group' AND owner_pin = ? AND owner_app = ?", owner);
    }

    @Override
    public long storedBytes(UserId owner) {
        return usage("SELECT COALESCE(SUM(size), 0) FROM uploads WHERE owner_pin = ? AND owner_app = ?", owner);
    }

    private long usage(String query, UserId owner) {
        return read(sql -> {
            PreparedStatement ps = sql.ps(query);
            ps.setString(1, owner.pin());
            ps.setString(2, owner.appId());
            return sql.number(ps, 0);
        });
    }

    @Override
    public String epoch() {
        return epoch;
    }

    /** SQL statements run so far (BEGIN and COMMIT of each write batch included), for measurements. */
    public long statementCount() {
        return statements.sum() + 2 * writer.counts()[0];
    }

    /** (write batches, write tasks) committed so far. */
    public long[] writeCounts() {
        return writer.counts();
    }

    // ---- conversations ----

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
            Sql sql = writerSql(b);
            long gid;
            PreparedStatement ps = sql.ps("INSERT INTO groups (kind, name, nick, intro, notice,"
                    + " approval_rule, s_code, avatar, invitation, can_search, max_members, group_kind, biz_ext,"
                    + " owner_pin, owner_app, last_mid, created_at, updated_at)"
                    + " VALUES ('group', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING gid");
            int i = bindTexts(ps, spec);
            ps.setInt(++i, spec.canSearch() != null ? spec.canSearch() : 0);
            ps.setInt(++i, max);
            ps.setInt(++i, spec.groupKind() != null ? spec.groupKind() : 1024);
            ps.setString(++i, spec.bizExt());
            ps.setString(++i, owner.pin());
            ps.setString(++i, owner.appId());
            ps.setLong(++i, now);
            ps.setLong(++i, now);
            gid = sql.number(ps, 0);
            List<Member> inserted = Queries.insertMembers(sql, gid, wanted.values());
            DeskIndex.groupNamed(sql, gid, spec.name(), now);
            membersChanged(b, gid, inserted);
            return Queries.loadGroup(sql, gid, "").orElseThrow();
        });
    }

    @Override
    public Optional<Group> updateGroup(long gid, UserId owner, GroupSpec changes) {
        long now = System.currentTimeMillis();
        return writer.call(b -> {
            Sql sql = writerSql(b);
            Optional<Group> found = Queries.loadGroup(sql, gid, dialect.forUpdate()); // locks the row: no concurrent join or append
            if (found.isEmpty()) {
                return found;
            }
            Group group = found.get();
            int max = changes.max() != null ? changes.max() : group.max();
            Map<UserId, Member> existing = new LinkedHashMap<>();
            for (Member m : Queries.loadMembers(sql, gid, dialect.memberSeq())) {
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
            PreparedStatement ps = sql.ps("UPDATE groups SET name = COALESCE(?, name),"
                    + " nick = COALESCE(?, nick), intro = COALESCE(?, intro), notice = COALESCE(?, notice),"
                    + " approval_rule = COALESCE(?, approval_rule), s_code = COALESCE(?, s_code),"
                    + " avatar = COALESCE(?, avatar), invitation = COALESCE(?, invitation),"
                    + " can_search = COALESCE(?, can_search), max_members = ?,"
                    + " group_kind = COALESCE(?, group_kind), biz_ext = COALESCE(?, biz_ext), updated_at = ?"
                    + " WHERE gid = ?");
            int i = bindTexts(ps, changes);
            Rows.setNullableInt(ps, ++i, changes.canSearch());
            ps.setInt(++i, max);
            Rows.setNullableInt(ps, ++i, changes.groupKind());
            ps.setString(++i, changes.bizExt());
            ps.setLong(++i, now);
            ps.setLong(++i, gid);
            sql.update(ps);
            if (changes.nickName() != null) {
                PreparedStatement nick = sql.ps("UPDATE members SET nick_name = ? WHERE gid = ? AND pin = ? AND app_id = ?");
                nick.setString(1, changes.nickName());
                nick.setLong(2, gid);
                nick.setString(3, owner.pin());
                nick.setString(4, owner.appId());
                sql.update(nick);
            }
            Queries.insertMembers(sql, gid, added.values());
            seedUnread(b, gid, added.keySet());
            membersChanged(b, gid, null);
            Optional<Group> updated = Queries.loadGroup(sql, gid, "");
            DeskIndex.groupNamed(sql, gid, updated.orElseThrow().name(), now);
            return updated;
        });
    }

    /** Binds spec's text fields name .. invitation as parameters 1-8; returns the last index used. */
    private static int bindTexts(PreparedStatement ps, GroupSpec spec) throws SQLException {
        String[] texts = {spec.name(), spec.nickName(), spec.intro(), spec.notice(), spec.approvalRule(), spec.sCode(),
                spec.avatar(), spec.invitation()};
        for (int i = 0; i < texts.length; i++) {
            ps.setString(i + 1, texts[i]);
        }
        return texts.length;
    }

    @Override
    public Optional<Group> findGroup(long gid) {
        return read(sql -> Queries.loadGroup(sql, gid, ""));
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
        return List.copyOf(read(sql -> Queries.loadMembers(sql, gid, dialect.memberSeq())));
    }

    @Override
    public void recordName(UserId user, String name) {
        if (name.equals(read(sql -> Queries.recordedName(sql, user)))) {
            return;
        }
        writer.call(b -> {
            Sql sql = writerSql(b);
            PreparedStatement up = sql.ps("INSERT INTO user_names (pin, app_id, name) VALUES (?, ?, ?)"
                    + " ON CONFLICT (pin, app_id) DO UPDATE SET name = excluded.name");
            up.setString(1, user.pin());
            up.setString(2, user.appId());
            up.setString(3, name);
            sql.update(up);
            String mine = " FROM members WHERE pin = ? AND app_id = ? AND (nick_name IS NULL OR nick_name <> ?)";
            List<Long> gids = new ArrayList<>();
            PreparedStatement which = sql.ps("SELECT gid" + mine);
            which.setString(1, user.pin());
            which.setString(2, user.appId());
            which.setString(3, name);
            try (ResultSet rs = sql.query(which)) {
                while (rs.next()) {
                    gids.add(rs.getLong(1));
                }
            }
            PreparedStatement rename = sql.ps("UPDATE members SET nick_name = ?" + mine.substring(" FROM members".length()));
            rename.setString(1, name);
            rename.setString(2, user.pin());
            rename.setString(3, user.appId());
            rename.setString(4, name);
            sql.update(rename);
            for (long gid : gids) {
                membersChanged(b, gid, null);
            }
            return null;
        });
    }

    @Override
    public long findOrCreateDirect(UserId a, UserId b) {
        String key = Rows.directKey(a, b);
        Long cached = directs.get(key);
        if (cached != null) {
            return cached;
        }
        Long found = read(sql -> Queries.findDirect(sql, key));
        if (found != null) {
            directs.put(key, found);
            return found;
        }
        return writer.call(batch -> {
            Sql sql = writerSql(batch);
            long now = System.currentTimeMillis();
            // another node (or thread) may create it at the same moment: the unique key decides
            PreparedStatement ps = sql.ps("INSERT INTO groups (kind, direct_key, max_members, last_mid, created_at,"
                    + " updated_at) VALUES ('direct', ?, 2, 0, ?, ?) ON CONFLICT (direct_key) DO NOTHING RETURNING gid");
            ps.setString(1, key);
            ps.setLong(2, now);
            ps.setLong(3, now);
            long gid = sql.number(ps, -1);
            if (gid < 0) {
                return Queries.findDirect(sql, key);
            }
            Map<UserId, Member> pair = new LinkedHashMap<>();
            pair.put(a, new Member(a, null, now));
            pair.putIfAbsent(b, new Member(b, null, now));
            List<Member> inserted = Queries.insertMembers(sql, gid, pair.values());
            DeskIndex.directCreated(sql, gid, inserted, now);
            membersChanged(batch, gid, inserted);
            batch.onCommit(() -> directs.put(key, gid));
            return gid;
        });
    }

    // ---- history ----

    @Override
    public HistoryPage page(long gid, long beforeMid, int count) {
        long before = beforeMid < 0 ? Long.MAX_VALUE : beforeMid;
        return readSnapshot(sql -> {
            long total = Queries.storedLastMid(sql, gid);
            List<ChatMessage> msgs = Queries.slice(sql, gid, "< ? ORDER BY mid DESC", before, count + 1);
            boolean end = trimmedToCount(msgs, count);
            return new HistoryPage(List.copyOf(msgs), total, end);
        });
    }

    @Override
    public ForwardPage after(long gid, long afterMid, int count) {
        return readSnapshot(sql -> {
            long lastMid = Queries.storedLastMid(sql, gid);
            List<ChatMessage> msgs = Queries.slice(sql, gid, "> ? ORDER BY mid ASC", afterMid, count + 1);
            boolean end = trimmedToCount(msgs, count);
            return new ForwardPage(List.copyOf(msgs), lastMid, lastMid, end);
        });
    }

    /**
     * msgs was read with one row more than asked, which tells whether more remain: drops that row; returns
     * true when there was none (the end).
     */
    private static boolean trimmedToCount(List<ChatMessage> msgs, int count) {
        if (msgs.size() <= count) {
            return true;
        }
        msgs.remove(msgs.size() - 1);
        return false;
    }

    @Override
    public HistoryWindow around(long gid, long anchorMid, int count) {
        return readSnapshot(sql -> {
            long total = Queries.storedLastMid(sql, gid);
            List<ChatMessage> older = Queries.slice(sql, gid, "< ? ORDER BY mid DESC", anchorMid, count + 1);
            List<ChatMessage> newer = Queries.slice(sql, gid, ">= ? ORDER BY mid ASC", anchorMid, count + 1);
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
        return read(sql -> Queries.findMessage(sql, gid, mid));
    }

    // ---- read state ----

    @Override
    public long readCursor(long gid, UserId user) {
        return read(sql -> Queries.readCursor(sql, gid, user));
    }

    @Override
    public List<ReadCursor> readState(long gid) {
        return read(sql -> {
            PreparedStatement ps = sql.ps("SELECT mb.pin, mb.app_id, mb.nick_name,"
                    + " mb.joined_at, COALESCE(rc.last_read_mid, 0) FROM members mb LEFT JOIN read_cursors rc"
                    + " ON rc.gid = mb.gid AND rc.pin = mb.pin AND rc.app_id = mb.app_id"
                    + " WHERE mb.gid = ? ORDER BY mb.joined_at, mb." + dialect.memberSeq());
            ps.setLong(1, gid);
            try (ResultSet rs = sql.query(ps)) {
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
        return read(sql -> Queries.unreadCount(sql, gid, user));
    }

    @Override
    public long unreadTotal(UserId user) {
        return read(sql -> Queries.unreadTotal(sql, user));
    }

    @Override
    public List<Unread> unread(UserId user) {
        return read(sql -> {
            PreparedStatement ps = sql.ps("SELECT mb.gid, COALESCE(u.count, 0), g.last_mid FROM members mb"
                    + " JOIN groups g ON g.gid = mb.gid LEFT JOIN unread_counts u"
                    + " ON u.pin = mb.pin AND u.app_id = mb.app_id AND u.gid = mb.gid"
                    + " WHERE mb.pin = ? AND mb.app_id = ? ORDER BY g.updated_at DESC, mb.gid DESC");
            ps.setString(1, user.pin());
            ps.setString(2, user.appId());
            try (ResultSet rs = sql.query(ps)) {
                List<Unread> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Unread(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
                return out;
            }
        });
    }

    // ---- the desk's conversation list ----

    @Override
    public List<ConversationEntry> conversations(UserId user, Position after, String prefix, int limit) {
        return read(sql -> DeskQueries.page(sql, user, after, prefix, limit));
    }

    @Override
    public List<ConversationEntry> conversations(UserId user, java.util.Collection<Long> gids) {
        return read(sql -> DeskQueries.some(sql, user, gids));
    }

    /** One connection for all; with array parameters (PostgreSQL) one statement too. */
    @Override
    public Map<UserId, List<ConversationEntry>> conversationsOf(Map<UserId, ? extends java.util.Collection<Long>> due) {
        return read(sql -> dialect.arrays() ? DeskQueries.ofUsers(sql, due) : DeskQueries.eachUser(sql, due));
    }

    // ---- uploads ----

    @Override
    public void recordUpload(Upload u) {
        writer.call(b -> {
            Sql sql = writerSql(b);
            PreparedStatement ps = sql.ps("INSERT INTO uploads (name, owner_pin, owner_app,"
                    + " mime, size, width, height, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
            sql.update(ps);
            return null;
        });
    }

    @Override
    public Optional<Upload> findUpload(String name) {
        return read(sql -> {
            PreparedStatement ps = sql.ps("SELECT name, owner_pin, owner_app, mime, size,"
                    + " width, height, sha256, created_at FROM uploads WHERE name = ?");
            ps.setString(1, name);
            try (ResultSet rs = sql.query(ps)) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Upload(rs.getString(1), new UserId(rs.getString(2), rs.getString(3)),
                        rs.getString(4), rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getString(8),
                        rs.getLong(9)));
            }
        });
    }
}
