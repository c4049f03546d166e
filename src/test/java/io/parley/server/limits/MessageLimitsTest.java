package io.parley.server.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.junit.Test;

import io.parley.server.auth.UserId;

public class MessageLimitsTest {
    private final FakeClock clock = new FakeClock();
    private final UserId alice = new UserId("alice", "app");
    private final UserId bob = new UserId("bob", "app");

    private MessageLimits limits(long perConn, long perUser, long bytesConn, long bytesUser) {
        return new MessageLimits(LimitsConfig.defaults().with(Limit.MESSAGES_PER_CONNECTION_MINUTE, perConn)
                .with(Limit.MESSAGES_PER_USER_MINUTE, perUser).with(Limit.MESSAGE_BYTES_PER_CONNECTION_MINUTE, bytesConn)
                .with(Limit.MESSAGE_BYTES_PER_USER_MINUTE, bytesUser), clock);
    }

    private static LimitExceeded refused(MessageLimits l, String conn, UserId user, long bytes) {
        return Refusals.refused(() -> l.check(conn, user, bytes));
    }

    @Test
    public void perConnectionCount() throws Exception {
        MessageLimits l = limits(2, 100, 10_000, 10_000);
        l.check("c1", alice, 10);
        l.check("c1", alice, 10);
        LimitExceeded e = refused(l, "c1", alice, 10);
        assertEquals(Limit.MESSAGES_PER_CONNECTION_MINUTE, e.limit());
        assertEquals(30_000, e.retryAfterMs()); // 2 per minute: one every 30 s
        assertTrue(e.getMessage(), e.getMessage().contains("2 messages per minute on this connection"));
        l.check("c2", alice, 10); // the user's other connection is not affected
    }

    @Test
    public void perUserCountAcrossConnections() throws Exception {
        MessageLimits l = limits(100, 2, 10_000, 10_000);
        l.check("c1", alice, 1);
        l.check("c2", alice, 1);
        assertEquals(Limit.MESSAGES_PER_USER_MINUTE, refused(l, "c3", alice, 1).limit());
        l.check("c4", bob, 1); // nobody else is affected
    }

    @Test
    public void perConnectionBytes() throws Exception {
        MessageLimits l = limits(100, 100, 1000, 10_000);
        l.check("c1", alice, 600);
        LimitExceeded e = refused(l, "c1", alice, 600);
        assertEquals(Limit.MESSAGE_BYTES_PER_CONNECTION_MINUTE, e.limit());
        assertTrue(e.getMessage(), e.getMessage().contains("1000 message bytes per minute on this connection"));
        l.check("c2", alice, 600);
    }

    @Test
    public void perUserBytes() throws Exception {
        MessageLimits l = limits(100, 100, 10_000, 1000);
        l.check("c1", alice, 600);
        assertEquals(Limit.MESSAGE_BYTES_PER_USER_MINUTE, refused(l, "c2", alice, 600).limit());
        l.check("c3", bob, 600);
    }

    @Test
    public void forgettingAConnectionResetsOnlyItsBuckets() throws Exception {
        MessageLimits l = limits(1, 2, 10_000, 10_000);
        l.check("c1", alice, 1);
        refused(l, "c1", alice, 1); // refused by the connection bucket before the user's was touched
        l.forget("c1");
        l.check("c1", alice, 1); // a fresh connection bucket; the user's second token
        assertEquals(Limit.MESSAGES_PER_CONNECTION_MINUTE, refused(l, "c1", alice, 1).limit());
        assertEquals(Limit.MESSAGES_PER_USER_MINUTE, refused(l, "c2", alice, 1).limit());
    }

    @Test
    public void forgetDropsByteBucketsToo() throws Exception {
        MessageLimits l = limits(100, 100, 1000, 100_000);
        l.check("c1", alice, 1000);
        l.forget("c1");
        l.check("c1", alice, 1000);
    }

    @Test
    public void retryAfterRoundsUpToWholeMilliseconds() throws Exception {
        MessageLimits l = limits(60, 100, 10_000, 10_000);
        for (int i = 0; i < 60; i++) {
            l.check("c", alice, 1);
        }
        clock.advance(Duration.ofNanos(999_999_999L)); // 1 ns short of the next token
        LimitExceeded e = refused(l, "c", alice, 1);
        assertEquals(1, e.retryAfterMs());
        assertTrue(e.getMessage(), e.getMessage().endsWith("retry in 1 ms"));
    }

    @Test
    public void refillsWithTime() throws Exception {
        MessageLimits l = limits(1, 100, 10_000, 10_000);
        l.check("c", alice, 1);
        refused(l, "c", alice, 1);
        clock.advance(Duration.ofMinutes(1));
        l.check("c", alice, 1);
    }
}
