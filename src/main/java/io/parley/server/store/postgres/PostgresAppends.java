package io.parley.server.store.postgres;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.Member;
import io.parley.server.store.MessageStore.Appended;
import io.parley.server.store.UnreadChange;
import io.parley.server.store.jdbc.DeskIndex;
import io.parley.server.store.jdbc.GroupCommitWriter.Batch;
import io.parley.server.store.jdbc.GroupCommitWriter.Deferred;
import io.parley.server.store.jdbc.Rows;
import io.parley.server.store.jdbc.Sql;

/**
 * A write batch's appends on PostgreSQL, done together at flush in a fixed number of round trips
 * whatever the batch size. Several nodes write to one database, so nothing here trusts memory:
 * <ol>
 * <li>the batch's conversation rows are locked in gid order ({@code FOR UPDATE}): another node's batch on
 * the same conversation waits for this commit, so mids (taken from {@code groups.last_mid}) stay gapless
 * and strictly increasing across nodes, and no deadlock comes from the order;</li>
 * <li>under those locks, originals of the batch's (sender, client id) pairs are looked up: a resend to any
 * node gets the original. The unique key stays as a backstop: a racing insert under another conversation
 * fails the batch, whose tasks the writer then runs one by one, when the lookup finds the original;</li>
 * <li>the members' unread counts and totals are read in one statement, updated in Java, and written back
 * with the new messages, last mids and the senders' read cursors, each as one JDBC batch.</li>
 * </ol>
 * The member lists read under the locks are handed to the {@link MemberCache} at commit: the fan-out of
 * these messages then uses exactly the members they were counted for.
 */
final class PostgresAppends {
    private record Pending(ChatMessage draft, Deferred<Appended> result) {
    }

    private record ClientId(UserId sender, String clientMsgId) {
    }

    private record Cursor(long gid, UserId user) {
    }

    private static final Object KEY = new Object();

    private PostgresAppends() {
    }

    /** Queues draft into batch b; its result is filled in by {@link #flush}. */
    @SuppressWarnings("unchecked")
    static Deferred<Appended> add(Batch b, ChatMessage draft) {
        Deferred<Appended> result = new Deferred<>();
        ((List<Pending>) b.dirty.computeIfAbsent(KEY, k -> new ArrayList<Pending>())).add(new Pending(draft, result));
        return result;
    }

