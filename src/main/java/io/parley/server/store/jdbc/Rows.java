package io.parley.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.Group;

/** Column lists and row mapping shared by the SQL stores (both schemas use the same names). */
public final class Rows {
    public static final String GROUP_COLUMNS = "gid, kind, name, nick, intro, notice, approval_rule, s_code, avatar,"
            + " invitation, can_search, max_members, group_kind, biz_ext, owner_pin, owner_app, last_mid,"
            + " created_at, updated_at";
    public static final String MESSAGE_COLUMNS = "gid, mid, sender_pin, sender_app, sender_nick, type, content,"
            + " payload, client_msg_id, created_at, fallback_text, version";
    /** Messages after a cursor that count as unread for (pin, app): from others, not recalled. */
    public static final String UNREAD_AFTER = "SELECT COUNT(*) FROM messages WHERE gid = ? AND mid > ?"
            + " AND NOT (sender_pin = ? AND sender_app = ?) AND type <> 'recall'";

    private Rows() {
    }

    public static ChatMessage message(ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getLong("gid"), rs.getLong("mid"),
                new UserId(rs.getString("sender_pin"), rs.getString("sender_app")), rs.getString("sender_nick"),
                rs.getString("type"), rs.getString("content"), rs.getString("payload"),
                rs.getString("client_msg_id"), rs.getLong("created_at"), rs.getString("fallback_text"),
                rs.getInt("version"));
    }

    public static Group group(ResultSet rs) throws SQLException {
        String ownerPin = rs.getString("owner_pin");
        String ownerApp = rs.getString("owner_app");
        return new Group(rs.getLong("gid"), rs.getString("kind"), rs.getString("name"),
                rs.getString("nick"), rs.getString("intro"), rs.getString("notice"),
                rs.getString("approval_rule"), rs.getString("s_code"), rs.getString("avatar"),
                rs.getString("invitation"), rs.getInt("can_search"), rs.getInt("max_members"),
                rs.getInt("group_kind"), rs.getString("biz_ext"),
                ownerPin == null ? null : new UserId(ownerPin, ownerApp), rs.getLong("last_mid"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    /** Binds draft's columns in MESSAGE_COLUMNS order, with mid. */
    public static void bindMessage(PreparedStatement ps, ChatMessage d, long mid) throws SQLException {
        int i = 0;
        ps.setLong(++i, d.gid());
        ps.setLong(++i, mid);
        ps.setString(++i, d.sender().pin());
        ps.setString(++i, d.sender().appId());
        ps.setString(++i, d.senderNick());
        ps.setString(++i, d.type());
        ps.setString(++i, d.content());
        ps.setString(++i, d.payload());
        ps.setString(++i, d.clientMsgId());
        ps.setLong(++i, d.timestamp());
        ps.setString(++i, d.fallbackText());
        ps.setInt(++i, d.version());
    }

    public static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    /** Same key for (a, b) and (b, a); length prefixes keep it unambiguous whatever the ids contain. */
    public static String directKey(UserId a, UserId b) {
        String ka = encode(a);
        String kb = encode(b);
        return ka.compareTo(kb) <= 0 ? ka + "|" + kb : kb + "|" + ka;
    }

    private static String encode(UserId u) {
        return u.pin().length() + ":" + u.pin() + u.appId().length() + ":" + u.appId();
    }
}
