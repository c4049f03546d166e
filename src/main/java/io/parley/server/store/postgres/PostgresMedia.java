package io.parley.server.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.parley.server.media.MediaStorage;

/**
 * Uploaded images in PostgreSQL's {@code media} table, so a file uploaded through one node is served by
 * every node without a shared filesystem, and a database backup holds them. Reads go out in chunks of
 * {@link #CHUNK} bytes ({@code substring} on an uncompressed out-of-line column reads only those pages), so
 * serving a large image holds one chunk in memory, not the file.
 */
final class PostgresMedia implements MediaStorage {
    static final int CHUNK = 64 * 1024;

    private final DataSource pool;
    private final SecureRandom random = new SecureRandom();

    PostgresMedia(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public String store(byte[] bytes, String ext, String mime, long nowMillis) throws IOException {
        String name = MediaStorage.newName(random, ext, nowMillis);
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO media (name, content_type, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, mime);
            ps.setLong(3, bytes.length);
            ps.setBytes(4, bytes);
            ps.setLong(5, nowMillis);
            ps.executeUpdate();
            return name;
        } catch (SQLException e) {
            throw new IOException("storing an upload in PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Media find(String name) throws IOException {
        if (!MediaStorage.valid(name)) {
            return null;
        }
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content_type, size FROM media WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long size = rs.getLong(2);
                return new Media(rs.getString(1), size, () -> new Chunks(name, size));
            }
        } catch (SQLException e) {
            throw new IOException("reading an upload from PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM media WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            // best effort: an orphan row is harmless (it is only reachable by its random name)
        }
    }

    /** The bytes of one item, fetched a chunk at a time, each on a pooled connection held only for that chunk. */
    private final class Chunks extends InputStream {
        private final String name;
        private final long size;
        private byte[] chunk = new byte[0];
        private int pos;
        private long fetched;

        Chunks(String name, long size) {
            this.name = name;
            this.size = size;
        }

        private boolean fill() throws IOException {
            if (pos < chunk.length) {
                return true;
            }
            if (fetched >= size) {
                return false;
            }
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT substring(bytes FROM ? FOR ?) FROM media WHERE name = ?")) {
                ps.setInt(1, Math.toIntExact(fetched + 1)); // SQL counts from 1; a bytea is < 1 GB
                ps.setInt(2, CHUNK);
                ps.setString(3, name);
                try (ResultSet rs = ps.executeQuery()) {
                    chunk = rs.next() ? rs.getBytes(1) : null;
                }
            } catch (SQLException e) {
                throw new IOException("reading an upload from PostgreSQL failed: " + e.getMessage(), e);
            }
            if (chunk == null || chunk.length == 0) {
                throw new IOException("upload " + name + " ended at " + fetched + " of " + size + " bytes");
            }
            pos = 0;
            fetched += chunk.length;
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
