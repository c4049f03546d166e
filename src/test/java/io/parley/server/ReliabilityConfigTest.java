package io.parley.server;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;

/** The reliability flags: --recall-window-ms and --port-file. */
public class ReliabilityConfigTest {

    @Test
    public void recallWindowAndPortFileFlags() throws Exception {
        Main.Parsed p = Main.parse(new String[] {"--dev", "--recall-window-ms", "5000", "--port-file", "/tmp/p"},
                Map.of());
        assertEquals(5000, p.config().recallWindowMs());
        assertEquals(Path.of("/tmp/p"), p.portFile());
        Main.Parsed d = Main.parse(new String[] {"--dev"}, Map.of());
        assertEquals(120_000, d.config().recallWindowMs());
        assertNull(d.portFile());
        assertEquals("toBuilder keeps it", 5000, p.config().toBuilder().build().recallWindowMs());
        try {
            Main.parse(new String[] {"--dev", "--recall-window-ms", "-1"}, Map.of());
            fail("negative window accepted");
        } catch (Main.UsageException e) {
            assertTrue(e.getMessage().contains("--recall-window-ms"));
        }
        assertTrue(Main.USAGE.contains("--recall-window-ms"));
        assertTrue(Main.USAGE.contains("--port-file"));
    }
}
