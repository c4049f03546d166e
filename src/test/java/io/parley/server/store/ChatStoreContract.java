package io.parley.server.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.parley.protocol.Limits;
import io.parley.server.auth.UserId;
import io.parley.server.store.MessageStore.Appended;
import io.parley.server.store.MessageStore.ForwardPage;
import io.parley.server.store.MessageStore.HistoryWindow;
import io.parley.server.store.MessageStore.Recall;
import io.parley.server.store.MessageStore.RecallOutcome;
import io.parley.server.store.ReadStateStore.ReadCursor;
import io.parley.server.store.ReadStateStore.ReadMove;
import io.parley.server.store.ReadStateStore.Unread;

/**
 * What every {@link ChatStore} must do, run against a real database by each implementation's
 * subclass: atomic appends with gapless mids and de-duplication, every field read back, paging
 * edges, recall outcomes, read cursors and incrementally kept unread counts (checked against what a
 * recount would say), all of it surviving a reopen.
 */
public abstract class ChatStoreContract {
    protected ChatStore store;
    protected final UserId alice = new UserId("alice", "app");
    protected final UserId bob = new UserId("bob", "app");
    protected final UserId carol = new UserId("carol", "app");

    /** A store on a fresh, empty database. */
    protected abstract ChatStore openFresh() throws Exception;

    /** Closes store and opens the same database again. */
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

    protected static GroupSpec spec(String name, Integer max, Member... invitees) {
        return new GroupSpec(name, null, null, null, null, null, null, null, null, max, null, null, List.of(invitees));
    }

    protected static ChatMessage draft(long gid, UserId from, String clientMsgId) {
        return new ChatMessage(gid, 0, from, from.pin() + "-nick", "text", "hi " + clientMsgId, null, clientMsgId,
                System.currentTimeMillis());
    }

    protected Appended send(long gid, UserId from, String clientMsgId) {
        return store.append(draft(gid, from, clientMsgId)).join();
    }

    private static Member member(UserId u, String nick) {
        return new Member(u, nick, 0);
    }

    // ---- groups ----

    @Test
    public void createdGroupReadsBackEveryField() {
        GroupSpec s = new GroupSpec("Team", "boss", "intro text", "notice text", "free", "S1", "https://a/av.png",
                "come in", 1, 50, 512, "{\"k\":1}", List.of(member(bob, "bobby"), member(carol, null), member(bob, "x")));
        long before = System.currentTimeMillis();
        Group g = store.createGroup(alice, s);
        Group found = store.findGroup(g.gid()).orElseThrow();
        assertEquals(g, found);
        assertEquals("Team", found.name());
        assertEquals("boss", found.nickName());
        assertEquals("intro text", found.intro());
        assertEquals("notice text", found.notice());
        assertEquals("free", found.approvalRule());
        assertEquals("S1", found.sCode());
        assertEquals("https://a/av.png", found.avatar());
        assertEquals("come in", found.invitation());
        assertEquals(1, found.canSearch());
        assertEquals(50, found.max());
        assertEquals(512, found.groupKind());
        assertEquals("{\"k\":1}", found.bizExt());
        assertEquals(alice, found.owner());
        assertEquals(0, found.lastMid());
        assertEquals(Group.KIND_GROUP, found.kind());
        assertFalse(found.isDirect());
        assertTrue(found.createdAt() >= before && found.updatedAt() >= before);
        List<Member> ms = store.members(g.gid());
        assertEquals(List.of(alice, bob, carol), ms.stream().map(Member::user).toList());
        assertEquals("boss", ms.get(0).nickName());
        assertEquals("bobby", ms.get(1).nickName()); // the first mention of a repeated invitee wins
        assertNull(ms.get(2).nickName());
        assertEquals("carol", ms.get(2).displayName());
        assertEquals("bobby", store.findMember(g.gid(), bob).orElseThrow().nickName());
        assertTrue(store.findMember(g.gid(), new UserId("dave", "app")).isEmpty());
    }

