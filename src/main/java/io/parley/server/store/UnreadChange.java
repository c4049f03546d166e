package io.parley.server.store;

import io.parley.server.auth.UserId;

/** user's unread count in gid became count (and over all conversations, total) by a committed write. */
public record UnreadChange(UserId user, long gid, long count, long total) {
}
