package io.parley.server.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ConnectionCounterTest {
    @Test
    public void countsUpToTheMaxAndDownAgain() {
        ConnectionCounter<String> c = new ConnectionCounter<>(2);
        assertEquals(2, c.max());
        assertTrue(c.tryAcquire("a"));
        assertTrue(c.tryAcquire("a"));
        assertFalse(c.tryAcquire("a"));
        assertEquals(2, c.count("a")); // a refusal counts nothing
        assertTrue(c.tryAcquire("b"));
        c.release("a");
        assertEquals(1, c.count("a"));
        assertTrue(c.tryAcquire("a"));
        c.release("a");
        c.release("a");
        assertEquals(0, c.count("a"));
        assertEquals(1, c.keys()); // a key at 0 is dropped
        c.release("nobody"); // harmless
        assertEquals(0, c.count("nobody"));
    }

    @Test
    public void aHugeMaxIsCapped() {
        ConnectionCounter<String> c = new ConnectionCounter<>(Long.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, c.max());
        assertTrue(c.tryAcquire("a"));
    }
}
