package io.parley.server.postgres;

/** {@link io.parley.server.chat.MessagingTest} with the server storing in PostgreSQL. */
public class MessagingOnPostgresTest extends io.parley.server.chat.MessagingTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
