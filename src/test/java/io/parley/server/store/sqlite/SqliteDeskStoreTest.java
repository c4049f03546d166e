package io.parley.server.store.sqlite;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import io.parley.server.store.ChatStore;
import io.parley.server.store.DeskStoreContract;

/** The conversation list's contract on SQLite. */
public class SqliteDeskStoreTest extends DeskStoreContract {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Override
    protected ChatStore openFresh() {
        return SqliteChatStore.open(tmp.getRoot().toPath().resolve("d"));
    }

    @Override
    protected ChatStore reopen() {
        return openFresh();
    }
}
