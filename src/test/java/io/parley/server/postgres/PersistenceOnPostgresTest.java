package io.parley.server.postgres;

/** {@link io.parley.server.store.sqlite.PersistenceTest} with the server storing in PostgreSQL. */
public class PersistenceOnPostgresTest extends io.parley.server.store.sqlite.PersistenceTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
