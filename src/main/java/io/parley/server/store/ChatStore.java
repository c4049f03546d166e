package io.parley.server.store;

import io.parley.server.auth.UserId;
import io.parley.server.store.sqlite.SqliteChatStore;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage of conversations, members and messages. Implementations keep their SQL dialect
 * to themselves (SQLite now, PostgreSQL later). All methods are thread-safe.
 */
public interface ChatStore extends AutoCloseable {

    /** Creates a group owned by owner (a member, with spec.nickName) plus the invitees, atomically. */
    Group createGroup(UserId owner, GroupSpec spec) throws GroupFullException;

    /** Replaces the non-null fields and adds invitees, atomically; empty when gid is unknown. */
    Optional<Group> updateGroup(long gid, UserId owner, GroupSpec changes) throws GroupFullException;

    Optional<Group> findGroup(long gid);

    Optional<Member> findMember(long gid, UserId user);

    List<Member> members(long gid);

    /** The single direct conversation between a and b (order irrelevant), created on first use. */
    long findOrCreateDirect(UserId a, UserId b);

    /**
     * Stores draft with the next mid of its conversation. A repeat of (sender, clientMsgId) stores
     * nothing and returns the original message with duplicate = true.
     */
    Appended append(ChatMessage draft);

    /** Up to count messages with mid &lt; beforeMid (or the newest when beforeMid is -1), newest first. */
    HistoryPage page(long gid, long beforeMid, int count);

    // ---- reliability: epoch, forward paging, recall, read cursors, unread ----
    // Defaults throw so partial test doubles keep compiling; SqliteChatStore implements them all.
    // append also moves the sender's read cursor to the new mid (in the same transaction).

    /** A random id made once when the database is created: a new epoch voids every mid a client knows. */
    default String epoch() {
        throw new UnsupportedOperationException("epoch");
    }

    /** Up to count messages with mid &gt; afterMid, oldest first; end = nothing newer exists. */
    default ForwardPage after(long gid, long afterMid, int count) {
        throw new UnsupportedOperationException("after");
    }

    /** Up to count messages centered on anchorMid (included when it exists), oldest first. */
    default HistoryWindow around(long gid, long anchorMid, int count) {
        throw new UnsupportedOperationException("around");
    }

    default Optional<ChatMessage> findMessage(long gid, long mid) {
        throw new UnsupportedOperationException("findMessage");
    }

    /**
     * Replaces the message's content by a recall marker (type "recall", content "", payload,
     * fallbackText and any attachment reference cleared), atomically. False when it was already recalled.
     */
    default boolean recall(long gid, long mid, long recalledAt) {
        throw new UnsupportedOperationException("recall");
    }

    /**
     * Moves user's read cursor in gid to max(current, min(mid, last mid)). Returns the new cursor,
     * or -1 when it did not move.
     */
    default long markRead(long gid, UserId user, long mid) {
        throw new UnsupportedOperationException("markRead");
    }

    /** user's read cursor in gid (0 when never set). */
    default long readCursor(long gid, UserId user) {
        throw new UnsupportedOperationException("readCursor");
    }

    /** Every member of gid with their read cursor, in member order. */
    default List<ReadCursor> readState(long gid) {
        throw new UnsupportedOperationException("readState");
    }

    /** Messages in gid after user's cursor, not sent by user and not recalled. */
    default long unreadCount(long gid, UserId user) {
        throw new UnsupportedOperationException("unreadCount");
    }

    /** unreadCount summed over every conversation user is a member of. */
    default long unreadTotal(UserId user) {
        throw new UnsupportedOperationException("unreadTotal");
    }

    /** Every conversation user is a member of, with its unread count and last mid, newest activity first. */
    default List<Unread> unread(UserId user) {
        throw new UnsupportedOperationException("unread");
    }

    @Override
    void close();

    record Appended(ChatMessage message, boolean duplicate) {
    }

    /** Oldest first. lastMid: the conversation's newest mid when read (same snapshot). */
    record ForwardPage(List<ChatMessage> msgs, long total, long lastMid, boolean end) {
    }

    /** Oldest first; endBefore/endAfter: nothing older/newer than the returned ones exists. */
    record HistoryWindow(List<ChatMessage> msgs, long total, boolean endBefore, boolean endAfter) {
    }

    record ReadCursor(Member member, long lastReadMid) {
    }

    record Unread(long gid, long count, long lastMid) {
    }
}
