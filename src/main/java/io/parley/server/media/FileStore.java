package io.parley.server.media;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Uploaded files under {@code <dataDir>/files/<yyyy>/<mm>/<128-bit random hex>.<ext>}: outside
 * every static webroot, named by the server only. A file is written to a temporary name in its
 * final directory and then moved into place atomically, so a reader never sees half a file.
 */
public final class FileStore {
    /** yyyy/mm/name.ext exactly as generated; nothing else (no "..", no other characters) is ever resolved. */
    public static final Pattern NAME = Pattern.compile("(\\d{4})/(0[1-9]|1[0-2])/([0-9a-f]{32})\\.(png|jpg|gif|webp)");

    private final Path root;
    private final SecureRandom random = new SecureRandom();

    public FileStore(Path dataDir) {
        this.root = dataDir.resolve("files").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Stores bytes under a fresh name with extension ext and returns that name (yyyy/mm/hex.ext). */
    public String store(byte[] bytes, String ext, long nowMillis) throws IOException {
        ZonedDateTime t = ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
        byte[] id = new byte[16];
        random.nextBytes(id);
        String name = String.format("%04d/%02d/%s.%s", t.getYear(), t.getMonthValue(), HexFormat.of().formatHex(id), ext);
        Path target = resolve(name);
        if (target == null) {
            throw new IllegalStateException("generated an invalid name " + name);
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        try {
            Files.write(temp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return name;
    }

    /** The file for a valid name, or null when name does not match {@link #NAME}. */
    public Path resolve(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return null;
        }
        Path p = root.resolve(name).normalize();
        return p.startsWith(root) ? p : null;
    }

    /** Removes a stored file (used when recording it fails); quiet when it is already gone. */
    public void delete(String name) {
        Path p = resolve(name);
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort: an orphan file is harmless (it is only reachable by its random name)
            }
        }
    }
}
