package io.parley.server.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import static io.parley.server.limits.Refusals.refused;

import io.parley.server.auth.UserId;

public class GroupLimitsTest {
    private final FakeClock clock = new FakeClock();
    private final UserId alice = new UserId("alice", "app");
    private final UserId bob = new UserId("bob", "app");
    private final List<UserId> storeQueries = new ArrayList<>();

    private GroupLimits limits(long perHour, long total, long invitesPerHour, long alreadyOwned) {
        return new GroupLimits(LimitsConfig.defaults().with(Limit.GROUPS_PER_USER_HOUR, perHour)
                .with(Limit.GROUPS_PER_USER, total).with(Limit.INVITATIONS_PER_USER_HOUR, invitesPerHour), clock, u -> {
                    storeQueries.add(u);
                    return alreadyOwned;
                });
    }


    @Test
    public void createsPerHour() throws Exception {
        GroupLimits l = limits(2, 100, 100, 0);
        l.checkCreate(alice, 0);
        l.checkCreate(alice, 0);
        LimitExceeded e = refused(() -> l.checkCreate(alice, 0));
        assertEquals(Limit.GROUPS_PER_USER_HOUR, e.limit());
        assertEquals(30 * 60_000, e.retryAfterMs());
        l.checkCreate(bob, 0);
        clock.advance(Duration.ofMinutes(30));
        l.checkCreate(alice, 0);
    }

    @Test
    public void groupsOwnedInTotalCountFromTheStoreOnce() throws Exception {
        GroupLimits l = limits(100, 3, 100, 2);
        l.checkCreate(alice, 0);
        l.created(alice);
        LimitExceeded e = refused(() -> l.checkCreate(alice, 0));
        assertEquals(Limit.GROUPS_PER_USER, e.limit());
        assertEquals(0, e.retryAfterMs()); // waiting does not help
        assertEquals("you own 3 groups, the limit is 3", e.getMessage());
        assertEquals(List.of(alice), storeQueries);
    }

    @Test
    public void belowTheTotalPasses() throws Exception {
        GroupLimits l = limits(100, 3, 100, 2);
        l.checkCreate(alice, 0); // 2 owned < 3
        l.created(bob);
        l.created(bob);
        l.checkCreate(alice, 0); // bob's groups are not alice's
    }

    @Test
    public void invitationsCountAgainstTheInviter() throws Exception {
        GroupLimits l = limits(100, 100, 5, 0);
        l.checkCreate(alice, 3);
        l.checkInvitations(alice, 2);
        LimitExceeded e = refused(() -> l.checkInvitations(alice, 1));
        assertEquals(Limit.INVITATIONS_PER_USER_HOUR, e.limit());
        assertTrue(e.getMessage(), e.getMessage().contains("5 invitations per hour"));
        assertEquals(Limit.INVITATIONS_PER_USER_HOUR, refused(() -> l.checkCreate(alice, 1)).limit());
        l.checkInvitations(alice, 0); // nothing to count
        l.checkInvitations(bob, 5);
    }

    @Test
    public void zeroInvitationsTakeNothing() throws Exception {
        GroupLimits l = limits(100, 100, 1, 0);
        l.checkInvitations(alice, 0);
        l.checkInvitations(alice, 1);
    }
}
