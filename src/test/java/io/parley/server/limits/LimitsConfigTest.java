package io.parley.server.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

import io.github.bucket4j.TimeMeter;

public class LimitsConfigTest {
    @Test
    public void defaultsAndOverrides() {
        LimitsConfig d = LimitsConfig.defaults();
        for (Limit l : Limit.values()) {
            assertEquals(l.name(), l.defaultValue, d.get(l));
            assertTrue(l.name(), l.defaultValue >= 1);
        }
        LimitsConfig c = d.with(Limit.HISTORY_PAGE, 7);
        assertEquals(7, c.get(Limit.HISTORY_PAGE));
        assertEquals(Limit.HISTORY_PAGE.defaultValue, d.get(Limit.HISTORY_PAGE)); // a copy
        assertEquals(7, c.with(Limit.SYNC_PAGE, 9).get(Limit.HISTORY_PAGE));
        assertEquals("{HISTORY_PAGE=7}", c.toString());
    }

    @Test
    public void valuesArePositive() {
        try {
            LimitsConfig.defaults().with(Limit.HISTORY_PAGE, 0);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("--max-history-page must be a positive integer, got 0", e.getMessage());
        }
        assertEquals(1, LimitsConfig.defaults().with(Limit.HISTORY_PAGE, 1).get(Limit.HISTORY_PAGE));
    }

    @Test
    public void getIntCaps() {
        LimitsConfig c = LimitsConfig.defaults().with(Limit.STORED_BYTES_PER_USER, Long.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, c.getInt(Limit.STORED_BYTES_PER_USER));
        assertEquals(500, c.getInt(Limit.SYNC_PAGE));
    }

    @Test
    public void flagsNameLimits() {
        assertSame(Limit.AUTH_DEADLINE_MS, Limit.byFlag("auth-deadline-ms"));
        assertNull(Limit.byFlag("no-such-flag"));
        for (Limit l : Limit.values()) {
            assertSame(l, Limit.byFlag(l.flag));
        }
    }

    @Test
    public void limitersHoldOneOfEach() throws Exception {
        LimitsConfig c = LimitsConfig.defaults().with(Limit.CONNECTIONS_PER_USER, 3).with(Limit.CONNECTIONS_PER_IP, 4);
        io.parley.server.store.UsageStore none = new io.parley.server.store.UsageStore() {
            public long groupsOwned(io.parley.server.auth.UserId o) {
                return 0;
            }

            public long storedBytes(io.parley.server.auth.UserId o) {
                return 0;
            }
        };
        Limiters l = new Limiters(c, none, List.of("10.0.0.1"), TimeMeter.SYSTEM_NANOTIME);
        assertSame(c, l.config());
        assertEquals(3, l.connectionsPerUser().max());
        assertEquals(4, l.connectionsPerAddress().max());
        assertEquals("1.2.3.4", l.clientAddress().resolve("10.0.0.1", "1.2.3.4"));
        l.messages().check("c", new io.parley.server.auth.UserId("a", "b"), 1);
        l.groups().checkCreate(new io.parley.server.auth.UserId("a", "b"), 1);
        l.uploads().begin(new io.parley.server.auth.UserId("a", "b"), 1).close();
        new Limiters(c, none, List.of()).messages().check("c", new io.parley.server.auth.UserId("a", "b"), 1);
    }
}