    /** A token's name (recordName) names the user in every membership, old and new, and survives a reopen. */
    @Test
    public void aRecordedNameNamesTheUserInEveryMembershipOldAndNew() throws Exception {
        long g = store.createGroup(alice, spec("g", 5, new Member(bob, null, 0))).gid();
        long direct = store.findOrCreateDirect(alice, bob);
        assertEquals("bob", store.findMember(g, bob).orElseThrow().displayName()); // cached before the change
        store.recordName(bob, "Dr. Bob");
        assertEquals("Dr. Bob", store.findMember(g, bob).orElseThrow().nickName());
        assertEquals("Dr. Bob", store.members(direct).get(1).nickName());
        assertNull(store.findMember(g, alice).orElseThrow().nickName()); // others keep theirs
        // memberships made later start with it: an invitation, a one-to-one chat, a group update
        long later = store.createGroup(carol, spec("h", 5, new Member(bob, null, 0))).gid();
        assertEquals("Dr. Bob", store.findMember(later, bob).orElseThrow().nickName());
        assertEquals("Dr. Bob", store.members(store.findOrCreateDirect(carol, bob)).stream()
                .filter(m -> m.user().equals(bob)).findFirst().orElseThrow().nickName());
        long third = store.createGroup(alice, spec("i", 5)).gid();
        store.updateGroup(third, alice, spec(null, null, new Member(bob, null, 0)));
        assertEquals("Dr. Bob", store.findMember(third, bob).orElseThrow().nickName());
        // a new name replaces it everywhere; the same name again changes nothing
        store.recordName(bob, "Bob B.");
        store.recordName(bob, "Bob B.");
        for (long gid : new long[] {g, direct, later, third}) {
            assertEquals("Bob B.", store.findMember(gid, bob).orElseThrow().nickName());
        }
        store = reopen();
        assertEquals("Bob B.", store.findMember(g, bob).orElseThrow().nickName());
        assertEquals("Bob B.", store.findMember(store.createGroup(alice, spec("j", 5, new Member(bob, null, 0))).gid(), bob)
                .orElseThrow().nickName());
    }

    @Test
    public void groupDefaults() {
        Group g = store.createGroup(alice, spec("g", null));
        assertEquals(Limits.DEFAULT_GROUP_MAX, g.max());
        assertEquals(0, g.canSearch());
        assertEquals(1024, g.groupKind());
        assertNull(g.bizExt());
        assertNull(g.intro());
        assertEquals(1, store.members(g.gid()).size());
    }

    @Test
    public void unknownIdsFindNothing() {
        assertTrue(store.findGroup(999).isEmpty());
        assertTrue(store.members(999).isEmpty());
        assertTrue(store.findMember(999, alice).isEmpty());
        assertTrue(store.findMessage(999, 1).isEmpty());
        assertTrue(store.updateGroup(999, alice, spec("x", null)).isEmpty());
        assertEquals(0, store.page(999, -1, 10).msgs().size());
        assertFalse(store.markRead(999, alice, 5).join().moved());
    }

    @Test
    public void aConversationAskedForBeforeItExistsHasItsMembersOnceCreated() {
        long g = store.createGroup(alice, spec("g", 5)).gid();
        long next = g + 1;
        assertTrue(store.members(next).isEmpty());
        assertTrue(store.findMember(next, alice).isEmpty());
        long direct = store.findOrCreateDirect(alice, bob);
        assertEquals(next, direct);
        assertEquals(List.of(alice, bob), store.members(direct).stream().map(Member::user).toList());
        assertTrue(store.findMember(direct, bob).isPresent());
        assertTrue(store.members(direct + 1).isEmpty());
        long group = store.createGroup(bob, spec("h", 5, member(carol, null))).gid();
        assertEquals(direct + 1, group);
        assertEquals(List.of(bob, carol), store.members(group).stream().map(Member::user).toList());
    }

