package io.parley.protocol;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Reading auth_ok's limits: a value is taken only when it makes sense. */
public class ServerLimitsTest {
    private static final double NONE = Double.POSITIVE_INFINITY;

    @Test
    public void anAnnouncedUploadCapIsTakenAsIs() {
        assertEquals(10485760, ServerLimits.cap(10485760), 0);
        assertEquals(1, ServerLimits.cap(1), 0);
        assertEquals(1e15, ServerLimits.cap(1e15), 0);
    }

    @Test
    public void aMissingOrSenselessCapIsNoCap() {
        assertEquals(NONE, ServerLimits.cap(Double.NaN), 0);
        assertEquals(NONE, ServerLimits.cap(0), 0);
        assertEquals(NONE, ServerLimits.cap(-5), 0);
        assertEquals(NONE, ServerLimits.cap(1.5), 0);
        assertEquals(NONE, ServerLimits.cap(1e16), 0);
        assertEquals(NONE, ServerLimits.cap(new ServerLimits().maxUploadBytes), 0);
        assertEquals(NONE, ServerLimits.cap(new ServerLimits().maxUploadPixels), 0);
    }
}