    @SuppressWarnings("unchecked")
    static void flush(Batch b, Sql sql, MemberCache cache) throws SQLException {
        List<Pending> pending = (List<Pending>) b.dirty.get(KEY);
        if (pending == null) {
            return;
        }
        TreeSet<Long> gidSet = new TreeSet<>();
        for (Pending p : pending) {
            gidSet.add(p.draft().gid());
        }
        Array gids = sql.connection.createArrayOf("bigint", gidSet.toArray());
        Map<Long, Long> lastMids = lockConversations(sql, gids);
        Map<ClientId, ChatMessage> originals = originals(sql, pending);
        Map<Long, List<Member>> members = new HashMap<>();
        Map<UserId, Long> totals = new HashMap<>();
        Map<Long, Map<UserId, Long>> counts = memberCounts(sql, gids, members, totals);
        members.forEach((gid, list) -> b.onCommit(() -> cache.committed(gid, list)));

        PreparedStatement insert = sql.ps("INSERT INTO messages (" + Rows.MESSAGE_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Map<Long, Long> touched = new LinkedHashMap<>(); // gid -> newest timestamp
        Map<Cursor, Long> cursors = new LinkedHashMap<>();
        Map<Long, Map<UserId, Long>> dirtyCounts = new HashMap<>();
        for (Pending p : pending) {
            ChatMessage d = p.draft();
            Long last = lastMids.get(d.gid());
            if (last == null) {
                p.result().fail(new IllegalStateException("no conversation " + d.gid()));
                continue;
            }
            ClientId id = new ClientId(d.sender(), d.clientMsgId());
            ChatMessage original = originals.get(id);
            if (original != null) { // a retry: the original stands
                p.result().set(new Appended(original, true, List.of()));
                continue;
            }
            long mid = last + 1;
            lastMids.put(d.gid(), mid);
            ChatMessage stored = d.withMid(mid);
            originals.put(id, stored);
            DeskIndex.appended(b, stored);
            Rows.bindMessage(insert, d, mid);
            insert.addBatch();
            touched.merge(d.gid(), d.timestamp(), Math::max);
            cursors.put(new Cursor(d.gid(), d.sender()), mid); // sending implies having read
            List<UnreadChange> changes = new ArrayList<>(2);
            for (Map.Entry<UserId, Long> m : counts.getOrDefault(d.gid(), Map.of()).entrySet()) {
                long old = m.getValue();
                long now = m.getKey().equals(d.sender()) ? 0 : old + 1;
                if (now != old) {
                    m.setValue(now);
                    long total = totals.merge(m.getKey(), now - old, Long::sum);
                    dirtyCounts.computeIfAbsent(d.gid(), g -> new LinkedHashMap<>()).put(m.getKey(), now);
                    changes.add(new UnreadChange(m.getKey(), d.gid(), now, total));
                }
            }
            p.result().set(new Appended(stored, false, changes));
        }
        if (touched.isEmpty()) {
            return;
        }
        sql.batch(insert);
        writeBack(sql, lastMids, touched, cursors, dirtyCounts);
        DeskIndex.flush(b, sql);
    }

    private static Map<Long, Long> lockConversations(Sql sql, Array gids) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT gid, last_mid FROM groups WHERE gid = ANY(?) ORDER BY gid FOR UPDATE");
        ps.setArray(1, gids);
        Map<Long, Long> out = new HashMap<>();
        try (ResultSet rs = sql.query(ps)) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static Map<ClientId, ChatMessage> originals(Sql sql, List<Pending> pending) throws SQLException {
        String[] pins = new String[pending.size()];
        String[] apps = new String[pending.size()];
        String[] ids = new String[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            ChatMessage d = pending.get(i).draft();
            pins[i] = d.sender().pin();
            apps[i] = d.sender().appId();
            ids[i] = d.clientMsgId();
        }
        PreparedStatement ps = sql.ps("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages"
                + " WHERE (sender_pin, sender_app, client_msg_id) IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[]))");
        ps.setArray(1, sql.connection.createArrayOf("text", pins));
        ps.setArray(2, sql.connection.createArrayOf("text", apps));
        ps.setArray(3, sql.connection.createArrayOf("text", ids));
        Map<ClientId, ChatMessage> out = new HashMap<>();
        try (ResultSet rs = sql.query(ps)) {
            while (rs.next()) {
                ChatMessage m = Rows.message(rs);
                out.put(new ClientId(m.sender(), m.clientMsgId()), m);
            }
        }
        return out;
    }

    /**
     * gid -> member -> unread count, in member order, and each member's unread total over all their
     * conversations (one statement). Stable: every writer of these rows holds the gid's lock.
     */
    private static Map<Long, Map<UserId, Long>> memberCounts(Sql sql, Array gids, Map<Long, List<Member>> members,
                                                             Map<UserId, Long> totals) throws SQLException {
        PreparedStatement ps = sql.ps("SELECT mb.gid, mb.pin, mb.app_id, COALESCE(u.count, 0), mb.nick_name, mb.joined_at,"
                + " (SELECT COALESCE(SUM(t.count), 0) FROM unread_counts t WHERE t.pin = mb.pin AND t.app_id = mb.app_id)"
                + " FROM members mb"
                + " LEFT JOIN unread_counts u ON u.pin = mb.pin AND u.app_id = mb.app_id AND u.gid = mb.gid"
                + " WHERE mb.gid = ANY(?) ORDER BY mb.gid, mb.joined_at, mb.seq");
        ps.setArray(1, gids);
        Map<Long, Map<UserId, Long>> out = new HashMap<>();
        try (ResultSet rs = sql.query(ps)) {
            while (rs.next()) {
                UserId u = new UserId(rs.getString(2), rs.getString(3));
                out.computeIfAbsent(rs.getLong(1), g -> new LinkedHashMap<>()).put(u, rs.getLong(4));
                members.computeIfAbsent(rs.getLong(1), g -> new ArrayList<>()).add(new Member(u, rs.getString(5), rs.getLong(6)));
                totals.put(u, rs.getLong(7));
            }
        }
        return out;
    }

    private static void writeBack(Sql sql, Map<Long, Long> lastMids, Map<Long, Long> touched,
                                  Map<Cursor, Long> cursors, Map<Long, Map<UserId, Long>> counts) throws SQLException {
        PreparedStatement groups = sql.ps("UPDATE groups SET last_mid = ?, updated_at = GREATEST(updated_at, ?) WHERE gid = ?");
        for (Map.Entry<Long, Long> e : touched.entrySet()) {
            groups.setLong(1, lastMids.get(e.getKey()));
            groups.setLong(2, e.getValue());
            groups.setLong(3, e.getKey());
            groups.addBatch();
        }
        sql.batch(groups);
        PreparedStatement cursor = sql.ps(PostgresChatStore.MOVE_CURSOR);
        for (Map.Entry<Cursor, Long> e : cursors.entrySet()) {
            cursor.setLong(1, e.getKey().gid());
            cursor.setString(2, e.getKey().user().pin());
            cursor.setString(3, e.getKey().user().appId());
            cursor.setLong(4, e.getValue());
            cursor.addBatch();
        }
        sql.batch(cursor);
        if (counts.isEmpty()) {
            return;
        }
        PreparedStatement unread = sql.ps(PostgresChatStore.SET_UNREAD);
        for (Map.Entry<Long, Map<UserId, Long>> g : counts.entrySet()) {
            for (Map.Entry<UserId, Long> e : g.getValue().entrySet()) {
                PostgresChatStore.bindUnread(unread, e.getKey(), g.getKey(), e.getValue());
                unread.addBatch();
            }
        }
        sql.batch(unread);
    }
}