    @Test
    public void groupFullStoresNothing() {
        try {
            store.createGroup(alice, spec("g", 1, member(bob, null)));
            fail("expected GroupFullException");
        } catch (GroupFullException e) {
            assertEquals(1, e.max());
            assertEquals(2, e.wanted());
        }
        long gid = store.createGroup(alice, spec("g", 2)).gid();
        try {
            store.updateGroup(gid, alice, spec("renamed", null, member(bob, null), member(carol, null)));
            fail("expected GroupFullException");
        } catch (GroupFullException e) {
            assertEquals(gid, e.gid());
            assertEquals(2, e.max());
            assertEquals(3, e.wanted());
        }
        assertEquals("g", store.findGroup(gid).orElseThrow().name());
        assertEquals(1, store.members(gid).size());
    }

    @Test
    public void aGroupMayBeExactlyFull() {
        long gid = store.createGroup(alice, spec("g", 2, member(bob, null))).gid();
        assertEquals(2, store.members(gid).size());
        Group g = store.createGroup(alice, spec("h", 3, member(bob, null)));
        assertTrue(store.updateGroup(g.gid(), alice, spec(null, null, member(carol, null))).isPresent());
        assertEquals(3, store.members(g.gid()).size());
    }

    @Test
    public void updateReplacesEveryGivenField() throws Exception {
        Group g = store.createGroup(alice, new GroupSpec("g", "boss", "i", "n", "r", "s", "a", "inv", 0, 10, 1024,
                "{}", List.of()));
        Thread.sleep(5); // a later updatedAt
        Group u = store.updateGroup(g.gid(), alice, new GroupSpec("G2", "B2", "I2", "N2", "R2", "S2", "A2", "INV2", 1,
                11, 512, "{\"v\":2}", List.of())).orElseThrow();
        assertEquals(List.of("G2", "B2", "I2", "N2", "R2", "S2", "A2", "INV2"), List.of(u.name(), u.nickName(),
                u.intro(), u.notice(), u.approvalRule(), u.sCode(), u.avatar(), u.invitation()));
        assertEquals(1, u.canSearch());
        assertEquals(11, u.max());
        assertEquals(512, u.groupKind());
        assertEquals("{\"v\":2}", u.bizExt());
        assertEquals(g.createdAt(), u.createdAt());
        assertTrue(u.updatedAt() > g.updatedAt());
        assertEquals(u, store.findGroup(g.gid()).orElseThrow());
        assertEquals("B2", store.findMember(g.gid(), alice).orElseThrow().nickName());
    }

    @Test
    public void updateChangesOnlyGivenFieldsAndAddsMembers() throws Exception {
        Group g = store.createGroup(alice, new GroupSpec("g", "boss", "i", "n", "r", "s", "a", "inv", 0, 10, 1024,
                "{}", List.of(member(bob, "b"))));
        long gid = g.gid();
        assertTrue(store.members(gid).size() == 2); // cached now: the update must invalidate it
        Group u = store.updateGroup(gid, alice, new GroupSpec(null, "chief", null, "new notice", null, null, null,
                null, 1, 20, 512, "{\"x\":2}", List.of(member(bob, "ignored"), member(carol, "c")))).orElseThrow();
        assertEquals("g", u.name());
        assertEquals("new notice", u.notice());
        assertEquals("i", u.intro());
        assertEquals("r", u.approvalRule());
        assertEquals("s", u.sCode());
        assertEquals("a", u.avatar());
        assertEquals("inv", u.invitation());
        assertEquals(1, u.canSearch());
        assertEquals(20, u.max());
        assertEquals(512, u.groupKind());
        assertEquals("{\"x\":2}", u.bizExt());
        assertTrue(u.updatedAt() >= g.updatedAt());
        List<Member> ms = store.members(gid);
        assertEquals(List.of(alice, bob, carol), ms.stream().map(Member::user).toList());
        assertEquals("chief", ms.get(0).nickName());
        assertEquals("b", ms.get(1).nickName());
        assertEquals("c", store.findMember(gid, carol).orElseThrow().nickName());
        Group same = store.updateGroup(gid, alice, spec(null, null)).orElseThrow();
        assertEquals(20, same.max());
        assertEquals(1, same.canSearch());
        assertEquals(512, same.groupKind());
    }

