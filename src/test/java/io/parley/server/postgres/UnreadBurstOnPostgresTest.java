package io.parley.server.postgres;

/** {@link io.parley.server.chat.UnreadBurstTest} with the server storing in PostgreSQL. */
public class UnreadBurstOnPostgresTest extends io.parley.server.chat.UnreadBurstTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
