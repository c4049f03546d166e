package io.parley.server.store.sqlite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatStore;
import io.parley.server.store.ChatStoreContract;
import io.parley.server.store.Member;
import io.parley.server.store.MessageStore.Appended;
import io.parley.server.store.UploadStore;

/** The contract on SQLite, plus what only SQLite has: pragmas, schema, rollback of half-done writes. */
public class SqliteChatStoreTest extends ChatStoreContract {
    /** The newest file under src/main/resources/db/migration/sqlite. */
    private static final int LATEST_VERSION = 7;
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir() {
        return tmp.getRoot().toPath().resolve("d");
    }

    @Override
    protected ChatStore openFresh() {
        return SqliteChatStore.open(dir());
    }

    @Override
    protected ChatStore reopen() {
        return SqliteChatStore.open(dir());
    }

    private SqliteChatStore sqlite() {
        return (SqliteChatStore) store;
    }

    /** A second connection to the same file, outside the store. */
    private Connection raw() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + sqlite().file());
    }

    private long number(String sql) throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    public void walModeAndSchemaVersion() throws Exception {
        assertEquals("wal", sqlite().pragma("journal_mode"));
        String applied = "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1";
        assertEquals(LATEST_VERSION, number("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"));
        assertEquals(LATEST_VERSION, number(applied));
        store.close();
        store = reopen(); // reopening does not migrate twice
        assertEquals(LATEST_VERSION, number(applied));
        assertTrue(store.findGroup(1).isEmpty());
    }

    @Test
    public void connectionSettings() {
        assertEquals(String.valueOf(SqliteChatStore.BUSY_TIMEOUT_MS), sqlite().pragma("busy_timeout"));
        assertEquals("1", sqlite().pragma("foreign_keys"));
        assertEquals("1", sqlite().pragma("secure_delete"));
        assertEquals("1", sqlite().pragma("synchronous")); // NORMAL
        store.close();
        store = SqliteChatStore.open(dir(), new SqliteChatStore.Options(SqliteChatStore.Sync.FULL, 8, 1));
        assertEquals("2", sqlite().pragma("synchronous")); // FULL
        long gid = store.findOrCreateDirect(alice, bob);
        assertEquals(1, send(gid, alice, "x").message().mid());
    }

    @Test
    public void newerSchemaIsRefused() throws Exception {
        store.close();
        store = null;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir().resolve("parley.db"));
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__future.sql', 'test', 0, 1)");
        }
        try {
            SqliteChatStore.open(dir());
            fail("expected a refusal");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("99"));
        }
    }

    @Test
    public void aWriterHeldElsewhereIsWaitedFor() throws Exception {
        long gid = store.findOrCreateDirect(alice, bob);
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (Connection c = raw(); Statement st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                locked.countDown();
                Thread.sleep(300);
                st.execute("COMMIT");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        holder.start();
        locked.await();
        assertEquals(1, send(gid, alice, "waits").message().mid()); // busy timeout, not SQLITE_BUSY
        holder.join();
    }

    @Test
    public void foreignKeysAreEnforced() throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = ON");
            st.execute("INSERT INTO members (gid, pin, app_id, joined_at) VALUES (777, 'x', 'y', 0)");
            fail("the schema must reference groups");
        } catch (java.sql.SQLException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("FOREIGN KEY"));
        }
    }

    @Test
    public void aHalfDoneGroupWriteIsRolledBack() throws Exception {
        exec("CREATE TRIGGER boom BEFORE INSERT ON members WHEN NEW.pin = 'boom'"
                + " BEGIN SELECT RAISE(ABORT, 'boom'); END");
        long groupsBefore = number("SELECT COUNT(*) FROM groups");
        try {
            store.createGroup(alice, spec("g", 5, new Member(new UserId("boom", "app"), null, 0)));
            fail("expected the trigger's failure");
        } catch (RuntimeException expected) {
            assertTrue(expected.toString(), expected.toString().contains("boom"));
        }
        assertEquals("the group row written before the failing member is gone", groupsBefore,
                number("SELECT COUNT(*) FROM groups"));
        long gid = store.createGroup(alice, spec("ok", 5)).gid();
        assertEquals("ok", store.findGroup(gid).orElseThrow().name());
    }

    @Test
    public void aFailingAppendFailsAloneAndLeavesNoTrace() throws Exception {
        long gid = store.findOrCreateDirect(alice, bob);
        exec("CREATE TRIGGER boom BEFORE INSERT ON messages WHEN NEW.content = 'boom'"
                + " BEGIN SELECT RAISE(ABORT, 'boom'); END");
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String content = i == 25 ? "boom" : "m" + i;
            fs.add(store.append(new io.parley.server.store.ChatMessage(gid, 0, alice, null, "text", content, null,
                    "c" + i, System.currentTimeMillis())));
        }
        assertOneFailedOthersGapless(fs);
        assertEquals(49, store.unreadCount(gid, bob));
        assertEquals(49, number("SELECT COUNT(*) FROM messages"));
        assertEquals(49, number("SELECT last_mid FROM groups WHERE gid = " + gid));
        assertEquals(49, number("SELECT count FROM unread_counts WHERE pin = 'bob' AND gid = " + gid));
        assertEquals(49, number("SELECT last_read_mid FROM read_cursors WHERE pin = 'alice' AND gid = " + gid));
        store.close();
        store = reopen();
        assertEquals(49, store.unreadCount(gid, bob));
        assertEquals(50, send(gid, alice, "c25").message().mid());
    }

    @Test
    public void aFailureAfterTheInMemoryUpdatesIsUndoneToo() throws Exception {
        UserId boom = new UserId("boom", "app");
        long gid = store.createGroup(alice, spec("g", 5, new Member(bob, null, 0), new Member(boom, null, 0))).gid();
        // fails at the end of the batch (the sender's cursor), after mids and counters moved in memory
        exec("CREATE TRIGGER boom BEFORE INSERT ON read_cursors WHEN NEW.pin = 'boom'"
                + " BEGIN SELECT RAISE(ABORT, 'boom'); END");
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fs.add(store.append(draft(gid, i == 25 ? boom : alice, "c" + i)));
        }
        assertOneFailedOthersGapless(fs);
        assertEquals(49, number("SELECT COUNT(*) FROM messages"));
        assertEquals(49, store.unreadCount(gid, bob));
        assertEquals(49, store.unreadCount(gid, boom));
        assertEquals(0, store.unreadCount(gid, alice));
        assertEquals(50, send(gid, alice, "next").message().mid());
    }

    @Test
    public void closeFinishesQueuedWritesAndRefusesNewOnes() throws Exception {
        long gid = store.findOrCreateDirect(alice, bob);
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(store.append(draft(gid, alice, "q" + i)));
        }
        store.close();
        for (CompletableFuture<Appended> f : fs) {
            assertFalse(f.join().duplicate());
        }
        assertFalse("every connection closed, so SQLite removed the WAL", java.nio.file.Files.exists(
                dir().resolve("parley.db-wal")));
        try {
            store.append(draft(gid, alice, "late")).join();
            fail("a closed store takes no writes");
        } catch (java.util.concurrent.CompletionException expected) {
            assertTrue(expected.getCause().getMessage().contains("closed"));
        }
        store = reopen();
        assertEquals(200, store.page(gid, -1, 1).total());
        assertEquals(200, store.unreadCount(gid, bob));
    }

    @Test
    public void theWriterGroupsQueuedWritesIntoBatches() {
        store.close();
        store = SqliteChatStore.open(dir(), new SqliteChatStore.Options(SqliteChatStore.Sync.NORMAL, 8, 300));
        long gid = store.findOrCreateDirect(alice, bob);
        long[] before = sqlite().writeCounts();
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fs.add(store.append(draft(gid, alice, "w" + i)));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
        long[] after = sqlite().writeCounts();
        assertEquals(20, after[1] - before[1]);
        assertEquals("at most 8 per batch, and the writer waits for more", 3, after[0] - before[0]);
    }

    @Test
    public void uploadsReadBackEveryField() {
        UploadStore.Upload u = new UploadStore.Upload("2026/11/abc.png", alice, "image/png", 1234, 640, 480,
                "f".repeat(64), 99L);
        sqlite().recordUpload(u);
        assertEquals(u, sqlite().findUpload("2026/11/abc.png").orElseThrow());
        assertTrue(sqlite().findUpload("2026/11/none.png").isEmpty());
        try {
            sqlite().recordUpload(u);
            fail("names are unique");
        } catch (RuntimeException expected) {
            // the primary key refuses a second row
        }
    }

    @Test
    public void recallRecordsWhen() throws Exception {
        long gid = store.findOrCreateDirect(alice, bob);
        send(gid, alice, "x");
        long at = System.currentTimeMillis();
        store.recall(gid, 1, alice, at, 60_000).join();
        assertEquals(at, number("SELECT recalled_at FROM messages WHERE gid = " + gid + " AND mid = 1"));
    }

    @Test
    public void recallLeavesNoOldContentInTheWal() throws Exception {
        long gid = store.findOrCreateDirect(alice, bob);
        send(gid, alice, "secret-1");
        store.recall(gid, 1, alice, System.currentTimeMillis(), 60_000).join();
        Path wal = dir().resolve("parley.db-wal");
        byte[] bytes = java.nio.file.Files.exists(wal) ? java.nio.file.Files.readAllBytes(wal) : new byte[0];
        assertFalse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("hi secret-1"));
        byte[] db = java.nio.file.Files.readAllBytes(dir().resolve("parley.db"));
        assertFalse(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1).contains("hi secret-1"));
    }

    @Test
    public void directKeysAreSymmetricAndUnambiguous() {
        assertEquals(io.parley.server.store.jdbc.Rows.directKey(alice, bob), io.parley.server.store.jdbc.Rows.directKey(bob, alice));
        // stored in groups.direct_key, so the format is part of the schema
        assertEquals("3:bob3:app|5:alice3:app", io.parley.server.store.jdbc.Rows.directKey(alice, bob));
        assertFalse(io.parley.server.store.jdbc.Rows.directKey(new UserId("a|b", "c"), bob)
                .equals(io.parley.server.store.jdbc.Rows.directKey(new UserId("a", "b|c"), bob)));
    }

    @Test
    public void fewStatementsPerMessage() {
        long gid = store.findOrCreateDirect(alice, bob);
        send(gid, alice, "warm"); // loads the counters, seeds the sequencer
        long before = sqlite().statementCount();
        send(gid, alice, "alone");
        // BEGIN, INSERT, then per batch: last_mid, the sender's cursor, the receiver's count, the list's activity; COMMIT
        assertEquals(7, sqlite().statementCount() - before);
        before = sqlite().statementCount();
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fs.add(store.append(draft(gid, alice, "s" + i)));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
        long perHundred = sqlite().statementCount() - before;
        System.out.println("SQL statements for 100 one-to-one messages sent without waiting: " + perHundred);
        assertTrue("at most the 7 of a lone message each: " + perHundred, perHundred <= 700);
        before = sqlite().statementCount();
        store.page(gid, -1, 20);
        assertEquals("a history page: last mid and one slice, no COUNT", 2, sqlite().statementCount() - before);
        before = sqlite().statementCount();
        store.createGroup(alice, spec("g", 5, new Member(bob, null, 0), new Member(carol, null, 0)));
        assertEquals("BEGIN, group, 3 members, list titles, read back, COMMIT", 8, sqlite().statementCount() - before);
        before = sqlite().statementCount();
        store.updateGroup(gid, alice, spec("x", null));
        assertEquals("BEGIN, group, members, update, read back, list titles, COMMIT", 7, sqlite().statementCount() - before);
    }

    /** Exactly one of fs failed, and the others got mids 1..n-1: no gap where the failed one was. */
    private static void assertOneFailedOthersGapless(List<CompletableFuture<Appended>> fs) {
        int failed = 0;
        List<Long> mids = new ArrayList<>();
        for (CompletableFuture<Appended> f : fs) {
            try {
                mids.add(f.join().message().mid());
            } catch (RuntimeException e) {
                failed++;
            }
        }
        assertEquals(1, failed);
        mids.sort(null);
        for (int i = 0; i < fs.size() - 1; i++) {
            assertEquals(i + 1, (long) mids.get(i));
        }
    }
}
