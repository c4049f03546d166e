package io.parley.server.postgres;

/** {@link io.parley.server.chat.ReliabilityTest} with the server storing in PostgreSQL. */
public class ReliabilityOnPostgresTest extends io.parley.server.chat.ReliabilityTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
