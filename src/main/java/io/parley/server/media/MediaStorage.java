package io.parley.server.media;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where the bytes of uploaded images live, by the name the server gave them ({@code yyyy/mm/<hex>.<ext>},
 * also their URL under /files/). {@link FileStore} keeps them in the node's data directory (one node);
 * a store shared by several nodes keeps them where every node can read them (PostgreSQL). Thread-safe.
 */
public interface MediaStorage {
    /** yyyy/mm/name.ext exactly as generated; nothing else (no "..", no other characters) is ever looked up. */
    Pattern NAME = Pattern.compile("(\\d{4})/(0[1-9]|1[0-2])/([0-9a-f]{32})\\.(png|jpg|gif|webp)");

    /** Stores bytes (checked and stripped already) of type mime under a fresh name with extension ext; returns the name. */
    String store(byte[] bytes, String ext, String mime, long nowMillis) throws IOException;

    /** The stored item of a name matching {@link #NAME}, or null when there is none (or the name is invalid). */
    Media find(String name) throws IOException;

    /** Removes a stored item (when recording it fails); quiet when it is already gone. */
    void delete(String name);

    /** A stored item: its content type, its size, and how to read it (one stream per call, read in order). */
    record Media(String mime, long size, Opener opener) {
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** A fresh name: the upload's month, then 128 random bits (unguessable), then the extension. */
    static String newName(SecureRandom random, String ext, long nowMillis) {
        ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
        byte[] id = new byte[16];
        random.nextBytes(id);
        String name = String.format("%04d/%02d/%s.%s", t.getYear(), t.getMonthValue(), HexFormat.of().formatHex(id), ext);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("generated an invalid name " + name);
        }
        return name;
    }

    static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
