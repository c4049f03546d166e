package io.parley.server.postgres;

/** {@link io.parley.server.chat.ChaosTest} with the server storing in PostgreSQL. */
public class ChaosOnPostgresTest extends io.parley.server.chat.ChaosTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
