package io.parley.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.Member;
import io.parley.server.store.jdbc.GroupCommitWriter.Batch;

/**
 * Keeps the per-member columns of the conversation list (members.activity, title, title_key, peer_*)
 * in step with the writes, inside their transactions: on creation, on rename and, for appends, once
 * per conversation per write batch (one JDBC batch for the whole write batch, not a round trip per
 * message). Schema: db/migration V6 (SQLite), V3 (PostgreSQL). On PostgreSQL the append batch's update
 * is part of the batch's one write statement instead ({@code PostgresWriteBack}), the same SQL as {@link #flush}.
 */
public final class DeskIndex {
    private static final Object KEY = new Object();

    private DeskIndex() {
    }

    /** title_key: ASCII letters lowered only, so SQL's lower()/translate() and Java agree on every database. */
    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] = (char) (c[i] + ('a' - 'A'));
            }
        }
        return new String(c);
    }

    /** A group's members (new ones get activity now) see title; after create or update in the same transaction. */
    public static void groupNamed(Sql sql, long gid, String title, long now) throws SQLException {
        PreparedStatement ps = sql.ps("UPDATE members SET title = ?, title_key = ?,"
                + " activity = CASE WHEN activity = 0 THEN ? ELSE activity END WHERE gid = ?");
        ps.setString(1, title);
        ps.setString(2, fold(title));
        ps.setLong(3, now);
        ps.setLong(4, gid);
        sql.update(ps);
    }

    /**
     * A new 1:1: each row names the other member as peer and, when the peer's name is already known
     * (user_names, filled in by insertMembers), as title; otherwise the title waits for their first message.
     */
    public static void directCreated(Sql sql, long gid, List<Member> pair, long now) throws SQLException {
        if (pair.size() < 2) {
            groupNamed(sql, gid, null, now);
            return;
        }
        PreparedStatement ps = sql.ps("UPDATE members SET activity = ?, peer_pin = ?, peer_app = ?,"
                + " title = ?, title_key = ? WHERE gid = ? AND pin = ? AND app_id = ?");
        for (int k = 0; k < 2; k++) {
            Member self = pair.get(k);
            Member peer = pair.get(1 - k);
            ps.setLong(1, now);
            ps.setString(2, peer.user().pin());
            ps.setString(3, peer.user().appId());
            ps.setString(4, peer.nickName());
            ps.setString(5, peer.nickName() == null ? null : fold(peer.nickName()));
            ps.setLong(6, gid);
            ps.setString(7, self.user().pin());
            ps.setString(8, self.user().appId());
            sql.update(ps);
        }
    }

    /** The title a 1:1 recipient's list shows for m's sender: their display name, else their pin. */
    public static String displayName(ChatMessage m) {
        return m.senderNick() != null ? m.senderNick() : m.sender().pin();
    }

    /** Notes a stored (not duplicate) message of batch b; {@link #flush} writes the newest per conversation. */
    @SuppressWarnings("unchecked")
    public static void appended(Batch b, ChatMessage stored) {
        ((Map<Long, ChatMessage>) b.dirty.computeIfAbsent(KEY, k -> new LinkedHashMap<Long, ChatMessage>()))
                .merge(stored.gid(), stored, (old, now) -> now.mid() > old.mid() ? now : old);
    }

    /**
     * Moves every member's activity of each conversation the batch appended to, and, in a 1:1, the
     * recipient's title to the sender's current display name: one statement per conversation, sent as
     * one JDBC batch.
     */
    @SuppressWarnings("unchecked")
    public static void flush(Batch b, Sql sql) throws SQLException {
        Map<Long, ChatMessage> newest = (Map<Long, ChatMessage>) b.dirty.get(KEY);
        if (newest == null || newest.isEmpty()) {
            return;
        }
        PreparedStatement ps = sql.ps("UPDATE members SET"
                + " activity = CASE WHEN activity < ? THEN ? ELSE activity END,"
                + " title = CASE WHEN peer_pin = ? AND peer_app = ? THEN ? ELSE title END,"
                + " title_key = CASE WHEN peer_pin = ? AND peer_app = ? THEN ? ELSE title_key END"
                + " WHERE gid = ?");
        for (ChatMessage m : newest.values()) {
            String name = displayName(m);
            int i = 0;
            ps.setLong(++i, m.timestamp());
            ps.setLong(++i, m.timestamp());
            ps.setString(++i, m.sender().pin());
            ps.setString(++i, m.sender().appId());
            ps.setString(++i, name);
            ps.setString(++i, m.sender().pin());
            ps.setString(++i, m.sender().appId());
            ps.setString(++i, fold(name));
            ps.setLong(++i, m.gid());
            ps.addBatch();
        }
        sql.batch(ps);
    }
}
