package io.parley.testsupport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks on the mids concurrent senders got. */
public final class Mids {
    private Mids() {
    }

    /** Each sender's mids increase in send order, and together they are exactly 1..total: no duplicate, no gap. */
    public static void assertGaplessAndIncreasing(List<List<Long>> perSender, int total) {
        Set<Long> all = new HashSet<>();
        for (List<Long> mids : perSender) {
            for (int i = 1; i < mids.size(); i++) {
                assertTrue("one sender's mids increase: " + mids, mids.get(i) > mids.get(i - 1));
            }
            all.addAll(mids);
        }
        assertEquals("no duplicate mids", total, all.size());
        for (long m = 1; m <= total; m++) {
            assertTrue("no gap at mid " + m, all.contains(m));
        }
    }
}
