package io.parley.server.store.postgres;

import org.junit.Rule;
import org.junit.rules.ExternalResource;

import io.parley.server.store.ChatStore;
import io.parley.server.store.DeskStoreContract;
import io.parley.testsupport.TestPostgres;

/** The conversation list's contract on PostgreSQL (a database of its own per test). */
public class PostgresDeskStoreTest extends DeskStoreContract {
    private TestPostgres db;

    /** Drops the test database after the contract's @After closed the store. */
    @Rule
    public final ExternalResource dropDatabase = new ExternalResource() {
        @Override
        protected void after() {
            if (db != null) {
                db.close();
            }
        }
    };

    @Override
    protected ChatStore openFresh() {
        db = TestPostgres.create();
        return reopen();
    }

    @Override
    protected ChatStore reopen() {
        return PostgresChatStore.open(db.url(), 512, 0, PostgresChatStore.DEFAULT_POOL_SIZE);
    }
}
