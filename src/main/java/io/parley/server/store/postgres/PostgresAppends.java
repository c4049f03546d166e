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
 * with the new messages, last mids, the senders' read cursors and the conversation list's columns.</li>
 * </ol>
 * The lock and both reads go in one round trip, all the writes in one statement ({@link PostgresWriteBack}):
 * with COMMIT, three round trips per batch, which is what a batch of one message (one in flight) pays.
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
        Reads read = read(sql, pending);
        Map<Long, Long> lastMids = read.lastMids;
        Map<ClientId, ChatMessage> originals = read.originals;
        Map<UserId, Long> totals = read.totals;
        Map<Long, Map<UserId, Long>> counts = read.counts;
        read.members.forEach((gid, list) -> b.onCommit(() -> cache.committed(gid, list)));

        Map<Long, ChatMessage> newest = new LinkedHashMap<>(); // gid -> the batch's newest message there
        Map<Long, Long> touched = new HashMap<>(); // gid -> newest timestamp
        Map<Cursor, Long> cursors = new LinkedHashMap<>();
        Map<Long, Map<UserId, Long>> dirtyCounts = new LinkedHashMap<>();
        PostgresWriteBack writes = new PostgresWriteBack();
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
            newest.put(d.gid(), stored); // mids grow in batch order
            touched.merge(d.gid(), d.timestamp(), Math::max);
            writes.message(d, mid);
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
        if (newest.isEmpty()) {
            return;
        }
        for (ChatMessage m : newest.values()) {
            writes.conversation(m.gid(), m.mid(), touched.get(m.gid()));
            writes.listed(m);
        }
        cursors.forEach((c, mid) -> writes.cursor(c.gid(), c.user(), mid));
        dirtyCounts.forEach((gid, users) -> users.forEach((u, n) -> writes.unread(u, gid, n)));
        writes.write(sql);
    }

    /** What the batch reads under its locks. */
    private static final class Reads {
        final Map<Long, Long> lastMids = new HashMap<>();
        final Map<ClientId, ChatMessage> originals = new HashMap<>();
        final Map<Long, List<Member>> members = new HashMap<>();
        final Map<UserId, Long> totals = new HashMap<>();
        /** gid -> member -> unread count, in member order. */
        final Map<Long, Map<UserId, Long>> counts = new HashMap<>();
    }

    /**
     * Locks the batch's conversations, then reads the originals of its client ids and its members' counts
     * and totals: three statements sent in one round trip. The server runs them in order, each with a
     * snapshot of its own, so the two reads start only once the locks are held and see every commit that
     * released them. Stable afterwards: every writer of these rows holds the gid's lock.
     */
    private static Reads read(Sql sql, List<Pending> pending) throws SQLException {
        TreeSet<Long> gidSet = new TreeSet<>();
        String[] pins = new String[pending.size()];
        String[] apps = new String[pending.size()];
        String[] ids = new String[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            ChatMessage d = pending.get(i).draft();
            gidSet.add(d.gid());
            pins[i] = d.sender().pin();
            apps[i] = d.sender().appId();
            ids[i] = d.clientMsgId();
        }
        Array gids = sql.connection.createArrayOf("bigint", gidSet.toArray(new Long[0]));
        PreparedStatement ps = sql.ps(READS);
        ps.setArray(1, gids);
        ps.setArray(2, sql.connection.createArrayOf("text", pins));
        ps.setArray(3, sql.connection.createArrayOf("text", apps));
        ps.setArray(4, sql.connection.createArrayOf("text", ids));
        ps.setArray(5, gids);
        Reads out = new Reads();
        sql.execute(ps);
        try (ResultSet rs = next(ps, true)) {
            while (rs.next()) {
                out.lastMids.put(rs.getLong(1), rs.getLong(2));
            }
        }
        try (ResultSet rs = next(ps, false)) {
            while (rs.next()) {
                ChatMessage m = Rows.message(rs);
                out.originals.put(new ClientId(m.sender(), m.clientMsgId()), m);
            }
        }
        try (ResultSet rs = next(ps, false)) {
            while (rs.next()) {
                UserId u = new UserId(rs.getString(2), rs.getString(3));
                out.counts.computeIfAbsent(rs.getLong(1), g -> new LinkedHashMap<>()).put(u, rs.getLong(4));
                out.members.computeIfAbsent(rs.getLong(1), g -> new ArrayList<>())
                        .add(new Member(u, rs.getString(5), rs.getLong(6)));
                out.totals.put(u, rs.getLong(7));
            }
        }
        return out;
    }

    /** The next result of a multi-statement execute (first: the one execute returned). */
    private static ResultSet next(PreparedStatement ps, boolean first) throws SQLException {
        if (!first && !ps.getMoreResults()) {
            throw new SQLException("a read of the batch returned no rows result");
        }
        ResultSet rs = ps.getResultSet();
        if (rs == null) {
            throw new SQLException("a read of the batch returned no rows result");
        }
        return rs;
    }

    private static final String READS = "SELECT gid, last_mid FROM groups WHERE gid = ANY(?) ORDER BY gid FOR UPDATE;"
            + " SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages"
            + " WHERE (sender_pin, sender_app, client_msg_id) IN (SELECT * FROM unnest(?::text[], ?::text[], ?::text[]));"
            + " SELECT mb.gid, mb.pin, mb.app_id, COALESCE(u.count, 0), mb.nick_name, mb.joined_at,"
            + " (SELECT COALESCE(SUM(t.count), 0) FROM unread_counts t WHERE t.pin = mb.pin AND t.app_id = mb.app_id)"
            + " FROM members mb"
            + " LEFT JOIN unread_counts u ON u.pin = mb.pin AND u.app_id = mb.app_id AND u.gid = mb.gid"
            + " WHERE mb.gid = ANY(?) ORDER BY mb.gid, mb.joined_at, mb.seq";
}
