package io.parley.server.store.postgres;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.parley.server.auth.UserId;
import io.parley.server.store.Member;

/**
 * A node's copy of conversation member lists, kept usable while other nodes change the database:
 * <ul>
 * <li>members are only ever added, so a member found here is a member (a miss is re-read from the database:
 * someone may have joined through another node);</li>
 * <li>every append batch reads the lists under the conversation's lock and hands them over at commit, so
 * a message's fan-out goes to exactly the members it was counted for;</li>
 * <li>a change made on this node drops the entry; a load that raced with a drop is not kept.</li>
 * </ul>
 * What may lag, until the next message in that conversation reaches this node: a nickname changed or a
 * member added through another node, for pushes other than messages (typing, receipts).
 */
final class MemberCache {
    private final Map<Long, List<Member>> byGid = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    List<Member> get(long gid) {
        return byGid.get(gid);
    }

    Optional<Member> find(long gid, UserId user) {
        List<Member> list = byGid.get(gid);
        return list == null ? Optional.empty() : find(list, user);
    }

    static Optional<Member> find(List<Member> list, UserId user) {
        for (Member m : list) {
            if (m.user().equals(user)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Keeps a list just read from the database (unless a change raced with the read); returns it. */
    List<Member> loaded(long gid, List<Member> list) {
        long before = version.get();
        if (!list.isEmpty()) { // no such conversation (yet): never cache that
            byGid.put(gid, list);
            if (version.get() != before) {
                byGid.remove(gid, list);
            }
        }
        return list;
    }

    /** The list as of a commit that read it under the conversation's lock. */
    void committed(long gid, List<Member> list) {
        byGid.put(gid, List.copyOf(list));
    }

    void invalidate(long gid) {
        version.incrementAndGet();
        byGid.remove(gid);
    }
}
