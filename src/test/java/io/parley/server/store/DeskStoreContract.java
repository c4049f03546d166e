package io.parley.server.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.parley.server.auth.UserId;
import io.parley.server.store.DeskStore.ConversationEntry;
import io.parley.server.store.DeskStore.Position;
import io.parley.server.store.MessageStore.Appended;

/**
 * The conversation list's part of the store contract (docs/PROTOCOL.md "Conversation list"), run on
 * SQLite and PostgreSQL by the subclasses: newest activity first with ties by gid, keyset pages with no
 * duplicate and no gap, each entry's name, peer, preview message and unread count (checked against the
 * read-state answers), the prefix filter on names and pins, and all of it kept by the write path
 * (appends in batches, recalls, renames, new members) and across a reopen.
 */
public abstract class DeskStoreContract {
    protected ChatStore store;
    protected final UserId doctor = new UserId("doctor", "app");
    /** Message times after every creation time, as a server's clock gives them. */
    private final long base = System.currentTimeMillis() + 10_000_000;

    protected abstract ChatStore openFresh() throws Exception;

    protected abstract ChatStore reopen() throws Exception;

    @Before
    public void openStore() throws Exception {
        store = openFresh();
    }

    @After
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private DeskStore desk() {
        return (DeskStore) store;
    }

    private static ChatMessage at(long gid, UserId from, String nick, String cid, long time) {
        return new ChatMessage(gid, 0, from, nick, "text", "text " + cid, null, cid, time);
    }

    private List<ConversationEntry> all(UserId user, String prefix, int pageSize) {
        List<ConversationEntry> out = new ArrayList<>();
        Position after = null;
        while (true) {
            List<ConversationEntry> page = desk().conversations(user, after, prefix, pageSize);
            assertTrue(page.size() <= pageSize);
            out.addAll(page);
            if (page.size() < pageSize) {
                return out;
            }
            after = page.get(page.size() - 1).position();
        }
    }

    private static List<Long> gids(List<ConversationEntry> list) {
        return list.stream().map(ConversationEntry::gid).toList();
    }

