package io.parley.server.store;

import io.parley.server.auth.UserId;

/**
 * A stored conversation: a group made by create_group, or a one-to-one ("direct") chat.
 * Optional text fields may be null. bizExt is serialized JSON text.
 */
public record Group(long gid, String kind, String name, String nickName, String intro, String notice,
                    String approvalRule, String sCode, String avatar, String invitation, int canSearch,
                    int max, int groupKind, String bizExt, UserId owner, long lastMid,
                    long createdAt, long updatedAt) {
    public static final String KIND_GROUP = "group";
    public static final String KIND_DIRECT = "direct";

    public boolean isDirect() {
        return KIND_DIRECT.equals(kind);
    }
}
