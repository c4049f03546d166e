package io.parley.server.store;

/**
 * Durable storage of conversations, messages and read state: the atomic operations the protocol
 * needs (see the three interfaces). Implementations keep their SQL dialect to themselves (SQLite
 * now, PostgreSQL next) and must pass ChatStoreContract. All methods are thread-safe; no caller
 * needs a lock for atomicity.
 */
public interface ChatStore extends ConversationStore, MessageStore, ReadStateStore, AutoCloseable {

    /** A random id made once when the database is created: a new epoch voids every mid a client knows. */
    String epoch();

    /** Throws when the database cannot answer a query now (for /api/health). The default reads a group that cannot exist. */
    default void ping() {
        findGroup(0);
    }

    /** Waits for pending writes, then releases the database. */
    @Override
    void close();
}