    @Test
    public void newestActivityFirstPagedWithoutDuplicatesOrGaps() {
        int n = 120;
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(store.findOrCreateDirect(doctor, new UserId("p" + i, "app")));
        }
        // every conversation gets a message at a distinct time, in an order unrelated to the gids; a few tie
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(7));
        List<CompletableFuture<Appended>> fs = new ArrayList<>();
        long t0 = base;
        for (int k = 0; k < n; k++) {
            int i = order.get(k);
            long time = t0 + (k / 2) * 10; // pairs share a time: the tie goes by gid, newest first
            fs.add(store.append(at(made.get(i), new UserId("p" + i, "app"), "P " + i, "c" + i, time)));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join(); // many land in one write batch
        List<ConversationEntry> expected = new ArrayList<>(desk().conversations(doctor, null, null, n + 5));
        assertEquals(n, expected.size());
        for (int k = 1; k < n; k++) {
            ConversationEntry a = expected.get(k - 1);
            ConversationEntry b = expected.get(k);
            assertTrue("activity descending, ties by gid descending at " + k,
                    a.activity() > b.activity() || (a.activity() == b.activity() && a.gid() > b.gid()));
        }
        long newestTied = Math.max(made.get(order.get(n - 1)), made.get(order.get(n - 2)));
        assertEquals(newestTied, expected.get(0).gid());
        assertEquals("entries by gid, many at once", new HashSet<>(made),
                new HashSet<>(gids(desk().conversations(doctor, made))));
        for (int size : new int[] {1, 7, 50}) {
            List<ConversationEntry> paged = all(doctor, null, size);
            assertEquals("page size " + size, gids(expected), gids(paged));
            assertEquals(n, new HashSet<>(gids(paged)).size());
        }
        // a new message moves its conversation to the top; the rest keep their order
        long oldest = expected.get(n - 1).gid();
        ConversationEntry e = expected.get(n - 1);
        store.append(at(oldest, e.peer(), "Renamed", "late2", t0 + 100_000)).join();
        List<ConversationEntry> now = desk().conversations(doctor, null, null, 3);
        assertEquals(oldest, now.get(0).gid());
        assertEquals(t0 + 100_000, now.get(0).activity());
        assertEquals(expected.get(0).gid(), now.get(1).gid());
    }

    @Test
    public void entriesCarryNamePeerPreviewAndTheUnreadCount() {
        UserId patient = new UserId("patient-1", "app");
        long direct = store.findOrCreateDirect(patient, doctor);
        ConversationEntry fresh = desk().conversations(doctor, List.of(direct)).get(0);
        assertTrue(fresh.direct());
        assertEquals("before the peer writes, the name is their pin", "patient-1", fresh.name());
        assertEquals(patient, fresh.peer());
        assertNull(fresh.last());
        assertEquals(0, fresh.lastMid());
        assertTrue(fresh.activity() > 0);

        store.append(at(direct, patient, "张三", "m1", base + 5000)).join();
        store.append(at(direct, patient, "张三", "m2", base + 5001)).join();
        ChatMessage custom = new ChatMessage(direct, 0, patient, "张三", "rx.card", "", "{\"a\":1}", "m3", base + 5002,
                "a prescription", 2);
        store.append(custom).join();
        ConversationEntry d = desk().conversations(doctor, null, null, 10).get(0);
        assertEquals("the peer's display name from their signed name", "张三", d.name());
        assertEquals(3, d.lastMid());
        assertEquals(3, d.unread());
        assertEquals(store.unreadCount(direct, doctor), d.unread());
        assertEquals("rx.card", d.last().type());
        assertEquals("a prescription", d.last().fallbackText());
        assertEquals(patient, d.last().sender());
        assertEquals(base + 5002, d.activity());
        ConversationEntry mine = desk().conversations(patient, null, null, 10).get(0);
        assertEquals("the patient sees the doctor's pin until the doctor writes", "doctor", mine.name());
        assertEquals(0, mine.unread());

        store.markRead(direct, doctor, 2).join();
        assertEquals(1, desk().conversations(doctor, List.of(direct)).get(0).unread());
        store.append(at(direct, doctor, "Dr. Wang", "r1", base + 6000)).join();
        assertEquals("Dr. Wang", desk().conversations(patient, List.of(direct)).get(0).name());
        assertEquals("张三", desk().conversations(doctor, List.of(direct)).get(0).name());
        assertEquals(0, desk().conversations(doctor, List.of(direct)).get(0).unread());
        assertEquals(1, desk().conversations(patient, List.of(direct)).get(0).unread());

        assertEquals(MessageStore.RecallOutcome.RECALLED, store.recall(direct, 4, doctor, base + 6001, 60_000).join().outcome());
        ConversationEntry recalled = desk().conversations(patient, List.of(direct)).get(0);
        assertTrue(recalled.last().recalled());
        assertEquals(0, recalled.unread());
        assertEquals("a recall does not move the conversation", base + 6000, recalled.activity());

        GroupSpec s = new GroupSpec("Cardiology", null, null, null, null, null, "https://a/av.png", null, null, 10,
                null, null, List.of(new Member(doctor, null, 0)));
        Group g = store.createGroup(patient, s);
        ConversationEntry group = desk().conversations(doctor, List.of(g.gid(), direct)).stream()
                .filter(x -> x.gid() == g.gid()).findFirst().orElseThrow();
        assertFalse(group.direct());
        assertEquals("Cardiology", group.name());
        assertEquals("https://a/av.png", group.avatar());
        assertNull(group.peer());
        assertTrue("a new group's activity is its creation", group.activity() >= g.createdAt());
        assertEquals(List.of(direct, g.gid()), gids(desk().conversations(doctor, null, null, 5)));
    }

    @Test
    public void aPeerWhoseNameIsKnownIsNamedBeforeTheyWrite() {
        UserId patient = new UserId("patient-7", "app");
        store.recordName(patient, "Li Na");
        long direct = store.findOrCreateDirect(doctor, patient);
        ConversationEntry e = desk().conversations(doctor, List.of(direct)).get(0);
        assertEquals("the name from their last token, not the pin", "Li Na", e.name());
        assertEquals(List.of(direct), gids(desk().conversations(doctor, null, "li", 10)));
        assertEquals("the doctor has no recorded name: the patient sees the pin", "doctor",
                desk().conversations(patient, List.of(direct)).get(0).name());
    }

    @Test
    public void onlyTheUsersOwnConversationsAreListed() {
        UserId a = new UserId("a", "app");
        UserId b = new UserId("b", "app");
        long ab = store.findOrCreateDirect(a, b);
        long da = store.findOrCreateDirect(doctor, a);
        store.append(at(ab, a, null, "x", base)).join();
        assertEquals(List.of(da), gids(desk().conversations(doctor, null, null, 10)));
        assertTrue("a gid the user is not in reads as nothing", desk().conversations(doctor, List.of(ab)).isEmpty());
        assertTrue(desk().conversations(new UserId("doctor", "other-app"), null, null, 10).isEmpty());
        assertTrue(desk().conversations(doctor, List.of(999_999L)).isEmpty());
    }

    /** A pusher's tick reads several users at once: the same entries as one by one, every user asked answered. */
    @Test
    public void manyUsersReadTogetherGetWhatEachWouldReadAlone() {
        UserId a = new UserId("a", "app");
        UserId b = new UserId("b", "app");
        UserId stranger = new UserId("doctor", "other-app");
        long ab = store.findOrCreateDirect(a, b);
        long da = store.findOrCreateDirect(doctor, a);
        Group g = store.createGroup(doctor, new GroupSpec("Ward", null, null, null, null, null, null, null, null, 10,
                null, null, List.of(new Member(a, null, 0), new Member(b, null, 0))));
        store.append(at(ab, a, "Ann", "x", base)).join();
        store.append(at(g.gid(), b, null, "y", base + 1)).join();
        store.append(at(da, doctor, "Dr", "z", base + 2)).join();
        Map<UserId, List<Long>> due = new LinkedHashMap<>();
        due.put(b, List.of(ab, g.gid()));
        due.put(stranger, List.of(da));
        due.put(doctor, List.of(da, ab, g.gid())); // ab: not the doctor's
        due.put(a, List.of(ab));
        Map<UserId, List<ConversationEntry>> got = desk().conversationsOf(due);
        assertEquals("every user asked, in the order asked", List.copyOf(due.keySet()), List.copyOf(got.keySet()));
        for (Map.Entry<UserId, List<Long>> e : due.entrySet()) {
            Comparator<ConversationEntry> byGid = Comparator.comparingLong(ConversationEntry::gid);
            List<ConversationEntry> alone = new ArrayList<>(desk().conversations(e.getKey(), e.getValue()));
            List<ConversationEntry> together = new ArrayList<>(got.get(e.getKey()));
            alone.sort(byGid);
            together.sort(byGid);
            assertEquals(e.getKey().toString(), alone, together);
        }
        assertTrue(got.get(stranger).isEmpty());
        assertEquals(2, got.get(doctor).size());
        assertEquals("Ann", got.get(b).stream().filter(x -> x.gid() == ab).findFirst().orElseThrow().name());
        assertEquals(1, got.get(b).stream().filter(x -> x.gid() == ab).findFirst().orElseThrow().unread());
    }

    @Test
    public void filterMatchesANamePrefixInEitherCaseOrAPinPrefix() {
        String[][] people = {{"p-anna", "Anna Li"}, {"p-andrew", "andrew"}, {"x-bob", "Bob"}, {"an-pin", "Zed"},
                {"p-zh", "张三丰"}, {"p-zh2", "张伟"}};
        long time = base;
        for (String[] p : people) {
            UserId u = new UserId(p[0], "app");
            long gid = store.findOrCreateDirect(doctor, u);
            store.append(at(gid, u, p[1], "c-" + p[0], time++)).join();
        }
        Group g = store.createGroup(doctor, new GroupSpec("Anaesthesia team", null, null, null, null, null, null, null,
                null, 10, null, null, List.of()));
        assertEquals(List.of("Zed", "andrew", "Anna Li", "Anaesthesia team"), names(desk().conversations(doctor, null, "an", 10)));
        assertEquals("names in either case, pins in their own case", List.of("andrew", "Anna Li", "Anaesthesia team"),
                names(desk().conversations(doctor, null, "AN", 10)));
        assertEquals("a pin prefix (exact case)", List.of("andrew", "Anna Li"),
                names(desk().conversations(doctor, null, "p-an", 10)));
        assertEquals(List.of("张伟", "张三丰"), names(desk().conversations(doctor, null, "张", 10)));
        assertEquals(List.of("张三丰"), names(desk().conversations(doctor, null, "张三", 10)));
        assertTrue(desk().conversations(doctor, null, "nobody", 10).isEmpty());
        assertTrue("% and _ are plain characters", desk().conversations(doctor, null, "%", 10).isEmpty());
        assertEquals("filtered pages", List.of("Zed", "andrew", "Anna Li", "Anaesthesia team"), names(all(doctor, "an", 1)));
        store.updateGroup(g.gid(), doctor, new GroupSpec("Surgery", null, null, null, null, null, null, null, null,
                null, null, null, List.of()));
        assertEquals("a rename moves the group out of the filter", List.of("Zed", "andrew", "Anna Li"),
                names(desk().conversations(doctor, null, "an", 10)));
        assertEquals(List.of("Surgery"), names(desk().conversations(doctor, null, "s", 10)));
    }

    @Test
    public void aNewMemberSeesTheGroupAndTheListSurvivesAReopen() throws Exception {
        UserId nurse = new UserId("nurse", "app");
        Group g = store.createGroup(doctor, new GroupSpec("Ward 3", null, null, null, null, null, null, null, null,
                10, null, null, List.of()));
        store.append(at(g.gid(), doctor, "Dr", "w1", base)).join();
        assertTrue(desk().conversations(nurse, null, null, 10).isEmpty());
        store.updateGroup(g.gid(), doctor, new GroupSpec(null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(new Member(nurse, null, 0))));
        ConversationEntry e = desk().conversations(nurse, null, null, 10).get(0);
        assertEquals("Ward 3", e.name());
        assertEquals(1, e.unread());
        assertEquals(1, e.lastMid());
        List<ConversationEntry> before = desk().conversations(doctor, null, null, 10);
        store.close();
        store = reopen();
        assertEquals(before, desk().conversations(doctor, null, null, 10));
        assertEquals(List.of("Ward 3"), names(desk().conversations(nurse, null, "ward", 10)));
    }

    private static List<String> names(List<ConversationEntry> list) {
        List<String> out = new ArrayList<>();
        for (ConversationEntry e : list) {
            out.add(e.name());
        }
        Set<Long> seen = new HashSet<>();
        for (ConversationEntry e : list) {
            assertTrue("no duplicates", seen.add(e.gid()));
        }
        return out;
    }
}
