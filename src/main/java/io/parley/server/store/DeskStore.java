package io.parley.server.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.parley.server.auth.UserId;

/**
 * A user's conversation list for the desk (docs/PROTOCOL.md "Conversation list"): newest activity
 * first, keyset-paged, optionally filtered by a name or pin prefix. Every read goes through an index on
 * the member's own rows, so a page costs O(page) whatever the number of conversations (a filtered
 * page: O(conversations whose name or pin has the prefix)). Thread-safe.
 */
public interface DeskStore {

    /**
     * Up to limit of user's conversations strictly after position (null: from the newest), newest
     * activity first, ties by gid descending. prefix (null: none) keeps those whose title starts with it
     * (ASCII letters in either case) or, for a 1:1, whose peer's pin starts with it.
     */
    List<ConversationEntry> conversations(UserId user, Position after, String prefix, int limit);

    /** user's entries for these gids (those user is a member of; any order). */
    List<ConversationEntry> conversations(UserId user, Collection<Long> gids);

    /**
     * {@link #conversations(UserId, Collection)} for several users at once (a pusher's tick): every asked
     * user maps to their entries (empty when a member of none), in the order asked. A remote store reads
     * them in one round trip.
     */
    default Map<UserId, List<ConversationEntry>> conversationsOf(Map<UserId, ? extends Collection<Long>> due) {
        Map<UserId, List<ConversationEntry>> out = new LinkedHashMap<>();
        due.forEach((user, gids) -> out.put(user, conversations(user, gids)));
        return out;
    }

    /** Where a page ends: the last entry's activity and gid. */
    record Position(long activity, long gid) {
    }

    /**
     * One line of the list as user sees it. name: the group's name, or the peer's display name in a 1:1
     * (their pin until they have written). peer: the other member of a 1:1, else null. activity: time of
     * the last message (or of joining). last: the newest message, null when there is none.
     */
    record ConversationEntry(long gid, boolean direct, String name, String avatar, UserId peer, long activity,
                             long lastMid, ChatMessage last, long unread) {
        public Position position() {
            return new Position(activity, gid);
        }
    }
}
