package io.parley.protocol;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class ResumeStateTest {

    @Test
    public void syncsEveryTrackedConversationOnANewConnection() {
        ResumeState<String> s = new ResumeState<>();
        assertFalse(s.onAuth("e1"));
        s.track(42, 10);
        s.track(7, 0);
        assertEquals(List.of(), s.syncRequests());
        assertFalse(s.onAuth("e1"));
        assertEquals("auth_ok alone resumes nothing: the syncs went out with auth", List.of(), s.syncRequests());
        s.resumeAll();
        List<long[]> req = s.syncRequests();
        assertEquals(2, req.size());
        assertArrayEquals(new long[] {42, 10}, req.get(0));
        assertArrayEquals(new long[] {7, 0}, req.get(1));
        assertEquals("marked as sent", List.of(), s.syncRequests());
        assertFalse("the same epoch keeps the cursors and their syncs in flight", s.onAuth("e1"));
        assertEquals(List.of(), s.syncRequests());
        s.resumeAll();
        assertEquals("the next connection asks again", 2, s.syncRequests().size());
    }

    @Test
    public void aNewEpochDropsEveryCursor() {
        ResumeState<String> s = new ResumeState<>();
        s.onAuth("e1");
        s.track(42, 10);
        assertTrue(s.onAuth("e2"));
        assertNull(s.cursor(42));
        assertEquals("e2", s.epoch());
    }

    @Test
    public void encodeDecodeRoundTrip() {
        ResumeState<String> s = new ResumeState<>();
        s.onAuth("abc123");
        s.track(42, 10).offer(11, "x");
        s.track(7, 0);
        String text = s.encode();
        assertEquals("abc123;42:11,7:0", text);
        ResumeState<String> back = ResumeState.decode(text);
        assertEquals("abc123", back.epoch());
        assertEquals(11, back.cursor(42).lastMid());
        assertEquals(0, back.cursor(7).lastMid());
        assertEquals(text, back.encode());
        assertTrue(ResumeState.decode("garbage").gids().isEmpty());
        assertTrue(ResumeState.decode("e;1:x").gids().isEmpty());
        assertTrue(ResumeState.decode(null).gids().isEmpty());
        assertEquals(";", new ResumeState<String>().encode());
    }

    @Test
    public void aStateWithoutAnEpochRoundTrips() {
        ResumeState<String> s = new ResumeState<>();
        s.track(5, 9);
        assertEquals(";5:9", s.encode());
        ResumeState<String> back = ResumeState.decode(";5:9");
        assertNull(back.epoch());
        assertEquals(List.of(5L), back.gids());
        assertEquals(9, back.cursor(5).lastMid());
        assertFalse("no epoch remembered: any server epoch is accepted", back.onAuth("e9"));
        assertEquals("e9", back.epoch());
        assertTrue(ResumeState.decode(";").gids().isEmpty());
        assertNull(ResumeState.decode(";").epoch());
    }

    @Test
    public void midsUpToFifteenDigitsAndEveryDigitDecode() {
        ResumeState<String> s = ResumeState.decode("e0;9:999999999999999,1234567890:9876543210");
        assertEquals(List.of(9L, 1234567890L), s.gids());
        assertEquals(999_999_999_999_999L, s.cursor(9).lastMid());
        assertEquals(9_876_543_210L, s.cursor(1234567890).lastMid());
        assertEquals("e0;9:999999999999999,1234567890:9876543210", s.encode());
    }

    @Test
    public void malformedStateDecodesToNothing() {
        for (String bad : new String[] { "e;1:1000000000000000", "e;1000000000000000:1", "e;0:5", "e;1:-1", "e;-1:1",
                "e;1:", "e;:1", "e;1", "e;1:2,x", "e;1:9a", "e;1:/", "e;1::2", "e;1:2:3",
                // a zero gid is never a start to build on; only the first ';' ends the epoch
                "e;0:", "e;0:5:6", ";1:2;3:4" }) {
            ResumeState<String> s = ResumeState.decode(bad);
            assertTrue(bad, s.gids().isEmpty());
            assertNull(bad + ": nothing half-decoded", s.epoch());
        }
    }
}
