package io.parley.protocol;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

public class ReceiveCursorTest {

    @Test
    public void deliversInOrderAndDropsDuplicates() {
        ReceiveCursor<String> c = new ReceiveCursor<>(0);
        assertEquals(List.of("1"), c.offer(1, "1"));
        assertEquals(List.of("2"), c.offer(2, "2"));
        assertEquals(List.of(), c.offer(2, "2 again"));
        assertEquals(List.of(), c.offer(1, "1 again"));
        assertEquals(2, c.lastMid());
        assertEquals(2, c.duplicates());
        assertEquals(2, c.delivered());
        assertEquals(-1, c.syncFrom());
    }

    @Test
    public void aGapHoldsLaterMessagesBackAndAsksForASync() {
        ReceiveCursor<String> c = new ReceiveCursor<>(5);
        assertEquals(List.of(), c.offer(8, "8"));
        assertEquals(List.of(), c.offer(9, "9"));
        assertTrue(c.hasGap());
        assertEquals(1, c.gaps());
        assertEquals(5, c.syncFrom());
        c.syncSent();
        assertEquals("one sync in flight at a time", -1, c.syncFrom());
        // the sync answer: 6..9 (8, 9 are duplicates of the held-back ones)
        List<String> out = new ArrayList<>();
        out.addAll(c.offer(6, "6"));
        out.addAll(c.offer(7, "7"));
        out.addAll(c.offer(8, "8'"));
        out.addAll(c.offer(9, "9'"));
        assertEquals(List.of("6", "7", "8", "9"), out);
        assertTrue(c.syncDone(true));
        assertFalse(c.hasGap());
        assertEquals(-1, c.syncFrom());
        assertEquals(9, c.lastMid());
        assertEquals(2, c.duplicates());
    }

    @Test
    public void resumeAsksForEverythingAfterTheLastMid() {
        ReceiveCursor<String> c = new ReceiveCursor<>(3);
        assertEquals(-1, c.syncFrom());
        c.resume();
        assertEquals(3, c.syncFrom());
        c.syncSent();
        c.syncFailed();
        assertEquals("a failed sync is retried", 3, c.syncFrom());
        c.syncSent();
        assertFalse(c.syncDone(false));
    }

    @Test
    public void resetAfterNotRecoveredJumpsToTheNewestPage() {
        ReceiveCursor<String> c = new ReceiveCursor<>(3);
        c.offer(500, "500");
        c.offer(502, "502");
        assertEquals("held-back 500 follows the newest page", List.of("500"), c.reset(499));
        assertEquals(List.of(), c.offer(500, "500"));
        assertEquals(500, c.lastMid());
        assertTrue("502 still waits for 501", c.hasGap());
        ReceiveCursor<String> d = new ReceiveCursor<>(3);
        d.offer(501, "501");
        d.offer(502, "502");
        assertEquals(List.of("501", "502"), d.reset(500));
        assertEquals(502, d.lastMid());
    }

    @Test
    public void anyArrivalOrderDeliversEachMidOnceInOrder() {
        Random r = new Random(42);
        for (int round = 0; round < 50; round++) {
            ReceiveCursor<Long> c = new ReceiveCursor<>(0);
            List<Long> arrivals = new ArrayList<>();
            for (long m = 1; m <= 200; m++) {
                int copies = 1 + r.nextInt(3);
                for (int k = 0; k < copies; k++) {
                    arrivals.add(m);
                }
            }
            java.util.Collections.shuffle(arrivals, r);
            List<Long> out = new ArrayList<>();
            for (long m : arrivals) {
                out.addAll(c.offer(m, m));
            }
            assertEquals(200, out.size());
            for (int i = 0; i < out.size(); i++) {
                assertEquals(i + 1L, (long) out.get(i));
            }
            assertEquals(arrivals.size() - 200, c.duplicates());
        }
    }

    @Test
    public void nullItemsHeldBehindAGapStillDrain() {
        ReceiveCursor<String> c = new ReceiveCursor<>(0);
        assertEquals(java.util.List.of(), c.offer(2, null));
        assertEquals(java.util.List.of(), c.offer(3, "c"));
        java.util.List<String> out = c.offer(1, "a");
        assertEquals(java.util.Arrays.asList("a", null, "c"), out);
        assertEquals(3, c.lastMid());
    }

    @Test
    public void resetDropsHeldBackMidsAtOrBelowTheNewest() {
        ReceiveCursor<String> c = new ReceiveCursor<>(3);
        c.offer(500, "500");
        c.offer(502, "502");
        assertTrue(c.hasGap());
        assertEquals("both are covered by the reloaded page", List.of(), c.reset(502));
        assertFalse("no stale entry keeps the gap open", c.hasGap());
        assertEquals(-1, c.syncFrom());
        assertEquals(502, c.lastMid());
        assertEquals(List.of("503"), c.offer(503, "503"));
        ReceiveCursor<String> d = new ReceiveCursor<>(0);
        assertEquals(List.of(), d.reset(10));
        assertEquals(10, d.lastMid());
    }

    @Test
    public void aGapIsCountedOnceUntilItCloses() {
        ReceiveCursor<String> c = new ReceiveCursor<>(0);
        c.offer(3, "3");
        assertEquals(1, c.gaps());
        c.offer(5, "5");
        assertEquals("the same gap", 1, c.gaps());
        assertEquals(List.of("1"), c.offer(1, "1"));
        assertEquals(List.of("2", "3"), c.offer(2, "2"));
        assertEquals(3, c.delivered());
        assertEquals(List.of("4", "5"), c.offer(4, "4"));
        assertEquals(5, c.delivered());
        c.offer(7, "7");
        assertEquals("a new gap", 2, c.gaps());
    }

    @Test
    public void atMostMaxAheadAreHeldBack() {
        ReceiveCursor<Integer> c = new ReceiveCursor<>(0);
        int last = 1 + ReceiveCursor.MAX_AHEAD;
        for (int mid = 2; mid <= last + 1; mid++) {
            c.offer(mid, mid);
        }
        List<Integer> out = c.offer(1, 1);
        assertEquals("1 plus the MAX_AHEAD held back; the one past them comes by sync", last, out.size());
        assertEquals(last, (int) out.get(out.size() - 1));
        assertEquals(last, c.lastMid());
        assertEquals(List.of(last + 1), c.offer(last + 1, last + 1));
    }
}
