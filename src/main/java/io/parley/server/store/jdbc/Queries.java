package io.parley.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.Group;
import io.parley.server.store.Member;
import io.parley.server.store.MessageStore;
import io.parley.server.store.MessageStore.RecallOutcome;

/** The queries both SQL stores run, on whichever connection the caller holds (reader or writer). */
public final class Queries {
    private Queries() {
    }

    public static Optional<Group> loadGroup(Sql sql, long gid, String lockSuffix) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT " + Rows.GROUP_COLUMNS + " FROM groups WHERE gid = ?"
                + lockSuffix);
        ps.setLong(1, gid);
        try (ResultSet rs = sql.query(ps)) {
            return rs.next() ? Optional.of(Rows.group(rs)) : Optional.empty();
        }
    }

    public static List<Member> loadMembers(Sql sql, long gid, String memberSeq) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT pin, app_id, nick_name, joined_at FROM members"
                + " WHERE gid = ? ORDER BY joined_at, " + memberSeq);
        ps.setLong(1, gid);
        try (ResultSet rs = sql.query(ps)) {
            List<Member> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Member(new UserId(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getLong(4)));
            }
            return out;
        }
    }

    /**
     * Inserts the members of gid; one without a nickName gets the name their token last carried
     * (user_names). Returns the members as stored.
     */
    public static List<Member> insertMembers(Sql sql, long gid, Iterable<Member> list) throws SQLException {
        PreparedStatement ps = sql.ps("INSERT INTO members (gid, pin, app_id, nick_name, joined_at) VALUES (?, ?, ?,"
                + " COALESCE(?, (SELECT name FROM user_names WHERE pin = ? AND app_id = ?)), ?) RETURNING nick_name");
        List<Member> stored = new ArrayList<>();
        for (Member m : list) {
            ps.setLong(1, gid);
            ps.setString(2, m.user().pin());
            ps.setString(3, m.user().appId());
            ps.setString(4, m.nickName());
            ps.setString(5, m.user().pin());
            ps.setString(6, m.user().appId());
            ps.setLong(7, m.joinedAt());
            try (ResultSet rs = sql.query(ps)) {
                rs.next();
                stored.add(new Member(m.user(), rs.getString(1), m.joinedAt()));
            }
        }
        return stored;
    }

    /** The display name user's token last carried, or null. */
    public static String recordedName(Sql sql, UserId user) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT name FROM user_names WHERE pin = ? AND app_id = ?");
        ps.setString(1, user.pin());
        ps.setString(2, user.appId());
        try (ResultSet rs = sql.query(ps)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static Long findDirect(Sql sql, String key) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT gid FROM groups WHERE direct_key = ?");
        ps.setString(1, key);
        long gid = sql.number(ps, -1);
        return gid < 0 ? null : gid;
    }

    public static Optional<ChatMessage> findMessage(Sql sql, long gid, long mid) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE gid = ? AND mid = ?");
        ps.setLong(1, gid);
        ps.setLong(2, mid);
        try (ResultSet rs = sql.query(ps)) {
            return rs.next() ? Optional.of(Rows.message(rs)) : Optional.empty();
        }
    }

    /** Up to limit messages of gid whose mid matches {@code midClause} (a comparison with one ?, then the order). */
    public static List<ChatMessage> slice(Sql sql, long gid, String midClause, long mid, int limit) throws SQLException {
        List<ChatMessage> msgs = new ArrayList<>();
        PreparedStatement ps = sql.ps("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE gid = ? AND mid "
                + midClause + " LIMIT ?");
        ps.setLong(1, gid);
        ps.setLong(2, mid);
        ps.setInt(3, limit);
        try (ResultSet rs = sql.query(ps)) {
            while (rs.next()) {
                msgs.add(Rows.message(rs));
            }
        }
        return msgs;
    }

    /**
     * The stored last mid, which is also the number of messages: mids have no gaps and messages are
     * never deleted (a recalled one stays as its marker), so no COUNT(*) is needed for a total.
     */
    public static long storedLastMid(Sql sql, long gid) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT last_mid FROM groups WHERE gid = ?");
        ps.setLong(1, gid);
        return sql.number(ps, 0);
    }

    public static long readCursor(Sql sql, long gid, UserId user) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT last_read_mid FROM read_cursors WHERE gid = ? AND pin = ? AND app_id = ?");
        ps.setLong(1, gid);
        ps.setString(2, user.pin());
        ps.setString(3, user.appId());
        return sql.number(ps, 0);
    }

    /** Messages of gid after mid that count as unread for user. */
    public static long countAfter(Sql sql, long gid, long mid, UserId user) throws SQLException {
        PreparedStatement ps = sql.ps(Rows.UNREAD_AFTER);
        ps.setLong(1, gid);
        ps.setLong(2, mid);
        ps.setString(3, user.pin());
        ps.setString(4, user.appId());
        return sql.number(ps, 0);
    }

    public static long unreadTotal(Sql sql, UserId user) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT COALESCE(SUM(count), 0) FROM unread_counts WHERE pin = ? AND app_id = ?");
        ps.setString(1, user.pin());
        ps.setString(2, user.appId());
        return sql.number(ps, 0);
    }

    /** user's stored unread count in gid (0 when none). */
    public static long unreadCount(Sql sql, long gid, UserId user) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT count FROM unread_counts WHERE pin = ? AND app_id = ? AND gid = ?");
        ps.setString(1, user.pin());
        ps.setString(2, user.appId());
        ps.setLong(3, gid);
        return sql.number(ps, 0);
    }

    /**
     * The checks and the update a recall shares on both databases: the outcome with the message as it was,
     * and for RECALLED the content replaced by the marker. The unread changes are the caller's to add.
     */
    public static MessageStore.Recall recallMessage(Sql sql, long gid, long mid, UserId by, long recalledAt,
                                                    long windowMs) throws SQLException {
        Optional<ChatMessage> found = findMessage(sql, gid, mid);
        if (found.isEmpty()) {
            return new MessageStore.Recall(RecallOutcome.NO_SUCH_MESSAGE, null, List.of());
        }
        ChatMessage m = found.get();
        RecallOutcome outcome = !m.sender().equals(by) ? RecallOutcome.NOT_SENDER
                : m.recalled() ? RecallOutcome.ALREADY_RECALLED
                : recalledAt - m.timestamp() > windowMs ? RecallOutcome.WINDOW_PASSED
                : RecallOutcome.RECALLED;
        if (outcome == RecallOutcome.RECALLED) {
            PreparedStatement ps = sql.ps("UPDATE messages SET type = 'recall', content = '', payload = NULL,"
                    + " fallback_text = NULL, recalled_at = ? WHERE gid = ? AND mid = ?");
            ps.setLong(1, recalledAt);
            ps.setLong(2, gid);
            ps.setLong(3, mid);
            sql.update(ps);
        }
        return new MessageStore.Recall(outcome, m, List.of());
    }
}
