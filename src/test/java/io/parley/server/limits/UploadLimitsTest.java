package io.parley.server.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import io.parley.server.auth.UserId;

public class UploadLimitsTest {
    private final FakeClock clock = new FakeClock();
    private final UserId alice = new UserId("alice", "app");
    private final UserId bob = new UserId("bob", "app");
    private final List<UserId> storeQueries = new ArrayList<>();

    private UploadLimits limits(long concurrent, long perDay, long stored, long alreadyStored) {
        return new UploadLimits(LimitsConfig.defaults().with(Limit.CONCURRENT_UPLOADS_PER_USER, concurrent)
                .with(Limit.UPLOAD_BYTES_PER_USER_DAY, perDay).with(Limit.STORED_BYTES_PER_USER, stored), clock, u -> {
                    storeQueries.add(u);
                    return alreadyStored;
                });
    }

    private static LimitExceeded refused(UploadLimits l, UserId user, long declared) {
        return Refusals.refused(() -> l.begin(user, declared).close());
    }

    @Test
    public void concurrentUploadsPerUser() throws Exception {
        UploadLimits l = limits(2, 1000, 1000, 0);
        UploadLimits.Permit a = l.begin(alice, 10);
        UploadLimits.Permit b = l.begin(alice, 10);
        LimitExceeded e = refused(l, alice, 10);
        assertEquals(Limit.CONCURRENT_UPLOADS_PER_USER, e.limit());
        assertEquals(1000, e.retryAfterMs());
        assertEquals("you have 2 uploads in progress; wait for one to finish", e.getMessage());
        l.begin(bob, 10).close();
        a.close();
        assertEquals(1, l.inProgress(alice));
        a.close(); // twice frees one place only
        assertEquals(1, l.inProgress(alice));
        l.begin(alice, 10);
        assertEquals(Limit.CONCURRENT_UPLOADS_PER_USER, refused(l, alice, 10).limit());
        b.close();
    }

    @Test
    public void bytesPerDayCountWhatIsRead() throws Exception {
        UploadLimits l = limits(5, 1000, 10_000, 0);
        try (UploadLimits.Permit p = l.begin(alice, -1)) {
            p.read(600);
            try {
                p.read(600);
                fail();
            } catch (LimitExceeded e) {
                assertEquals(Limit.UPLOAD_BYTES_PER_USER_DAY, e.limit());
                assertEquals(Duration.ofDays(1).toMillis() * 200 / 1000, e.retryAfterMs()); // 200 bytes to refill
            }
        }
        try (UploadLimits.Permit p = l.begin(bob, -1)) {
            p.read(1000);
        }
    }

    @Test
    public void storedBytesQuota() throws Exception {
        UploadLimits l = limits(5, 100_000, 1000, 400);
        try (UploadLimits.Permit p = l.begin(alice, 600)) { // 400 + 600 = 1000: exactly the quota
            p.stored(500);
        }
        LimitExceeded e = refused(l, alice, 101);
        assertEquals(Limit.STORED_BYTES_PER_USER, e.limit());
        assertEquals(0, e.retryAfterMs());
        assertEquals("you have 900 bytes of uploads stored; the limit is 1000", e.getMessage());
        l.begin(alice, -1).close(); // unknown length: only what is stored already counts
        l.begin(alice, 100).close();
        assertEquals(List.of(alice), storeQueries); // read once per user
        assertEquals(Limit.STORED_BYTES_PER_USER, refused(l, bob, 601).limit());
    }
}
