package io.parley.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** The text form kept in localStorage: digits written without long-to-string, strict parsing. */
public class ResumeStateEncodingTest {
    @Test
    public void fifteenDigitIdsAndEveryDigitSurviveTheRoundTrip() {
        ResumeState<String> s = new ResumeState<>();
        s.onAuth("9f0c");
        s.track(999_999_999_999_999L, 123_456_789_098_765L);
        s.track(90, 9);
        s.track(1, 0);
        String text = s.encode();
        assertEquals("9f0c;999999999999999:123456789098765,90:9,1:0", text);
        ResumeState<String> back = ResumeState.decode(text);
        assertEquals("9f0c", back.epoch());
        assertEquals(List.of(999_999_999_999_999L, 90L, 1L), back.gids());
        assertEquals(123_456_789_098_765L, back.cursor(999_999_999_999_999L).lastMid());
        assertEquals(9, back.cursor(90).lastMid());
        assertEquals(text, back.encode());
    }

    @Test
    public void aStateWithoutEpochOrCursors() {
        ResumeState<String> s = ResumeState.decode(";7:3");
        assertNull(s.epoch());
        assertEquals(3, s.cursor(7).lastMid());
        ResumeState<String> e = ResumeState.decode("abc;");
        assertEquals("abc", e.epoch());
        assertTrue(e.gids().isEmpty());
        assertEquals("abc;", e.encode());
        assertEquals("a trailing comma is accepted", List.of(7L), ResumeState.<String>decode("e;7:3,").gids());
    }

    @Test
    public void malformedTextGivesAnEmptyState() {
        for (String bad : new String[] {"e;0:5", "e;1:2:3", "e;,1:2", "e;1:", "e;:1", "e;1", "e;1:2,,3:4", "e;1:9x",
                "e;1234567890123456:1", "e;1:1234567890123456", "e;-1:2", "e;1: 2", "no separator"}) {
            ResumeState<String> s = ResumeState.decode(bad);
            assertTrue(bad, s.gids().isEmpty());
            assertNull(bad, s.epoch());
        }
    }

    @Test
    public void serverLimitsTakeOnlySensibleValues() {
        assertEquals(1500, ServerLimits.pick(1500, 0, 1e12, 7), 0);
        assertEquals(0, ServerLimits.pick(0, 0, 1e12, 7), 0);
        assertEquals("the maximum itself is sensible", 1e12, ServerLimits.pick(1e12, 0, 1e12, 7), 0);
        assertEquals(7, ServerLimits.pick(Double.NaN, 0, 1e12, 7), 0);
        assertEquals(7, ServerLimits.pick(-1, 0, 1e12, 7), 0);
        assertEquals(7, ServerLimits.pick(1.5, 0, 1e12, 7), 0);
        assertEquals(7, ServerLimits.pick(2e12, 0, 1e12, 7), 0);
        ServerLimits defaults = new ServerLimits();
        assertEquals(Limits.DEFAULT_RECALL_WINDOW_MS, defaults.recallWindowMs, 0);
        assertEquals(Limits.MAX_TEXT_CHARS, defaults.maxTextChars);
    }
}
