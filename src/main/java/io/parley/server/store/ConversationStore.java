package io.parley.server.store;

import java.util.List;
import java.util.Optional;

import io.parley.server.auth.UserId;

/** Conversations and their members. Every method is atomic and thread-safe. */
public interface ConversationStore {

    /**
     * Creates a group owned by owner (a member, with spec.nickName) plus the invitees, all or nothing.
     *
     * @throws GroupFullException when owner + distinct invitees exceed the group's max; nothing is stored
     */
    Group createGroup(UserId owner, GroupSpec spec) throws GroupFullException;

    /**
     * Replaces the non-null fields and adds the invitees not yet members, all or nothing. Empty when gid
     * is unknown. Callers check ownership first; the store does not.
     *
     * @throws GroupFullException when the members would exceed the (new) max; nothing is changed
     */
    Optional<Group> updateGroup(long gid, UserId owner, GroupSpec changes) throws GroupFullException;

    Optional<Group> findGroup(long gid);

    /** user's membership of gid, empty when not a member (or no such conversation). */
    Optional<Member> findMember(long gid, UserId user);

    /** Every member of gid in joining order (empty for an unknown gid). */
    List<Member> members(long gid);

    /**
     * Records name (the display name user's token signs) as theirs: every membership they have shows it from
     * now on, and so do memberships made later (an invitation, a one-to-one chat) before they connect again.
     * Cheap when nothing changed (one read).
     */
    void recordName(UserId user, String name);

    /** The single direct conversation between a and b (order irrelevant), created on first use. */
    long findOrCreateDirect(UserId a, UserId b);
}