    @Test
    public void directConversationIsSymmetricAndUnique() {
        long ab = store.findOrCreateDirect(alice, bob);
        assertEquals(ab, store.findOrCreateDirect(bob, alice));
        assertEquals(ab, store.findOrCreateDirect(alice, bob));
        Group g = store.findGroup(ab).orElseThrow();
        assertTrue(g.isDirect());
        assertEquals(2, g.max());
        assertEquals(List.of(alice, bob), store.members(ab).stream().map(Member::user).toList());
        long x = store.findOrCreateDirect(new UserId("a|b", "c"), new UserId("d", "e"));
        long y = store.findOrCreateDirect(new UserId("a", "b|c"), new UserId("d", "e"));
        assertNotEquals(x, y);
        assertNotEquals(ab, store.findOrCreateDirect(alice, carol));
    }

    // ---- messages ----

    @Test
    public void appendReadsBackEveryField() {
        long gid = store.findOrCreateDirect(alice, bob);
        ChatMessage custom = new ChatMessage(gid, 0, alice, "Ally", "order.card", "", "{\"id\":7}", "c1", 1234L,
                "an order", 3);
        Appended a = store.append(custom).join();
        assertFalse(a.duplicate());
        assertEquals(custom.withMid(1), a.message());
        ChatMessage read = store.findMessage(gid, 1).orElseThrow();
        assertEquals(custom.withMid(1), read);
        assertEquals("Ally", read.senderNick());
        assertEquals("{\"id\":7}", read.payload());
        assertEquals("an order", read.fallbackText());
        assertEquals(3, read.version());
        assertEquals(1234L, read.timestamp());
        assertEquals(read, store.page(gid, -1, 5).msgs().get(0));
        assertEquals(read, store.after(gid, 0, 5).msgs().get(0));
        assertEquals(read, store.around(gid, 1, 5).msgs().get(0));
        assertEquals(1, store.findGroup(gid).orElseThrow().lastMid());
    }

