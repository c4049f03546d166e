package io.parley.server.media;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Uploaded files under {@code <dataDir>/files/<yyyy>/<mm>/<128-bit random hex>.<ext>}: outside
 * every static webroot, named by the server only. A file is written to a temporary name in its
 * final directory and then moved into place atomically, so a reader never sees half a file.
 * The default {@link MediaStorage}; several nodes can use it only on a shared volume.
 */
public final class FileStore implements MediaStorage {
    private final Path root;
    private final SecureRandom random = new SecureRandom();

    public FileStore(Path dataDir) {
        this.root = dataDir.resolve("files").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String store(byte[] bytes, String ext, String mime, long nowMillis) throws IOException {
        String name = MediaStorage.newName(random, ext, nowMillis);
        Path target = resolve(name);
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

    @Override
    public Media find(String name) throws IOException {
        Path file = resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        String mime = ImageInspector.Format.ofExtension(name.substring(name.lastIndexOf('.') + 1)).mime;
        return new Media(mime, size, () -> Files.newInputStream(file));
    }

    /** The file for a valid name, or null when name does not match {@link #NAME}. */
    public Path resolve(String name) {
        if (!MediaStorage.valid(name)) {
            return null;
        }
        Path p = root.resolve(name).normalize();
        return p.startsWith(root) ? p : null;
    }

    @Override
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
