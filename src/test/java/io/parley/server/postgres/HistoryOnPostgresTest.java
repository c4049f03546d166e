package io.parley.server.postgres;

/** {@link io.parley.server.chat.HistoryTest} with the server storing in PostgreSQL. */
public class HistoryOnPostgresTest extends io.parley.server.chat.HistoryTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
