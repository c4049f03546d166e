package io.parley.server.dev;

import io.parley.server.ParleyServer;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * --dev only: starts the simulated waiting room, patients who write to the demo doctor so the desk is
 * alive seconds after the run command. The patients themselves are demo code (src/demo/java, built to
 * target/demo-classes like the demo bundles) and never packed into parley.jar: this class only loads
 * them from that folder, the way --dev serves target/demo-bundles. They talk to the server over real
 * WebSockets with tokens signed by its secret, like any client.
 */
public final class DevWaitingRoom {
    /** The demo-only class that implements {@link Room} (public, no-argument constructor). */
    public static final String ENTRY = "io.parley.demo.waitingroom.WaitingRoom";
    /** Where the build writes the demo classes; the README's run command starts in the project folder. */
    public static final Path DEFAULT_CLASSES = Path.of("target", "demo-classes");

    /**
     * How fast the patients write: the first message of each within firstWithinMs of the start, then
     * one every minGapMs..maxGapMs. Reading and answering the doctor take a fraction of minGapMs.
     */
    public record Pace(long firstWithinMs, long minGapMs, long maxGapMs) {
        public static final Pace DEFAULT = new Pace(6_000, 8_000, 40_000);

        public Pace {
            if (firstWithinMs < 1 || minGapMs < 1 || maxGapMs < minGapMs) {
                throw new IllegalArgumentException("pace needs 1 <= firstWithinMs, 1 <= minGapMs <= maxGapMs");
            }
        }
    }

    /** What the demo code implements. */
    public interface Room extends AutoCloseable {
        /** Connects the patients to server and lets them write at pace. */
        void open(ParleyServer server, Pace pace) throws Exception;

        /** The simulated patients as "pin@appId", in a fixed order. */
        List<String> patients();

        /** The doctor they write to, as "pin@appId". */
        String doctor();

        /** Disconnects every patient; idempotent. */
        @Override
        void close();
    }

    private DevWaitingRoom() {
    }

    /**
     * Opens the waiting room on a --dev server from the demo classes in classesDir. Null (with the
     * reason in the log line returned through why) when that folder has no waiting room, e.g. when
     * parley.jar runs outside the project folder. Refuses a server without --dev: the patients would be
     * real users writing to a real doctor.
     */
    public static Room start(ParleyServer server, Path classesDir, Pace pace, StringBuilder why) throws Exception {
        if (!server.config().dev()) {
            throw new IllegalStateException("the simulated waiting room runs only with --dev");
        }
        if (!Files.isRegularFile(classesDir.resolve(ENTRY.replace('.', '/') + ".class"))) {
            why.append("no waiting room in ").append(classesDir.toAbsolutePath())
                    .append(" (build it with mvn package in the project folder)");
            return null;
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {url(classesDir)}, DevWaitingRoom.class.getClassLoader());
        Room room;
        try {
            room = (Room) loader.loadClass(ENTRY).getConstructor().newInstance();
            room.open(server, pace);
        } catch (Exception | Error e) {
            loader.close();
            throw e;
        }
        return new Room() { // closing the room also lets go of its class loader
            @Override
            public void open(ParleyServer s, Pace p) {
                throw new IllegalStateException("already open");
            }

            @Override
            public List<String> patients() {
                return room.patients();
            }

            @Override
            public String doctor() {
                return room.doctor();
            }

            @Override
            public void close() {
                room.close();
                try {
                    loader.close();
                } catch (java.io.IOException ignored) {
                    // nothing left to release
                }
            }
        };
    }

    private static URL url(Path dir) throws MalformedURLException {
        return dir.toAbsolutePath().toUri().toURL();
    }
}
