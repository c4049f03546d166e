package io.parley.server.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.Member;
import io.parley.server.store.MessageStore.Appended;
import io.parley.server.store.MessageStore.Recall;
import io.parley.server.store.MessageStore.RecallOutcome;
import io.parley.server.store.ReadStateStore.ReadMove;
import io.parley.server.store.UnreadChange;
import io.parley.server.store.jdbc.DeskIndex;
import io.parley.server.store.jdbc.GroupCommitWriter.Batch;
import io.parley.server.store.jdbc.Queries;
import io.parley.server.store.jdbc.Rows;
import io.parley.server.store.jdbc.Sql;

/**
 * The SQLite write path of messages, read cursors and unread counts, run only on the store's single
 * writer thread. That thread owns the per-conversation mid sequencer (seeded from
 * {@code groups.last_mid} at first use) and the unread counters (loaded per user at first use), so each
 * append costs one INSERT plus a share of the per-batch updates, never a recount. One process owns the
 * file, so memory may be the truth here; the PostgreSQL store, shared by nodes, cannot do this.
 */
final class SqliteMessages {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteMessages.class);

    private final SqliteChatStore store;
    private final Sql w;
    /** gid → last mid handed out, including the batch in progress. */
    private final Map<Long, Long> lastMids = new HashMap<>();
    private final Map<UserId, UserUnread> unread = new ConcurrentHashMap<>();

    /** Keys of the state a batch leaves dirty; written once per batch by {@link #flush}. */
    private record GroupKey(long gid) {
    }

    private record CursorKey(long gid, UserId user) {
    }

    private record UnreadKey(UserId user, long gid) {
    }

    private static final Object CHECKPOINT = new Object();

    /** One user's unread counts by conversation, and their sum. */
    static final class UserUnread {
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

    SqliteMessages(SqliteChatStore store, Sql writerSql) {
        this.store = store;
        this.w = writerSql;
    }

    /** user's counters if loaded, else null. */
    UserUnread loaded(UserId user) {
        return unread.get(user);
    }

    Appended append(Batch b, ChatMessage d) throws SQLException {
        long gid = d.gid();
        long mid = lastMid(b, gid) + 1;
        PreparedStatement ins = w.ps("INSERT INTO messages (" + Rows.MESSAGE_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (sender_pin, sender_app, client_msg_id) DO NOTHING");
        Rows.bindMessage(ins, d, mid);
        if (w.update(ins) == 0) { // a retry: the original stands
            PreparedStatement ps = w.ps("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages"
                    + " WHERE sender_pin = ? AND sender_app = ? AND client_msg_id = ?");
            ps.setString(1, d.sender().pin());
            ps.setString(2, d.sender().appId());
            ps.setString(3, d.clientMsgId());
            try (ResultSet rs = w.query(ps)) {
                rs.next();
                return new Appended(Rows.message(rs), true, List.of());
            }
        }
        setLastMid(b, gid, mid);
        DeskIndex.appended(b, d.withMid(mid));
        b.dirty.merge(new GroupKey(gid), d.timestamp(), (x, y) -> Math.max((Long) x, (Long) y));
        b.dirty.put(new CursorKey(gid, d.sender()), mid); // sending implies having read everything before
        List<UnreadChange> changes = new ArrayList<>(2);
        for (Member m : store.membersInBatch(b, gid)) {
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
        PreparedStatement ps = w.ps("SELECT last_mid FROM groups WHERE gid = ?");
        ps.setLong(1, gid);
        long seeded = w.number(ps, -1);
        if (seeded < 0) {
            throw new IllegalStateException("no conversation " + gid);
        }
        lastMids.put(gid, seeded);
        b.onRollback(() -> lastMids.remove(gid));
        return seeded;
    }

    private void setLastMid(Batch b, long gid, long mid) {
        Long old = lastMids.put(gid, mid);
        b.onRollback(() -> lastMids.put(gid, old));
    }

    /** Sets user's unread count in gid (logged for rollback, written at flush); records a change. */
    void setUnread(Batch b, UserId user, long gid, long count, List<UnreadChange> changes) throws SQLException {
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
    UserUnread unreadOf(Batch b, UserId user) throws SQLException {
        UserUnread uu = unread.get(user);
        if (uu != null) {
            return uu;
        }
        UserUnread loaded = new UserUnread();
        PreparedStatement ps = w.ps("SELECT mb.gid, COALESCE(u.count, 0) FROM members mb LEFT JOIN unread_counts u"
                + " ON u.pin = mb.pin AND u.app_id = mb.app_id AND u.gid = mb.gid WHERE mb.pin = ? AND mb.app_id = ?");
        ps.setString(1, user.pin());
        ps.setString(2, user.appId());
        try (ResultSet rs = w.query(ps)) {
            while (rs.next()) {
                loaded.set(rs.getLong(1), rs.getLong(2));
            }
        }
        unread.put(user, loaded);
        b.onRollback(() -> unread.remove(user, loaded));
        return loaded;
    }

    /** Writes what the batch left dirty, once per key: last mids, cursors, unread counts. */
    void flush(Batch b) throws SQLException {
        for (Map.Entry<Object, Object> e : b.dirty.entrySet()) {
            Object key = e.getKey();
            if (key instanceof GroupKey g) {
                PreparedStatement ps = w.ps("UPDATE groups SET last_mid = ?, updated_at = MAX(updated_at, ?) WHERE gid = ?");
                ps.setLong(1, lastMids.get(g.gid()));
                ps.setLong(2, (Long) e.getValue());
                ps.setLong(3, g.gid());
                w.update(ps);
            } else if (key instanceof CursorKey k) {
                PreparedStatement ps = w.ps("INSERT INTO read_cursors (gid, pin, app_id, last_read_mid)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (gid, pin, app_id) DO UPDATE"
                        + " SET last_read_mid = excluded.last_read_mid"
                        + " WHERE excluded.last_read_mid > read_cursors.last_read_mid");
                ps.setLong(1, k.gid());
                ps.setString(2, k.user().pin());
                ps.setString(3, k.user().appId());
                ps.setLong(4, (Long) e.getValue());
                w.update(ps);
            } else if (key instanceof UnreadKey u) {
                PreparedStatement ps = w.ps("INSERT INTO unread_counts (pin, app_id, gid, count) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (pin, app_id, gid) DO UPDATE SET count = excluded.count");
                ps.setString(1, u.user().pin());
                ps.setString(2, u.user().appId());
                ps.setLong(3, u.gid());
                ps.setLong(4, unread.get(u.user()).get(u.gid()));
                w.update(ps);
            }
        }
        DeskIndex.flush(b, w);
        if (b.dirty.containsKey(CHECKPOINT)) {
            b.onCommit(this::checkpointQuietly);
        }
    }

    Recall recall(Batch b, long gid, long mid, UserId by, long recalledAt, long windowMs) throws SQLException {
        Recall checked = Queries.recallMessage(w, gid, mid, by, recalledAt, windowMs);
        if (checked.outcome() != RecallOutcome.RECALLED) {
            return checked;
        }
        ChatMessage m = checked.message();
        List<UnreadChange> changes = new ArrayList<>();
        for (Member member : store.membersInBatch(b, gid)) {
            UserId u = member.user();
            if (!u.equals(m.sender()) && cursorInBatch(b, gid, u) < mid) { // it counted as unread
                long now = unreadOf(b, u).get(gid);
                setUnread(b, u, gid, Math.max(0, now - 1), changes);
            }
        }
        b.dirty.put(CHECKPOINT, Boolean.TRUE); // the old content must not linger in the WAL file either
        return new Recall(RecallOutcome.RECALLED, m, changes);
    }

    /** Copies the WAL into the database (where secure_delete zeroed the old content) and truncates it. */
    private void checkpointQuietly() {
        try (Statement st = w.connection.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint after a recall failed: {}", e.getMessage());
        }
    }

    ReadMove markRead(Batch b, long gid, UserId user, long mid) throws SQLException {
        long last = lastMids.containsKey(gid) ? lastMids.get(gid) : lastMidOrZero(b, gid);
        long target = Math.min(mid, last);
        long current = cursorInBatch(b, gid, user);
        if (target <= current) {
            return new ReadMove(false, current, List.of());
        }
        b.dirty.put(new CursorKey(gid, user), target);
        long left = target >= last ? 0 : Queries.countAfter(w, gid, target, user);
        List<UnreadChange> changes = new ArrayList<>(1);
        setUnread(b, user, gid, left, changes);
        return new ReadMove(true, target, changes);
    }

    private long lastMidOrZero(Batch b, long gid) throws SQLException {
        try {
            return lastMid(b, gid);
        } catch (IllegalStateException unknown) {
            return 0;
        }
    }

    /** user's cursor as the writer sees it: this batch's move, else the stored one. */
    private long cursorInBatch(Batch b, long gid, UserId user) throws SQLException {
        Object pending = b.dirty.get(new CursorKey(gid, user));
        long stored = Queries.readCursor(w, gid, user);
        return pending == null ? stored : Math.max(stored, (Long) pending);
    }

    /** New members have every earlier message unread. */
    void seedUnread(Batch b, long gid, java.util.Set<UserId> added) throws SQLException {
        for (UserId u : added) {
            setUnread(b, u, gid, Queries.countAfter(w, gid, 0, u), null);
        }
    }
}
