package io.parley.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.DeskStore.ConversationEntry;
import io.parley.server.store.DeskStore.Position;

/**
 * The conversation list's reads, in SQL both SQLite and PostgreSQL accept (but {@link #ofUsers}, PostgreSQL's). A page walks the index
 * members(pin, app_id, activity, gid) backwards from the position and joins each row's group, unread
 * count and last message by primary key: O(page). A filter first takes the rows of the two prefix
 * ranges (indexes on title_key and peer_pin), so it costs O(matches), never O(all conversations).
 */
final class DeskQueries {
    private static final String COLUMNS = "SELECT mb.gid, g.kind, g.name, g.avatar, mb.title, mb.peer_pin, mb.peer_app,"
            + " mb.activity, g.last_mid, COALESCE(u.count, 0),"
            + " m.mid, m.sender_pin, m.sender_app, m.sender_nick, m.type, m.content, m.fallback_text, m.created_at,"
            + " m.version, m.client_msg_id";
    /** Each member row's group, unread count and newest message, by primary key. */
    private static final String JOINS = " JOIN groups g ON g.gid = mb.gid"
            + " LEFT JOIN unread_counts u ON u.pin = mb.pin AND u.app_id = mb.app_id AND u.gid = mb.gid"
            + " LEFT JOIN messages m ON m.gid = mb.gid AND m.mid = g.last_mid";
    /** One entry per row of the user's members rows. */
    private static final String SELECT = COLUMNS + " FROM members mb" + JOINS;
    /**
     * Only the gids whose title or peer pin has the prefix: two index ranges, then their rows by primary
     * key. CROSS JOIN makes SQLite start from these matches rather than walk every row by activity.
     */
    private static final String SELECT_MATCHES = COLUMNS + " FROM (SELECT t.gid FROM members t WHERE t.pin = ?"
            + " AND t.app_id = ? AND t.title_key >= ? AND t.title_key < ? UNION SELECT p.gid FROM members p"
            + " WHERE p.pin = ? AND p.app_id = ? AND p.peer_pin >= ? AND p.peer_pin < ?) hit"
            + " CROSS JOIN members mb" + JOINS + " WHERE mb.gid = hit.gid AND";
    private static final String ORDER = " ORDER BY mb.activity DESC, mb.gid DESC LIMIT ?";
    private static final String AFTER = " AND mb.activity <= ? AND (mb.activity < ? OR mb.gid < ?)";
    /** Entries of a push are read this many gids per statement (a fixed text, so it is prepared once). */
    private static final int SOME_CHUNK = 16;
    private static final String SOME = SELECT + " WHERE mb.pin = ? AND mb.app_id = ? AND mb.gid IN ("
            + "?, ".repeat(SOME_CHUNK - 1) + "?)";

    /**
     * PostgreSQL only: the entries of many (user, gid) pairs in one statement, the user's columns at the
     * end (21, 22). The last message is a LATERAL lookup by its whole key: as a plain join, the generic
     * plan (it guesses 10 pairs) probed messages by gid alone and filtered on mid, reading every message
     * of the conversation per pair (133 ms for a group of 100 with 3,000 messages; 1 ms this way).
     */
    private static final String OF_USERS = COLUMNS + ", mb.pin, mb.app_id"
            + " FROM unnest(?::text[], ?::text[], ?::bigint[]) AS k(pin, app_id, gid)"
            + " JOIN members mb ON mb.pin = k.pin AND mb.app_id = k.app_id AND mb.gid = k.gid"
            + " JOIN groups g ON g.gid = mb.gid"
            + " LEFT JOIN unread_counts u ON u.pin = mb.pin AND u.app_id = mb.app_id AND u.gid = mb.gid"
            + " LEFT JOIN LATERAL (SELECT * FROM messages x WHERE x.gid = g.gid AND x.mid = g.last_mid) m ON true";

    private DeskQueries() {
    }

    static List<ConversationEntry> page(Sql sql, UserId user, Position after, String prefix, int limit)
            throws SQLException {
        StringBuilder q = new StringBuilder(prefix == null ? SELECT + " WHERE" : SELECT_MATCHES)
                .append(" mb.pin = ? AND mb.app_id = ?");
        if (after != null) {
            q.append(AFTER);
        }
        PreparedStatement ps = sql.ps(q.append(ORDER).toString());
        int i = 0;
        if (prefix != null) {
            String low = DeskIndex.fold(prefix);
            String[][] ranges = {{low, upperBound(low)}, {prefix, upperBound(prefix)}};
            for (String[] r : ranges) {
                ps.setString(++i, user.pin());
                ps.setString(++i, user.appId());
                ps.setString(++i, r[0]);
                ps.setString(++i, r[1]);
            }
        }
        ps.setString(++i, user.pin());
        ps.setString(++i, user.appId());
        if (after != null) {
            ps.setLong(++i, after.activity());
            ps.setLong(++i, after.activity());
            ps.setLong(++i, after.gid());
        }
        ps.setInt(++i, limit);
        return entries(sql, ps);
    }

