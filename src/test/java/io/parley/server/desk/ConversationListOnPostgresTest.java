package io.parley.server.desk;

/** The conversation list's wire tests with the server on PostgreSQL. */
public class ConversationListOnPostgresTest extends ConversationListTest {
    @Override
    protected boolean onPostgres() {
        return true;
    }
}
