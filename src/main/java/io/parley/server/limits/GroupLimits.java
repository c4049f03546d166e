package io.parley.server.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import io.github.bucket4j.TimeMeter;
import io.parley.server.auth.UserId;

/**
 * create_group per user per hour, groups owned per user in total, and invitations per user per hour:
 * an invitation needs nothing from the invitee, so it counts against the inviter.
 */
public final class GroupLimits {
    private static final Duration HOUR = Duration.ofHours(1);

    private final KeyedBuckets<UserId> createsPerUser;
    private final KeyedBuckets<UserId> invitationsPerUser;
    private final long maxOwned;
    /** Groups owned, loaded from the store on a user's first create and counted up from there. */
    private final Map<UserId, AtomicLong> owned = new ConcurrentHashMap<>();
    private final ToLongFunction<UserId> ownedInStore;

    public GroupLimits(LimitsConfig config, TimeMeter clock, ToLongFunction<UserId> ownedInStore) {
        this.createsPerUser = new KeyedBuckets<>(config.get(Limit.GROUPS_PER_USER_HOUR), HOUR, clock);
        this.invitationsPerUser = new KeyedBuckets<>(config.get(Limit.INVITATIONS_PER_USER_HOUR), HOUR, clock);
        this.maxOwned = config.get(Limit.GROUPS_PER_USER);
        this.ownedInStore = ownedInStore;
    }

    /** Before user creates a group with invitees others. */
    public void checkCreate(UserId user, int invitees) throws LimitExceeded {
        long have = ownedCounter(user).get();
        if (have >= maxOwned) {
            throw new LimitExceeded(Limit.GROUPS_PER_USER, 0, "you own " + have + " groups, the limit is " + maxOwned);
        }
        MessageLimits.take(createsPerUser, user, 1, Limit.GROUPS_PER_USER_HOUR, "new groups per hour");
        checkInvitations(user, invitees);
    }

    /** Before user adds invitees to groups (an update). */
    public void checkInvitations(UserId user, int invitees) throws LimitExceeded {
        MessageLimits.take(invitationsPerUser, user, invitees, Limit.INVITATIONS_PER_USER_HOUR, "invitations per hour");
    }

    /** user's group was stored. */
    public void created(UserId user) {
        ownedCounter(user).incrementAndGet();
    }

    private AtomicLong ownedCounter(UserId user) {
        return owned.computeIfAbsent(user, u -> new AtomicLong(ownedInStore.applyAsLong(u)));
    }
}
