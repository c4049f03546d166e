package io.parley.server.store.postgres;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.ExternalResource;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatStore;
import io.parley.server.store.ChatStoreContract;
import io.parley.server.store.Member;
import io.parley.server.store.MessageStore.Appended;
import io.parley.server.store.ReadStateStore.UnreadKey;
import io.parley.server.store.UnreadChange;
import io.parley.server.store.UploadStore;
import io.parley.testsupport.Mids;
import io.parley.testsupport.TestPostgres;

/**
 * The contract on PostgreSQL (a database of its own per test), plus what only a shared database needs:
 * two stores with their own pools (two nodes) appending to one conversation at once, resends across
 * them, and a batch costing a fixed number of statements.
 */
public class PostgresChatStoreTest extends ChatStoreContract {
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
        return open(PostgresChatStore.DEFAULT_POOL_SIZE, 0);
    }

    @Override
    protected ChatStore reopen() {
        return open(PostgresChatStore.DEFAULT_POOL_SIZE, 0);
    }

    private PostgresChatStore open(int pool, long waitMs) {
        return PostgresChatStore.open(db.url(), 512, waitMs, pool);
    }

    @Test
    public void twoNodesAppendingToOneConversationGetGaplessMidsAndShareDeduplication() throws Exception {
        long gid = store.createGroup(alice, spec("g", 10, new Member(bob, null, 0), new Member(carol, null, 0))).gid();
        int perSender = 150;
        List<UserId> senders = List.of(alice, bob, carol);
        try (PostgresChatStore other = open(4, 0)) {
            List<ChatStore> nodes = List.of(store, other);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<List<Long>>> runs = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                for (UserId s : senders) {
                    ChatStore node = nodes.get(n);
                    String prefix = "n" + n + "-" + s.pin() + "-";
                    runs.add(pool.submit(() -> {
                        List<CompletableFuture<Appended>> fs = new ArrayList<>();
                        for (int i = 0; i < perSender; i++) {
                            fs.add(node.append(draft(gid, s, prefix + i)));
                        }
                        List<Long> mids = new ArrayList<>();
                        for (CompletableFuture<Appended> f : fs) {
                            mids.add(f.join().message().mid());
                        }
                        return mids;
                    }));
                }
            }
            List<List<Long>> got = new ArrayList<>();
            for (Future<List<Long>> r : runs) {
                got.add(r.get());
            }
            pool.shutdown();
            int total = 2 * senders.size() * perSender;
            Mids.assertGaplessAndIncreasing(got, total);
            assertEquals(total, db.number("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
            assertEquals(total, db.number("SELECT last_mid FROM groups WHERE gid = " + gid));

            // a message sent to node 0 and resent to node 1 gets the original answer there
            Appended first = store.append(draft(gid, alice, "resent")).join();
            Appended again = other.append(draft(gid, alice, "resent")).join();
            assertTrue(again.duplicate());
            assertEquals(first.message().mid(), again.message().mid());
            // and the same resend racing on both nodes at once is stored once
            CompletableFuture<Appended> a = store.append(draft(gid, bob, "race"));
            CompletableFuture<Appended> b = other.append(draft(gid, bob, "race"));
            assertEquals(a.join().message().mid(), b.join().message().mid());
            assertTrue(a.join().duplicate() ^ b.join().duplicate());
            assertEquals(total + 2, db.number("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
            assertEquals(total + 2, other.page(gid, -1, 1).total());
            // unread counts stayed exact under the interleaving: what a recount says
            assertEquals(db.number("SELECT COUNT(*) FROM messages WHERE gid = " + gid
                    + " AND sender_pin <> 'carol' AND mid > (SELECT last_read_mid FROM read_cursors"
                    + " WHERE gid = " + gid + " AND pin = 'carol')"), other.unreadCount(gid, carol));
        }
    }

    @Test
    public void aMemberAddedThroughAnotherNodeIsSeenHere() {
        long gid = store.createGroup(alice, spec("g", 10, new Member(bob, null, 0))).gid();
        UserId dave = new UserId("dave", "app");
        assertEquals(2, store.members(gid).size()); // cached on this node now
        try (PostgresChatStore other = open(2, 0)) {
            other.updateGroup(gid, alice, spec(null, null, new Member(dave, "Dave", 0)));
        }
        assertEquals("a miss is read again", "Dave", store.findMember(gid, dave).orElseThrow().nickName());
        Appended sent = send(gid, alice, "after-join");
        assertTrue("the new member's unread grew", sent.unread().stream().anyMatch(u -> u.user().equals(dave)));
        assertEquals(3, store.members(gid).size());
        assertEquals(1, store.unreadCount(gid, dave));
    }

    @Test
    public void aBatchCostsAFixedNumberOfStatements() {
        store.close();
        store = open(4, 200); // the writer waits for more, so the burst lands in one or two batches
        long gid = store.createGroup(alice, spec("g", 10, new Member(bob, null, 0), new Member(carol, null, 0))).gid();
        PostgresChatStore pg = (PostgresChatStore) store;
        long before = pg.statementCount();
        long[] batchesBefore = pg.writeCounts();
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(store.append(draft(gid, i % 2 == 0 ? alice : bob, "b" + i)));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
        long batches = pg.writeCounts()[0] - batchesBefore[0];
        long perBatch = (pg.statementCount() - before) / batches;
        System.out.println("PostgreSQL: 200 group messages in " + batches + " batches, " + perBatch + " statements each");
        // BEGIN (sent with the next), lock + originals + counts with totals (one round trip), every write
        // (messages, last mids, cursors, unread counts, list activity: one statement), COMMIT
        assertEquals(4, perBatch);
        assertTrue(batches <= 3);
    }

    @Test
    public void manyUnreadStatesCostOneStatement() {
        long gid = store.createGroup(alice, spec("g", 10, new Member(bob, null, 0), new Member(carol, null, 0))).gid();
        send(gid, alice, "x");
        PostgresChatStore pg = (PostgresChatStore) store;
        long before = pg.statementCount();
        List<UnreadChange> got = store.unreadNow(List.of(new UnreadKey(bob, gid), new UnreadKey(carol, gid),
                new UnreadKey(alice, gid)));
        assertEquals("one round trip for the pusher's whole tick", 1, pg.statementCount() - before);
        assertEquals(List.of(1L, 1L, 0L), got.stream().map(UnreadChange::count).toList());
        assertEquals(List.of(bob, carol, alice), got.stream().map(UnreadChange::user).toList());
    }

    @Test
    public void writesFailWhenTheDatabaseIsGoneAndNothingIsAcked() {
        long gid = store.findOrCreateDirect(alice, bob);
        send(gid, alice, "before");
        db.close(); // the database disappears under the running store (its connections are cut)
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fs.add(store.append(draft(gid, alice, "lost" + i)));
        }
        for (CompletableFuture<Appended> f : fs) {
            try {
                f.join();
                fail("no database, no ack");
            } catch (java.util.concurrent.CompletionException expected) {
                // failed: the client keeps it in its outbox
            }
        }
        assertFalse(((PostgresChatStore) store).healthy());
    }

    @Test
    public void uploadsReadBackEveryField() {
        PostgresChatStore pg = (PostgresChatStore) store;
        UploadStore.Upload u = new UploadStore.Upload("2026/11/abc.png", alice, "image/png", 1234, 640, 480,
                "f".repeat(64), 99L);
        pg.recordUpload(u);
        assertEquals(u, pg.findUpload("2026/11/abc.png").orElseThrow());
        assertTrue(pg.findUpload("2026/11/none.png").isEmpty());
        try {
            pg.recordUpload(u);
            fail("names are unique");
        } catch (RuntimeException expected) {
            // the primary key refuses a second row
        }
        assertTrue(pg.healthy());
    }

    @Test
    public void urlsInEitherFormAreAccepted() {
        assertEquals("jdbc:postgresql://h:5/d?user=u", DbUrl.toJdbc("postgresql://h:5/d?user=u"));
        assertEquals("jdbc:postgresql://h:5/d", DbUrl.toJdbc("postgres://h:5/d"));
        assertEquals("jdbc:postgresql://h/d", DbUrl.toJdbc("jdbc:postgresql://h/d"));
        assertEquals("jdbc:postgresql://h/d?user=u&password=***", DbUrl.redact("jdbc:postgresql://h/d?user=u&password=s3"));
        try {
            DbUrl.toJdbc("mysql://h/d?password=s3");
            fail("only PostgreSQL");
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage(), e.getMessage().contains("s3"));
        }
    }
}
