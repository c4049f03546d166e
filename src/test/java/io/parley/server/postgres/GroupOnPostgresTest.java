package io.parley.server.postgres;

/** {@link io.parley.server.chat.GroupTest} with the server storing in PostgreSQL. */
public class GroupOnPostgresTest extends io.parley.server.chat.GroupTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
