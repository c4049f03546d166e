package io.parley.server.store.sqlite;

import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.GroupFullException;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.HistoryPage;
import io.parley.server.store.Member;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The store on its own: atomic mids, de-duplication, the member cap, direct keys, schema. */
public class SqliteChatStoreTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private SqliteChatStore store;
    private final UserId alice = new UserId("alice", "app");
    private final UserId bob = new UserId("bob", "app");

    @Before
    public void open() throws Exception {
        store = SqliteChatStore.open(tmp.getRoot().toPath().resolve("d"));
    }

    @After
    public void close() {
        store.close();
    }

    private static GroupSpec spec(String name, Integer max, Member... invitees) {
        return new GroupSpec(name, null, null, null, null, null, null, null, null, max, null, null, List.of(invitees));
    }

    private ChatMessage draft(long gid, UserId from, String clientMsgId) {
        return new ChatMessage(gid, 0, from, null, "text", "hi " + clientMsgId, null, clientMsgId, System.currentTimeMillis());
    }

    private String pragma(String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    public void walModeAndSchemaVersion() throws Exception {
        assertEquals("wal", pragma("journal_mode"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertEquals(SqliteChatStore.latestSchemaVersion(), rs.getInt(1));
        }
        // reopening does not migrate twice
        store.close();
        store = SqliteChatStore.open(tmp.getRoot().toPath().resolve("d"));
        assertTrue(store.findGroup(1).isEmpty());
    }

    @Test
    public void concurrentAppendsGetGaplessIncreasingMids() throws Exception {
        long gid = store.createGroup(alice, spec("g", 10)).gid();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "c" + i;
            futures.add(pool.submit(() -> store.append(draft(gid, alice, id)).message().mid()));
        }
        List<Long> mids = new ArrayList<>();
        for (Future<Long> f : futures) {
            mids.add(f.get());
        }
        pool.shutdown();
        Collections.sort(mids);
        for (int i = 0; i < 200; i++) {
            assertEquals(i + 1, (long) mids.get(i));
        }
        assertEquals(200, store.page(gid, -1, 1).total());
        assertEquals(200, store.findGroup(gid).orElseThrow().lastMid());
    }

    @Test
    public void duplicateReturnsTheOriginal() {
        long gid = store.findOrCreateDirect(alice, bob);
        ChatStore.Appended first = store.append(draft(gid, alice, "x"));
        ChatMessage retry = new ChatMessage(gid, 0, alice, null, "text", "different text", null, "x", 1);
        ChatStore.Appended again = store.append(retry);
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.message(), again.message());
        assertEquals(1, store.page(gid, -1, 10).total());
        // the same clientMsgId from another sender is a different message
        assertFalse(store.append(draft(gid, bob, "x")).duplicate());
    }

    @Test
    public void groupFullStoresNothing() {
        try {
            store.createGroup(alice, spec("g", 1, new Member(bob, null, 0)));
            fail("expected GroupFullException");
        } catch (GroupFullException e) {
            assertEquals(1, e.max());
            assertEquals(2, e.wanted());
        }
        long gid = store.createGroup(alice, spec("g", 2)).gid();
        assertEquals("the failed create left no row behind", 1, gid);
        try {
            store.updateGroup(gid, alice, spec("renamed", null, new Member(bob, null, 0), new Member(new UserId("c", "app"), null, 0)));
            fail("expected GroupFullException");
        } catch (GroupFullException e) {
            assertEquals(3, e.wanted());
        }
        assertEquals("g", store.findGroup(gid).orElseThrow().name());
        assertEquals(1, store.members(gid).size());
    }

    @Test
    public void directConversationIsSymmetricAndUnique() {
        long ab = store.findOrCreateDirect(alice, bob);
        assertEquals(ab, store.findOrCreateDirect(bob, alice));
        assertEquals(2, store.members(ab).size());
        assertTrue(store.findGroup(ab).orElseThrow().isDirect());
        // ids that would collide under naive concatenation stay distinct
        long x = store.findOrCreateDirect(new UserId("a|b", "c"), new UserId("d", "e"));
        long y = store.findOrCreateDirect(new UserId("a", "b|c"), new UserId("d", "e"));
        assertTrue(x != y);
        assertEquals(SqliteChatStore.directKey(alice, bob), SqliteChatStore.directKey(bob, alice));
    }

    @Test
    public void pagingEdges() {
        long gid = store.findOrCreateDirect(alice, bob);
        HistoryPage empty = store.page(gid, -1, 10);
        assertEquals(0, empty.msgs().size());
        assertTrue(empty.end());
        for (int i = 0; i < 5; i++) {
            store.append(draft(gid, alice, "m" + i));
        }
        HistoryPage p = store.page(gid, -1, 5);
        assertEquals(5, p.msgs().size());
        assertTrue(p.end());
        HistoryPage q = store.page(gid, 5, 2);
        assertEquals(List.of(4L, 3L), List.of(q.msgs().get(0).mid(), q.msgs().get(1).mid()));
        assertFalse(q.end());
    }
}
