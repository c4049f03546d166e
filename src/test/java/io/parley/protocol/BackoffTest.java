package io.parley.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BackoffTest {
    private final Backoff backoff = new Backoff(500, 30_000);

    @Test
    public void doublesUntilTheCap() {
        assertEquals(250, backoff.delayMs(0, 0));
        assertEquals(500, backoff.delayMs(1, 0));
        assertEquals(1000, backoff.delayMs(2, 0));
        assertEquals(15_000, backoff.delayMs(10, 0));
        assertEquals(15_000, backoff.delayMs(1000, 0));
    }

    @Test
    public void jitterStaysWithinTheStep() {
        for (int attempt = 0; attempt < 12; attempt++) {
            int low = backoff.delayMs(attempt, 0);
            int high = backoff.delayMs(attempt, 0.999999);
            assertTrue(high <= 2 * low && high <= 30_000);
            assertTrue(low >= 250);
        }
        assertEquals(29_999, backoff.delayMs(50, 0.99999999), 1);
    }

    @Test
    public void outOfRangeRandomIsClamped() {
        assertEquals(backoff.delayMs(3, 0), backoff.delayMs(3, -5));
        assertTrue(backoff.delayMs(3, 7) < 4000);
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsACapBelowTheBase() {
        new Backoff(1000, 10);
    }

    @Test
    public void aRandomOfExactlyOneStaysBelowTheFullStep() {
        assertEquals(499, backoff.delayMs(0, 1.0));
        assertEquals(250, backoff.delayMs(0, 0.0));
    }

    @Test
    public void baseMayEqualTheCapButMustBePositive() {
        Backoff flat = new Backoff(100, 100);
        assertEquals(50, flat.delayMs(5, 0));
        assertEquals(100, flat.capMs());
        assertEquals(30_000, backoff.capMs());
        try {
            new Backoff(0, 10);
            org.junit.Assert.fail("a zero base would retry at once forever");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("baseMs"));
        }
    }
}