    static List<ConversationEntry> some(Sql sql, UserId user, Collection<Long> gids) throws SQLException {
        List<ConversationEntry> out = new ArrayList<>(gids.size());
        PreparedStatement ps = sql.ps(SOME);
        List<Long> list = new ArrayList<>(gids);
        for (int from = 0; from < list.size(); from += SOME_CHUNK) { // one statement per chunk, padded with gid 0
            ps.setString(1, user.pin());
            ps.setString(2, user.appId());
            for (int k = 0; k < SOME_CHUNK; k++) {
                ps.setLong(3 + k, from + k < list.size() ? list.get(from + k) : 0);
            }
            out.addAll(entries(sql, ps));
        }
        return out;
    }

    /** {@link #some} per user, on one connection. */
    static Map<UserId, List<ConversationEntry>> eachUser(Sql sql, Map<UserId, ? extends Collection<Long>> due)
            throws SQLException {
        Map<UserId, List<ConversationEntry>> out = new LinkedHashMap<>();
        for (Map.Entry<UserId, ? extends Collection<Long>> e : due.entrySet()) {
            out.put(e.getKey(), some(sql, e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Every user's entries in one statement (PostgreSQL: array parameters). */
    static Map<UserId, List<ConversationEntry>> ofUsers(Sql sql, Map<UserId, ? extends Collection<Long>> due)
            throws SQLException {
        List<String> pins = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        List<Long> gids = new ArrayList<>();
        Map<UserId, List<ConversationEntry>> out = new LinkedHashMap<>();
        for (Map.Entry<UserId, ? extends Collection<Long>> e : due.entrySet()) {
            out.put(e.getKey(), new ArrayList<>());
            for (Long gid : e.getValue()) {
                pins.add(e.getKey().pin());
                apps.add(e.getKey().appId());
                gids.add(gid);
            }
        }
        PreparedStatement ps = sql.ps(OF_USERS);
        ps.setArray(1, sql.connection.createArrayOf("text", pins.toArray(new String[0])));
        ps.setArray(2, sql.connection.createArrayOf("text", apps.toArray(new String[0])));
        ps.setArray(3, sql.connection.createArrayOf("bigint", gids.toArray(new Long[0])));
        try (ResultSet rs = sql.query(ps)) {
            while (rs.next()) {
                out.get(new UserId(rs.getString(21), rs.getString(22))).add(entry(rs));
            }
        }
        return out;
    }

    /**
     * The least string above every string that starts with prefix, in code point order (which UTF-8 byte
     * order, SQLite's BINARY and PostgreSQL's "C" collation all follow): prefix with its last code point
     * raised by one (past the surrogate range); U+10FFFF drops it and raises the one before.
     */
    static String upperBound(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int n = cps.length; n > 0; n--) {
            int last = cps[n - 1];
            if (last < Character.MAX_CODE_POINT) {
                int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < n - 1; k++) {
                    b.appendCodePoint(cps[k]);
                }
                return b.appendCodePoint(next).toString();
            }
        }
        return new String(Character.toChars(Character.MAX_CODE_POINT)).repeat(prefix.length() + 1);
    }

    private static List<ConversationEntry> entries(Sql sql, PreparedStatement ps) throws SQLException {
        List<ConversationEntry> out = new ArrayList<>();
        try (ResultSet rs = sql.query(ps)) {
            while (rs.next()) {
                out.add(entry(rs));
            }
        }
        return out;
    }

    private static ConversationEntry entry(ResultSet rs) throws SQLException {
        long gid = rs.getLong(1);
        boolean direct = "direct".equals(rs.getString(2));
        String peerPin = rs.getString(6);
        UserId peer = peerPin == null ? null : new UserId(peerPin, rs.getString(7));
        String name = direct ? (rs.getString(5) != null ? rs.getString(5) : peerPin) : rs.getString(3);
        ChatMessage last = null;
        long mid = rs.getLong(11);
        if (!rs.wasNull()) {
            last = new ChatMessage(gid, mid, new UserId(rs.getString(12), rs.getString(13)), rs.getString(14),
                    rs.getString(15), rs.getString(16), null, rs.getString(20), rs.getLong(18), rs.getString(17),
                    rs.getInt(19));
        }
        return new ConversationEntry(gid, direct, name, direct ? null : rs.getString(4), peer, rs.getLong(8),
                rs.getLong(9), last, rs.getLong(10));
    }
}
