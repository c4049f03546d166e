package io.parley.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.parley.server.auth.UserId;

/**
 * Read cursors and unread counts. A message counts as unread for a member when its mid is above the
 * member's cursor, someone else sent it and it is not recalled. Counts are kept incrementally.
 */
public interface ReadStateStore {

    /**
     * Moves user's cursor in gid to max(current, min(mid, last mid)) and recomputes user's unread count
     * there, atomically. Completes after the commit.
     */
    CompletableFuture<ReadMove> markRead(long gid, UserId user, long mid);

    /** user's read cursor in gid (0 when never set). */
    long readCursor(long gid, UserId user);

    /** Every member of gid with their read cursor, in member order. */
    List<ReadCursor> readState(long gid);

    /** user's unread count in gid (0 when not a member). */
    long unreadCount(long gid, UserId user);

    /** unreadCount summed over every conversation user is a member of. */
    long unreadTotal(UserId user);

    /**
     * unreadCount and unreadTotal read together, as one answer: a remote store reads both in one
     * statement (the unread pusher asks for both at the end of every busy window).
     */
    default UnreadChange unreadNow(long gid, UserId user) {
        return new UnreadChange(user, gid, unreadCount(gid, user), unreadTotal(user));
    }

    /**
     * {@link #unreadNow(long, UserId)} for many (user, conversation) pairs at once, in the order asked: a
     * remote store answers them with one statement (the unread pusher's coalesced pushes that fall due
     * together).
     */
    default List<UnreadChange> unreadNow(List<UnreadKey> keys) {
        List<UnreadChange> out = new java.util.ArrayList<>(keys.size());
        for (UnreadKey k : keys) {
            out.add(unreadNow(k.gid(), k.user()));
        }
        return out;
    }

    /** A user's unread state in one conversation, as asked for by {@link #unreadNow(List)}. */
    record UnreadKey(UserId user, long gid) {
    }

    /** Every conversation user is a member of, with its unread count and last mid, newest activity first. */
    List<Unread> unread(UserId user);

    /** moved: the cursor advanced (to cursor); else cursor is the unchanged one. */
    record ReadMove(boolean moved, long cursor, List<UnreadChange> unread) {
    }

    record ReadCursor(Member member, long lastReadMid) {
    }

    record Unread(long gid, long count, long lastMid) {
    }
}
