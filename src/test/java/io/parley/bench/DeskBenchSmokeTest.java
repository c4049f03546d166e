package io.parley.bench;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/**
 * DeskBench at tiny sizes: it seeds, pages, filters and runs the push off and on against a started
 * server, and fails when a page comes back empty or the push is heard while off (or not while on).
 */
public class DeskBenchSmokeTest {
    @Test
    public void runsAtTinySizes() throws Exception {
        assertEquals(0, DeskBench.run("--conversations", "300", "--pages", "20", "--senders", "5",
                "--messages", "300", "--rounds", "1"));
    }
}
