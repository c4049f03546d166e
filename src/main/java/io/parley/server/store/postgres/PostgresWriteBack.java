package io.parley.server.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.jdbc.DeskIndex;
import io.parley.server.store.jdbc.Rows;
import io.parley.server.store.jdbc.Sql;

/**
 * Everything an append batch writes on PostgreSQL, in one statement and so one round trip whatever the
 * batch holds: the new messages, the conversations' last mids, the senders' read cursors, the members'
 * unread counts and the conversation list's columns ({@link DeskIndex}: activity, and a 1:1 recipient's
 * title). Each part is a data-modifying CTE fed by arrays ({@code unnest}), so the SQL text is fixed and
 * its plan is prepared once per connection. The UPDATEs also name their gids as {@code = ANY(array)}: joined
 * to {@code unnest} alone the planner's generic plan (it guesses 10 rows) scans the whole table, and these
 * rows are updated with every batch, so their tables carry many dead versions. The parts touch disjoint rows (one row per key in each array:
 * the callers pass maps), as a single statement requires; all of them are rows of the batch's
 * conversations, whose locks the batch holds.
 */
final class PostgresWriteBack {
    private static final String SQL = "WITH"
            + " msg AS (INSERT INTO messages (" + Rows.MESSAGE_COLUMNS + ") SELECT * FROM unnest(?::bigint[],"
            + " ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],"
            + " ?::text[], ?::int[])),"
            + " grp AS (UPDATE groups g SET last_mid = v.last_mid, updated_at = GREATEST(g.updated_at, v.at)"
            + " FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v(gid, last_mid, at)"
            + " WHERE g.gid = ANY(?::bigint[]) AND g.gid = v.gid),"
            + " cur AS (INSERT INTO read_cursors (gid, pin, app_id, last_read_mid)"
            + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[])"
            + " ON CONFLICT (gid, pin, app_id) DO UPDATE"
            + " SET last_read_mid = GREATEST(read_cursors.last_read_mid, EXCLUDED.last_read_mid)),"
            + " unr AS (INSERT INTO unread_counts (pin, app_id, gid, count)"
            + " SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[])"
            + " ON CONFLICT (pin, app_id, gid) DO UPDATE SET count = EXCLUDED.count)"
            // the conversation list: as DeskIndex.flush does on SQLite, once per conversation of the batch
            + " UPDATE members mb SET activity = CASE WHEN mb.activity < v.at THEN v.at ELSE mb.activity END,"
            + " title = CASE WHEN mb.peer_pin = v.pin AND mb.peer_app = v.app THEN v.name ELSE mb.title END,"
            + " title_key = CASE WHEN mb.peer_pin = v.pin AND mb.peer_app = v.app THEN v.name_key ELSE mb.title_key END"
            + " FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])"
            + " AS v(gid, at, pin, app, name, name_key) WHERE mb.gid = ANY(?::bigint[]) AND mb.gid = v.gid";

    /** Columns of one CTE's arrays, filled row by row. */
    private static final class Columns {
        final List<List<Object>> cols = new ArrayList<>();

        Columns(int n) {
            for (int i = 0; i < n; i++) {
                cols.add(new ArrayList<>());
            }
        }

        void row(Object... values) {
            for (int i = 0; i < values.length; i++) {
                cols.get(i).add(values[i]);
            }
        }
    }

    private static final String[] MESSAGE_TYPES = {"bigint", "bigint", "text", "text", "text", "text", "text", "text",
        "text", "bigint", "text", "int4"};
    private static final String[] GROUP_TYPES = {"bigint", "bigint", "bigint"};
    private static final String[] CURSOR_TYPES = {"bigint", "text", "text", "bigint"};
    private static final String[] UNREAD_TYPES = {"text", "text", "bigint", "bigint"};
    private static final String[] LIST_TYPES = {"bigint", "bigint", "text", "text", "text", "text"};

    private final Columns messages = new Columns(MESSAGE_TYPES.length);
    private final Columns groups = new Columns(GROUP_TYPES.length);
    private final Columns cursors = new Columns(CURSOR_TYPES.length);
    private final Columns unread = new Columns(UNREAD_TYPES.length);
    private final Columns list = new Columns(LIST_TYPES.length);

    /** A new message, stored with mid. */
    void message(ChatMessage d, long mid) {
        messages.row(d.gid(), mid, d.sender().pin(), d.sender().appId(), d.senderNick(), d.type(), d.content(),
                d.payload(), d.clientMsgId(), d.timestamp(), d.fallbackText(), d.version());
    }

    /** A conversation's new last mid and its newest message's time. */
    void conversation(long gid, long lastMid, long at) {
        groups.row(gid, lastMid, at);
    }

    /** user has read gid up to mid (never moves a cursor back). */
    void cursor(long gid, UserId user, long mid) {
        cursors.row(gid, user.pin(), user.appId(), mid);
    }

    /** user's unread count in gid is now count. */
    void unread(UserId user, long gid, long count) {
        unread.row(user.pin(), user.appId(), gid, count);
    }

    /** newest: the conversation's newest message of the batch, which moves its list entries. */
    void listed(ChatMessage newest) {
        String name = DeskIndex.displayName(newest);
        list.row(newest.gid(), newest.timestamp(), newest.sender().pin(), newest.sender().appId(), name,
                DeskIndex.fold(name));
    }

    /** Sends it all: one statement. */
    void write(Sql sql) throws SQLException {
        PreparedStatement ps = sql.ps(SQL);
        int i = 0;
        i = bind(sql.connection, ps, i, messages, MESSAGE_TYPES);
        i = bind(sql.connection, ps, i, groups, GROUP_TYPES);
        i = bind(sql.connection, ps, i, groups, GROUP_TYPES[0]); // = ANY: the gids again
        i = bind(sql.connection, ps, i, cursors, CURSOR_TYPES);
        i = bind(sql.connection, ps, i, unread, UNREAD_TYPES);
        i = bind(sql.connection, ps, i, list, LIST_TYPES);
        bind(sql.connection, ps, i, list, LIST_TYPES[0]);
        sql.update(ps);
    }

    private static int bind(Connection c, PreparedStatement ps, int i, Columns columns, String... types)
            throws SQLException {
        for (int k = 0; k < types.length; k++) {
            List<Object> col = columns.cols.get(k);
            Object[] typed = switch (types[k]) { // the driver picks its encoding by the array's element class
                case "bigint" -> col.toArray(new Long[0]);
                case "int4" -> col.toArray(new Integer[0]);
                default -> col.toArray(new String[0]);
            };
            ps.setArray(++i, c.createArrayOf(types[k], typed));
        }
        return i;
    }
}
