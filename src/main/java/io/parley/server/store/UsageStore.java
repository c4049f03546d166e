package io.parley.server.store;

import io.parley.server.auth.UserId;

/**
 * What one user holds, for quotas (io.parley.server.limits): read once per user and then counted up
 * in memory, so these may be plain aggregate queries. Thread-safe.
 */
public interface UsageStore {
    /** Groups owner created (direct conversations excluded). */
    long groupsOwned(UserId owner);

    /** Bytes of uploads stored for owner. */
    long storedBytes(UserId owner);
}
