package io.parley.server;

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

    @Override
    void close();

    record Appended(ChatMessage message, boolean duplicate) {
    }
}
