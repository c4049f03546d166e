package io.parley.server.store;

import io.parley.server.auth.UserId;
import io.parley.server.media.FileStore;
import io.parley.server.media.MediaStorage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Durable record of stored uploads (the bytes themselves live in its {@link #mediaStorage}). Kept apart
 * from {@link ChatStore} so another database (PostgreSQL) can implement it on its own. Thread-safe.
 */
public interface UploadStore {

    /** One stored upload. name is the server-generated path under /files/, e.g. 2026/11/3f…a9.png. */
    record Upload(String name, UserId owner, String mime, long size, int width, int height, String sha256,
                  long createdAt) {
    }

    void recordUpload(Upload upload);

    Optional<Upload> findUpload(String name);

    /** Where this store's nodes keep the uploaded bytes: by default files under dataDir (one node). */
    default MediaStorage mediaStorage(Path dataDir) {
        return new FileStore(dataDir);
    }
}