    /** Text that array literals and SQL quoting must carry unchanged (PostgreSQL writes a batch through arrays). */
    @Test
    public void awkwardTextReadsBackUnchanged() {
        long gid = store.findOrCreateDirect(alice, bob);
        String[] texts = {"NULL", "null", "", " ", "{\"a\",\"b\"}", "a,b", "back\\slash \\\"q\\\"", "it's \"quoted\"",
            "{}", "{NULL}", "line\nbreak\ttab", "\u00e9\u4e2d\ud83d\ude00", "); DROP TABLE messages; --"};
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            ChatMessage m = new ChatMessage(gid, 0, alice, i % 2 == 0 ? t : null, "text", t, i % 3 == 0 ? null : t,
                    t + "#" + i, 1000 + i, i % 2 == 1 ? t : null, 1);
            Appended a = store.append(m).join();
            assertEquals(m.withMid(i + 1), a.message());
            assertEquals(m.withMid(i + 1), store.findMessage(gid, i + 1).orElseThrow());
        }
        Appended again = store.append(new ChatMessage(gid, 0, alice, null, "text", "x", null, texts[4] + "#4", 1)).join();
        assertTrue("a client id with quotes and braces still deduplicates", again.duplicate());
        assertEquals(5, again.message().mid());
        assertEquals(texts.length, store.page(gid, -1, 1).total());
    }

    @Test
    public void concurrentAppendsGetGaplessIncreasingMids() throws Exception {
        long gid = store.createGroup(alice, spec("g", 10, member(bob, null))).gid();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "c" + i;
            UserId from = i % 2 == 0 ? alice : bob;
            futures.add(pool.submit(() -> send(gid, from, id).message().mid()));
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
        Appended first = send(gid, alice, "x");
        ChatMessage retry = new ChatMessage(gid, 0, alice, null, "text", "different text", null, "x", 1);
        Appended again = store.append(retry).join();
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.message(), again.message());
        assertTrue(again.unread().isEmpty());
        assertEquals(1, store.page(gid, -1, 10).total());
        assertEquals(1, store.unreadCount(gid, bob));
        // the same clientMsgId from another sender is a different message
        Appended other = send(gid, bob, "x");
        assertFalse(other.duplicate());
        assertEquals(2, other.message().mid());
    }

    @Test
    public void appendToAnUnknownConversationFailsAndStoresNothing() {
        try {
            send(4242, alice, "x");
            fail("expected a failure");
        } catch (CompletionException expected) {
            // the future failed
        }
        long gid = store.findOrCreateDirect(alice, bob);
        assertEquals(1, send(gid, alice, "x").message().mid()); // the clientMsgId was not taken
    }

    @Test
    public void pagingEdges() {
        long gid = store.findOrCreateDirect(alice, bob);
        HistoryPage empty = store.page(gid, -1, 10);
        assertEquals(0, empty.msgs().size());
        assertEquals(0, empty.total());
        assertTrue(empty.end());
        for (int i = 0; i < 5; i++) {
            send(gid, alice, "m" + i);
        }
        HistoryPage p = store.page(gid, -1, 5); // exactly count remain
        assertEquals(5, p.msgs().size());
        assertEquals(5, p.total());
        assertTrue(p.end());
        assertEquals(5, p.msgs().get(0).mid());
        HistoryPage four = store.page(gid, -1, 4);
        assertEquals(4, four.msgs().size());
        assertFalse(four.end());
        HistoryPage q = store.page(gid, 5, 2);
        assertEquals(List.of(4L, 3L), List.of(q.msgs().get(0).mid(), q.msgs().get(1).mid()));
        assertFalse(q.end());
        HistoryPage none = store.page(gid, 1, 5);
        assertTrue(none.msgs().isEmpty());
        assertTrue(none.end());
        assertTrue(store.page(gid, 0, 5).msgs().isEmpty()); // only -1 means "the newest"
        HistoryPage last = store.page(gid, 3, 2); // mids 2 and 1: exactly count remain
        assertEquals(List.of(2L, 1L), last.msgs().stream().map(ChatMessage::mid).toList());
        assertTrue(last.end());
    }

    @Test
    public void forwardPagesAndWindows() {
        long gid = store.findOrCreateDirect(alice, bob);
        for (int i = 0; i < 10; i++) {
            send(gid, alice, "m" + i);
        }
        ForwardPage f = store.after(gid, 3, 3);
        assertEquals(List.of(4L, 5L, 6L), f.msgs().stream().map(ChatMessage::mid).toList());
        assertFalse(f.end());
        assertEquals(10, f.lastMid());
        assertEquals(10, f.total());
        ForwardPage tail = store.after(gid, 7, 3); // exactly count remain
        assertEquals(List.of(8L, 9L, 10L), tail.msgs().stream().map(ChatMessage::mid).toList());
        assertTrue(tail.end());
        assertTrue(store.after(gid, 10, 3).msgs().isEmpty());

        HistoryWindow w = store.around(gid, 5, 4);
        assertEquals(List.of(3L, 4L, 5L, 6L), w.msgs().stream().map(ChatMessage::mid).toList());
        assertFalse(w.endBefore());
        assertFalse(w.endAfter());
        assertEquals(10, w.total());
        HistoryWindow start = store.around(gid, 1, 4);
        assertEquals(List.of(1L, 2L, 3L, 4L), start.msgs().stream().map(ChatMessage::mid).toList());
        assertTrue(start.endBefore());
        assertFalse(start.endAfter());
        HistoryWindow end = store.around(gid, 10, 4);
        assertEquals(List.of(7L, 8L, 9L, 10L), end.msgs().stream().map(ChatMessage::mid).toList());
        assertFalse(end.endBefore());
        assertTrue(end.endAfter());
        HistoryWindow all = store.around(gid, 5, 10);
        assertEquals(10, all.msgs().size());
        assertTrue(all.endBefore());
        assertTrue(all.endAfter());
    }

    // ---- recall ----

    @Test
    public void recallOutcomes() {
        long gid = store.findOrCreateDirect(alice, bob);
        ChatMessage sent = store.append(new ChatMessage(gid, 0, alice, "A", "order.card", "", "{\"id\":1}", "r1",
                1000L, "fallback", 2)).join().message();
        assertEquals(RecallOutcome.NO_SUCH_MESSAGE, store.recall(gid, 9, alice, 1000L, 10).join().outcome());
        assertEquals(RecallOutcome.NOT_SENDER, store.recall(gid, 1, bob, 1000L, 10).join().outcome());
        assertEquals(RecallOutcome.WINDOW_PASSED, store.recall(gid, 1, alice, 1011L, 10).join().outcome());
        assertEquals(sent, store.findMessage(gid, 1).orElseThrow());
        assertEquals(1, store.unreadCount(gid, bob));
        Recall r = store.recall(gid, 1, alice, 1010L, 10).join(); // exactly at the window's end
        assertEquals(RecallOutcome.RECALLED, r.outcome());
        assertEquals(sent, r.message());
        assertEquals(List.of(new UnreadChange(bob, gid, 0, 0)), r.unread());
        ChatMessage marker = store.findMessage(gid, 1).orElseThrow();
        assertTrue(marker.recalled());
        assertEquals("recall", marker.type());
        assertEquals("", marker.content());
        assertNull(marker.payload());
        assertNull(marker.fallbackText());
        assertEquals("r1", marker.clientMsgId());
        assertEquals(0, store.unreadCount(gid, bob));
        assertEquals(RecallOutcome.ALREADY_RECALLED, store.recall(gid, 1, alice, 999_999L, 10).join().outcome());
        assertEquals(1, store.page(gid, -1, 10).total()); // a recalled message still counts in the total
    }

    @Test
    public void recallOfAReadMessageLeavesUnreadAlone() {
        long gid = store.createGroup(alice, spec("g", 5, member(bob, null), member(carol, null))).gid();
        long now = System.currentTimeMillis();
        send(gid, alice, "a1");
        send(gid, alice, "a2");
        store.markRead(gid, bob, 1).join();
        assertEquals(1, store.unreadCount(gid, bob));
        assertEquals(2, store.unreadCount(gid, carol));
        Recall r = store.recall(gid, 1, alice, now, 60_000).join();
        assertEquals(RecallOutcome.RECALLED, r.outcome());
        assertEquals(1, store.unreadCount(gid, bob)); // had read it
        assertEquals(1, store.unreadCount(gid, carol));
        assertEquals(List.of(carol), r.unread().stream().map(UnreadChange::user).toList());
        assertEquals(0, store.unreadCount(gid, alice));
    }

    // ---- read cursors and unread ----

    @Test
    public void readCursorsMoveForwardOnly() {
        long gid = store.createGroup(alice, spec("g", 5, member(bob, "B"))).gid();
        for (int i = 0; i < 5; i++) {
            send(gid, alice, "m" + i);
        }
        assertEquals(5, store.readCursor(gid, alice)); // sending implies having read
        assertEquals(0, store.readCursor(gid, bob));
        ReadMove m = store.markRead(gid, bob, 3).join();
        assertTrue(m.moved());
        assertEquals(3, m.cursor());
        assertEquals(List.of(new UnreadChange(bob, gid, 2, 2)), m.unread());
        ReadMove back = store.markRead(gid, bob, 2).join();
        assertFalse(back.moved());
        assertEquals(3, back.cursor());
        assertFalse(store.markRead(gid, bob, 3).join().moved());
        ReadMove far = store.markRead(gid, bob, 99).join(); // clamped to the last mid
        assertEquals(5, far.cursor());
        assertEquals(0, store.unreadCount(gid, bob));
        List<ReadCursor> state = store.readState(gid);
        assertEquals(2, state.size());
        assertEquals(alice, state.get(0).member().user());
        assertEquals(5, state.get(0).lastReadMid());
        assertEquals("B", state.get(1).member().nickName());
        assertEquals(5, state.get(1).lastReadMid());
    }

    @Test
    public void unreadCountsFollowMessagesReadsAndRecalls() throws Exception {
        long direct = store.findOrCreateDirect(alice, bob);
        long group = store.createGroup(carol, spec("g", 5, member(bob, null), member(alice, null))).gid();
        Appended a = send(direct, alice, "d1");
        assertEquals(List.of(new UnreadChange(bob, direct, 1, 1)), a.unread());
        send(direct, alice, "d2");
        send(group, carol, "g1");
        send(group, alice, "g2");
        assertEquals(2, store.unreadCount(direct, bob));
        assertEquals(2, store.unreadCount(group, bob));
        assertEquals(4, store.unreadTotal(bob));
        assertEquals(new UnreadChange(bob, direct, 2, 4), store.unreadNow(direct, bob));
        assertEquals(new UnreadChange(carol, group, 1, 1), store.unreadNow(group, carol));
        assertEquals(new UnreadChange(new UserId("dave", "app"), group, 0, 0), store.unreadNow(group, new UserId("dave", "app"))); // not a member
        assertEquals(0, store.unreadCount(direct, alice));
        assertEquals(0, store.unreadCount(group, alice)); // alice's own send moved her cursor past g1
        assertEquals(0, store.unreadTotal(alice));
        assertEquals(1, store.unreadCount(group, carol));
        // bob answers: his own send reads everything before it
        Thread.sleep(5); // a later updated_at than the group's
        Appended reply = send(direct, bob, "d3");
        assertTrue(reply.unread().contains(new UnreadChange(bob, direct, 0, 2)));
        assertTrue(reply.unread().contains(new UnreadChange(alice, direct, 1, 1)));
        assertEquals(2, store.unreadTotal(bob));
        List<Unread> list = store.unread(bob);
        assertEquals(2, list.size());
        Unread first = list.get(0);
        Unread second = list.get(1);
        assertEquals(direct, first.gid()); // newest activity first
        assertEquals(0, first.count());
        assertEquals(3, first.lastMid());
        assertEquals(group, second.gid());
        assertEquals(2, second.count());
        assertEquals(2, second.lastMid());
        assertEquals(0, store.unreadCount(12345, bob));
    }

    @Test
    public void theSamePinInAnotherAppIsAnotherUser() {
        UserId otherAlice = new UserId("alice", "other");
        long gid = store.createGroup(alice, spec("g", 5, member(bob, null), member(otherAlice, null))).gid();
        for (int i = 0; i < 3; i++) {
            send(gid, alice, "a" + i);
        }
        assertEquals(3, store.unreadCount(gid, otherAlice));
        assertEquals(0, store.unreadCount(gid, alice));
        assertEquals(2, store.markRead(gid, bob, 1).join().unread().get(0).count());
        ReadMove m = store.markRead(gid, otherAlice, 1).join();
        assertEquals(List.of(new UnreadChange(otherAlice, gid, 2, 2)), m.unread());
        assertEquals(2, store.unreadCount(gid, otherAlice));
        assertEquals(0, store.readCursor(gid, new UserId("alice", "third")));
        assertEquals(1, store.readCursor(gid, otherAlice));
        assertEquals(3, store.readCursor(gid, alice));
    }

    @Test
    public void aNewMemberHasTheEarlierMessagesUnread() {
        long gid = store.createGroup(alice, spec("g", 5, member(bob, null))).gid();
        send(gid, alice, "1");
        send(gid, bob, "2");
        store.updateGroup(gid, alice, spec(null, null, member(carol, null)));
        assertEquals(2, store.unreadCount(gid, carol));
        send(gid, alice, "3");
        assertEquals(3, store.unreadCount(gid, carol));
        assertEquals(3, store.unreadTotal(carol));
    }

    @Test
    public void aBurstOfAThousandIsCountedExactly() throws Exception {
        long direct = store.findOrCreateDirect(alice, bob);
        long group = store.createGroup(alice, spec("g", 5, member(bob, null), member(carol, null))).gid();
        List<CompletableFuture<Appended>> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) { // not waiting for each: the writer batches them
            UserId from = i % 10 == 9 ? bob : alice;
            all.add(store.append(draft(i % 2 == 0 ? direct : group, from, "b" + i)));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        // direct: 500 messages, bob sent i=9,19,... only with i odd (group), so all 500 are alice's
        assertEquals(500, store.unreadCount(direct, bob));
        // group: bob's last send is i=999; nothing after it
        assertEquals(0, store.unreadCount(group, bob));
        assertEquals(500, store.unreadTotal(bob));
        // alice's last send in the group is i=997; bob's 999 came after it
        assertEquals(1, store.unreadCount(group, alice));
        assertEquals(500, store.unreadCount(group, carol));
        assertEquals(500, store.page(group, -1, 1).total());
        assertEquals(500, store.findGroup(group).orElseThrow().lastMid());
        assertEquals(500, store.findGroup(direct).orElseThrow().lastMid());
        assertEquals(500, store.after(direct, 0, 1).lastMid());
        store.close();
        store = reopen();
        assertEquals(500, store.unreadCount(direct, bob));
        assertEquals(1, store.unreadCount(group, alice));
        assertEquals(500, store.unreadTotal(carol));
        assertEquals(501, send(group, carol, "after").message().mid()); // the sequencer is seeded from storage
        assertEquals(2, store.unreadCount(group, alice));
    }

    @Test
    public void everythingSurvivesAReopen() throws Exception {
        String epoch = store.epoch();
        assertTrue(epoch, epoch.matches("[0-9a-f]{32}"));
        long gid = store.findOrCreateDirect(alice, bob);
        send(gid, alice, "1");
        send(gid, alice, "2");
        store.markRead(gid, bob, 1).join();
        store.close();
        store = reopen();
        assertEquals(epoch, store.epoch());
        assertEquals(gid, store.findOrCreateDirect(bob, alice));
        assertEquals(1, store.readCursor(gid, bob));
        assertEquals(1, store.unreadCount(gid, bob));
        assertEquals(3, send(gid, alice, "3").message().mid());
        assertTrue(send(gid, alice, "1").duplicate());
        assertEquals(2, store.unreadCount(gid, bob));
    }

    @Test
    public void unreadStatesOfManyPairsAreReadTogetherInTheOrderAsked() {
        long direct = store.findOrCreateDirect(alice, bob);
        long group = store.createGroup(alice, spec("g", 5, new Member(bob, null, 0), new Member(carol, null, 0))).gid();
        send(direct, alice, "d1");
        send(direct, alice, "d2");
        send(group, alice, "g1");
        send(group, bob, "g2");
        UserId stranger = new UserId("nobody", "app");
        List<ReadStateStore.UnreadKey> keys = List.of(new ReadStateStore.UnreadKey(carol, group),
                new ReadStateStore.UnreadKey(bob, direct), new ReadStateStore.UnreadKey(bob, group),
                new ReadStateStore.UnreadKey(alice, group), new ReadStateStore.UnreadKey(stranger, group));
        List<UnreadChange> got = store.unreadNow(keys);
        assertEquals(keys.size(), got.size());
        for (int i = 0; i < keys.size(); i++) {
            ReadStateStore.UnreadKey k = keys.get(i);
            assertEquals(store.unreadNow(k.gid(), k.user()), got.get(i));
        }
        assertEquals(new UnreadChange(bob, direct, 2, 2), got.get(1));
        assertEquals(new UnreadChange(carol, group, 2, 2), got.get(0));
        assertEquals(new UnreadChange(stranger, group, 0, 0), got.get(4));
    }

    private static void assertNotNull(Object o) {
        assertTrue(o != null);
    }
}
