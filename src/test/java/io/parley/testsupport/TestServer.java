package io.parley.testsupport;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.dev.DevWaitingRoom;
import io.parley.server.limits.Limit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Parley server in dev mode on a free port, with a fresh SQLite data directory. */
public final class TestServer {
    private TestServer() {
    }

    /**
     * Lifts the message rates for tests that send far faster than a person on purpose; the rates
     * themselves are tested by io.parley.server.limits and AbuseAttackTest.
     */
    public static ServerConfig.Builder liftMessageRates(ServerConfig.Builder b) {
        for (Limit l : new Limit[] {Limit.MESSAGES_PER_CONNECTION_MINUTE, Limit.MESSAGES_PER_USER_MINUTE,
                Limit.MESSAGE_BYTES_PER_CONNECTION_MINUTE, Limit.MESSAGE_BYTES_PER_USER_MINUTE}) {
            b.limit(l, 1L << 30);
        }
        return b;
    }

    public static ServerConfig.Builder devConfig() throws IOException {
        Path data = Files.createTempDirectory("parley-e2e");
        // Browser tests and benchmarks burst hundreds of messages from one sender
        return liftMessageRates(ServerConfig.builder())
                .port(0)
                .dataDir(data)
                .dev(true)
                .tokenSecret("e2e-secret-" + System.nanoTime())
                .webappDir(Path.of(System.getProperty("parley.webapp.dir", "target/webapp")))
                .demoDir(Path.of(System.getProperty("parley.demo.dir", "demo")))
                .demoBundlesDir(Path.of(System.getProperty("parley.demo.bundles.dir", "target/demo-bundles")));
    }

    public static ParleyServer start() throws IOException {
        return ParleyServer.start(devConfig().build());
    }

    /** Where the build puts the demo-only classes (the --dev waiting room's patients). */
    public static Path demoClasses() {
        return Path.of(System.getProperty("parley.demo.classes.dir", "target/demo-classes"));
    }

    /**
     * Opens the --dev waiting room on a started dev server: its patients write to doctor-7 of
     * parley.doctor at pace until the room is closed. Servers started here never have it otherwise.
     */
    public static DevWaitingRoom.Room openWaitingRoom(ParleyServer server, DevWaitingRoom.Pace pace) throws Exception {
        StringBuilder why = new StringBuilder();
        DevWaitingRoom.Room room = DevWaitingRoom.start(server, demoClasses(), pace, why);
        if (room == null) {
            throw new IllegalStateException(why.toString());
        }
        return room;
    }
}
