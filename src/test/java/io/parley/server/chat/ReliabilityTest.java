package io.parley.server.chat;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.protocol.ErrorCode;

/** Resume (sync, epoch), forward history, recall, read receipts, unread counts, typing, custom fallbacks. */
public class ReliabilityTest extends ServerTestBase {

    private static JsonNode req(TestClient c, String answer, Object... kv) throws InterruptedException {
        return c.request(TestClient.obj(kv), answer);
    }

    private static List<Long> mids(JsonNode result) {
        List<Long> out = new ArrayList<>();
        for (JsonNode m : result.path("msgs")) {
            out.add(m.path("mid").asLong());
        }
        return out;
    }

    private long groupWithMessages(TestClient alice, int n, String... invitees) throws Exception {
        long gid = createGroup(alice, "g", 10, invitees);
        for (int i = 1; i <= n; i++) {
            sendToGroup(alice, gid, "m" + i, "message " + i);
        }
        return gid;
    }

    // ---- epoch, sync ----

    @Test
    public void authOkCarriesEpochAndPingInterval() throws Exception {
        TestClient c = connect();
        JsonNode ok = c.request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
        String epoch = ok.path("epoch").asText();
        assertEquals(32, epoch.length());
        assertEquals(ok.path("heartbeatMs").asLong(), ok.path("pingMs").asLong());

        restart(server.config().toBuilder().port(0).build());
        TestClient again = connect();
        JsonNode ok2 = again.request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
        assertEquals("same database, same epoch", epoch, ok2.path("epoch").asText());

        Path other = tmp.newFolder("other-data").toPath();
        io.parley.testsupport.TestPostgres otherPg = pg == null ? null : io.parley.testsupport.TestPostgres.create();
        try {
            restart(server.config().toBuilder().port(0).dataDir(other).db(otherPg == null ? null : otherPg.url()).build());
            TestClient third = connect();
            JsonNode ok3 = third.request(authPacket("a", token("alice", APP), "alice", APP), "auth_ok");
            assertNotEquals("a new database has a new epoch", epoch, ok3.path("epoch").asText());
        } finally {
            if (otherPg != null) {
                server.stop();
                otherPg.close();
            }
        }
    }

    @Test
    public void syncReturnsEverythingAfterTheGivenMid() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        long gid = groupWithMessages(alice, 5, "bob");
        JsonNode r = req(bob, "sync_result", "type", "sync", "id", "s1", "gid", gid, "afterMid", 2);
        assertEquals("s1", r.path("id").asText());
        assertEquals(0, r.path("code").asInt());
        assertEquals(gid, r.path("gid").asLong());
        assertEquals(List.of(3L, 4L, 5L), mids(r));
        assertTrue(r.path("recovered").asBoolean());
        assertTrue(r.path("end").asBoolean());
        assertEquals(5, r.path("lastMid").asLong());
        assertEquals("message 3", r.path("msgs").get(0).path("content").asText());

        JsonNode upToDate = req(bob, "sync_result", "type", "sync", "id", "s2", "gid", gid, "afterMid", 5);
        assertEquals(List.of(), mids(upToDate));
        assertTrue(upToDate.path("recovered").asBoolean());
    }

    @Test
    public void syncAnswersNotRecoveredWhenTooMuchWasMissed() throws Exception {
        TestClient alice = login("alice");
        long gid = groupWithMessages(alice, 5, "bob");
        JsonNode r = req(alice, "sync_result", "type", "sync", "id", "s", "gid", gid, "afterMid", 0, "limit", 4);
        assertFalse(r.path("recovered").asBoolean());
        assertEquals(0, r.path("msgs").size());
        assertEquals(5, r.path("lastMid").asLong());
        JsonNode exactly = req(alice, "sync_result", "type", "sync", "id", "s", "gid", gid, "afterMid", 1, "limit", 4);
        assertTrue(exactly.path("recovered").asBoolean());
        assertEquals(List.of(2L, 3L, 4L, 5L), mids(exactly));
        // a mid from the future (e.g. from a wiped database) cannot be resumed either
        JsonNode future = req(alice, "sync_result", "type", "sync", "id", "s", "gid", gid, "afterMid", 99);
        assertFalse(future.path("recovered").asBoolean());
        assertEquals(5, future.path("lastMid").asLong());
    }

    @Test
    public void syncChecksMembershipAndFields() throws Exception {
        TestClient alice = login("alice");
        TestClient eve = login("eve");
        long gid = groupWithMessages(alice, 1, "bob");
        eve.send(TestClient.obj("type", "sync", "id", "x", "gid", gid, "afterMid", 0));
        eve.awaitError(ErrorCode.NOT_MEMBER, "x");
        alice.send(TestClient.obj("type", "sync", "id", "y", "gid", gid));
        alice.awaitError(ErrorCode.INVALID_FIELD, "y");
        alice.send(TestClient.obj("type", "sync", "id", "z", "gid", gid, "afterMid", 0, "limit", 501));
        alice.awaitError(ErrorCode.INVALID_FIELD, "z");
    }

    // ---- history after / around ----

    @Test
    public void historyPagesForwardAndAroundAMid() throws Exception {
        TestClient alice = login("alice");
        long gid = groupWithMessages(alice, 10);
        JsonNode after = req(alice, "history_result", "type", "history", "id", "h", "gid", gid, "startMid", 3,
                "count", 4, "direction", "after");
        assertEquals(List.of(4L, 5L, 6L, 7L), mids(after));
        assertFalse(after.path("end").asBoolean());
        assertEquals(10, after.path("total").asLong());
        JsonNode last = req(alice, "history_result", "type", "history", "id", "h", "gid", gid, "startMid", 7,
                "count", 4, "direction", "after");
        assertEquals(List.of(8L, 9L, 10L), mids(last));
        assertTrue(last.path("end").asBoolean());
        JsonNode fromStart = req(alice, "history_result", "type", "history", "id", "h", "gid", gid, "startMid", -1,
                "count", 2, "direction", "after");
        assertEquals(List.of(1L, 2L), mids(fromStart));
        JsonNode afterNothing = req(alice, "history_result", "type", "history", "id", "h", "gid", gid, "startMid", 0,
                "count", 2, "direction", "after");
        assertEquals("after 0 = from the oldest (a client that has seen nothing)", List.of(1L, 2L), mids(afterNothing));

        JsonNode around = req(alice, "history_result", "type", "history", "id", "h", "gid", gid, "startMid", 5,
                "count", 5, "direction", "around");
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), mids(around));
        assertFalse(around.path("endBefore").asBoolean());
        assertFalse(around.path("endAfter").asBoolean());
        JsonNode nearStart = req(alice, "history_result", "type", "history", "id", "h", "gid", gid, "startMid", 1,
                "count", 4, "direction", "around");
        assertEquals("a short side lends to the other", List.of(1L, 2L, 3L, 4L), mids(nearStart));
        assertTrue(nearStart.path("endBefore").asBoolean());
        assertFalse(nearStart.path("endAfter").asBoolean());
        JsonNode nearEnd = req(alice, "history_result", "type", "history", "id", "h", "gid", gid, "startMid", 10,
                "count", 4, "direction", "around");
        assertEquals(List.of(7L, 8L, 9L, 10L), mids(nearEnd));
        assertTrue(nearEnd.path("endAfter").asBoolean());

        // the backwards contract is unchanged (no direction field in the answer)
        JsonNode before = history(alice, gid, 5, 2);
        assertEquals(List.of(4L, 3L), mids(before));
        assertNull(before.get("direction"));
        alice.send(TestClient.obj("type", "history", "id", "bad", "gid", gid, "direction", "sideways"));
        alice.awaitError(ErrorCode.INVALID_FIELD, "bad");
        alice.send(TestClient.obj("type", "history", "id", "bad2", "gid", gid, "direction", "around"));
        alice.awaitError(ErrorCode.INVALID_FIELD, "bad2");
    }

    // ---- recall ----

    @Test
    public void senderRecallsAndEveryoneSeesIt() throws Exception {
        TestClient alice = login("alice");
        TestClient aliceTab2 = login("alice");
        TestClient bob = login("bob");
        long gid = createGroup(alice, "g", 5, "bob");
        String secret = "my-secret-" + System.nanoTime();
        long mid = sendToGroup(alice, gid, "c1", secret).path("mid").asLong();
        sendToGroup(alice, gid, "c2", "stays");
        bob.await("chat_message");
        bob.await("chat_message");

        JsonNode ok = req(alice, "recall_result", "type", "recall", "id", "r", "gid", gid, "mid", mid);
        assertEquals(0, ok.path("code").asInt());
        assertEquals(gid, ok.path("gid").asLong());
        assertEquals(mid, ok.path("mid").asLong());
        for (TestClient c : List.of(bob, aliceTab2)) {
            JsonNode push = c.await("recalled");
            assertEquals(gid, push.path("gid").asLong());
            assertEquals(mid, push.path("mid").asLong());
            assertEquals("alice", push.path("by").path("pin").asText());
            assertEquals(APP, push.path("by").path("appId").asText());
            assertTrue(push.path("timestamp").asLong() > 0);
        }
        assertNull("the recalling connection gets recall_result, not the push", alice.poll("recalled", 200));

        JsonNode h = history(bob, gid, -1, 10);
        JsonNode recalled = h.path("msgs").get(1);
        assertEquals(mid, recalled.path("mid").asLong());
        assertEquals("recall", recalled.path("type").asText());
        assertEquals("", recalled.path("content").asText());
        assertTrue(recalled.path("recalled").asBoolean());
        assertEquals("c1", recalled.path("clientMsgId").asText());
        assertEquals("alice", recalled.path("from").path("pin").asText());
        assertEquals("stays", h.path("msgs").get(0).path("content").asText());
        JsonNode synced = req(bob, "sync_result", "type", "sync", "id", "s", "gid", gid, "afterMid", 0);
        assertTrue(synced.path("msgs").get(0).path("recalled").asBoolean());

        // gone from the database: the row, and the bytes of the files
        assertEquals(0, count("SELECT COUNT(*) FROM messages WHERE content LIKE '%my-secret-%'"));
        assertEquals(1, count("SELECT COUNT(*) FROM messages WHERE type = 'recall' AND recalled_at IS NOT NULL"));
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse("old content still in " + f.getFileName(), contains(Files.readAllBytes(f), needle));
            }
        }

        // twice: idempotent, nobody is told again
        JsonNode again = req(alice, "recall_result", "type", "recall", "id", "r2", "gid", gid, "mid", mid);
        assertEquals(0, again.path("code").asInt());
        assertNull(bob.poll("recalled", 200));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    public void aRecalledImageNoLongerReferencesItsFile() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        long gid = createGroup(alice, "g", 5, "bob");
        String url = "https://cdn.example/recall-me.png";
        JsonNode ack = req(alice, "chat_message_ack", "type", "chat_message", "id", "i", "clientMsgId", "i1",
                "gid", gid, "msgType", "image", "image", TestClient.obj("url", url, "size", 10));
        long mid = ack.path("mid").asLong();
        req(alice, "recall_result", "type", "recall", "id", "r", "gid", gid, "mid", mid);
        assertEquals(mid, bob.await("recalled").path("mid").asLong());
        JsonNode m = history(bob, gid, -1, 1).path("msgs").get(0);
        assertEquals("recall", m.path("type").asText());
        assertNull(m.get("url"));
        assertNull(m.get("payload"));
        assertEquals(0, count("SELECT COUNT(*) FROM messages WHERE payload IS NOT NULL OR content <> ''"));
    }

    @Test
    public void recallIsRefusedForOthersUnknownAndNonMembers() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        TestClient eve = login("eve");
        long gid = createGroup(alice, "g", 5, "bob");
        long mid = sendToGroup(alice, gid, "c1", "hello").path("mid").asLong();
        bob.send(TestClient.obj("type", "recall", "id", "r", "gid", gid, "mid", mid));
        bob.awaitError(ErrorCode.NOT_SENDER, "r");
        alice.send(TestClient.obj("type", "recall", "id", "u", "gid", gid, "mid", 99));
        alice.awaitError(ErrorCode.NO_SUCH_MESSAGE, "u");
        eve.send(TestClient.obj("type", "recall", "id", "e", "gid", gid, "mid", mid));
        eve.awaitError(ErrorCode.NOT_MEMBER, "e");
        assertEquals("hello", history(bob, gid, -1, 1).path("msgs").get(0).path("content").asText());
    }

    @Test
    public void recallAfterTheWindowIsRefused() throws Exception {
        restart(server.config().toBuilder().port(0).recallWindowMs(100).build());
        TestClient alice = login("alice");
        long gid = createGroup(alice, "g", 5, "bob");
        long mid = sendToGroup(alice, gid, "c1", "too late").path("mid").asLong();
        Thread.sleep(250);
        alice.send(TestClient.obj("type", "recall", "id", "late", "gid", gid, "mid", mid));
        JsonNode e = alice.awaitError(ErrorCode.RECALL_WINDOW_PASSED, "late");
        assertTrue(e.path("msg").asText().contains("window"));
        assertEquals("too late", history(alice, gid, -1, 1).path("msgs").get(0).path("content").asText());
    }

    // ---- read receipts ----

    @Test
    public void readCursorIsMonotonicAndPushedAsReceipts() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        TestClient bobTab2 = login("bob");
        long gid = groupWithMessages(alice, 5, "bob", "carol");

        JsonNode r = req(bob, "read_result", "type", "read", "id", "rd", "gid", gid, "mid", 3);
        assertEquals(3, r.path("lastReadMid").asLong());
        for (TestClient c : List.of(alice, bob, bobTab2)) {
            JsonNode receipt = c.await("read_receipt");
            assertEquals(gid, receipt.path("gid").asLong());
            assertEquals("bob", receipt.path("reader").path("pin").asText());
            assertEquals(3, receipt.path("mid").asLong());
        }
        // backwards: no move, no receipt
        JsonNode back = req(bob, "read_result", "type", "read", "id", "rd2", "gid", gid, "mid", 2);
        assertEquals(3, back.path("lastReadMid").asLong());
        assertNull(alice.poll("read_receipt", 200));
        // beyond the end: clamped to the last mid; without id: no answer, receipt only
        bob.send(TestClient.obj("type", "read", "gid", gid, "mid", 999));
        assertEquals(5, alice.await("read_receipt").path("mid").asLong());
        assertNull(bob.poll("read_result", 200));

        JsonNode state = req(alice, "read_state_result", "type", "read_state", "id", "st", "gid", gid);
        assertEquals(0, state.path("code").asInt());
        assertEquals(3, state.path("members").size());
        for (JsonNode m : state.path("members")) {
            long expected = switch (m.path("pin").asText()) {
                case "alice" -> 5; // sending moved alice's own cursor
                case "bob" -> 5;
                default -> 0;
            };
            assertEquals(m.toString(), expected, m.path("lastReadMid").asLong());
            assertNotNull(m.get("nickName"));
            assertEquals(APP, m.path("appId").asText());
        }
        assertEquals(5, count("SELECT last_read_mid FROM read_cursors WHERE gid = " + gid + " AND pin = 'bob'"));
    }

    // ---- unread ----

    @Test
    public void unreadCountsArePushedAndBothTabsAgree() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        TestClient bobTab2 = login("bob");
        long gid = createGroup(alice, "g", 5, "bob");
        long direct = sendTo(alice, "bob", "d1", "psst").path("gid").asLong();
        for (TestClient c : List.of(bob, bobTab2)) {
            JsonNode u = c.await("unread");
            assertEquals(direct, u.path("gid").asLong());
            assertEquals(1, u.path("count").asLong());
            assertEquals(1, u.path("total").asLong());
        }
        sendToGroup(alice, gid, "g1", "one");
        long m2 = sendToGroup(alice, gid, "g2", "two").path("mid").asLong();
        for (TestClient c : List.of(bob, bobTab2)) {
            assertEquals(1, c.await("unread").path("count").asLong());
            JsonNode u = c.await("unread");
            assertEquals(gid, u.path("gid").asLong());
            assertEquals(2, u.path("count").asLong());
            assertEquals(3, u.path("total").asLong());
        }
        assertNull("the sender's own messages are not unread for it", alice.poll("unread", 200));

        JsonNode all = req(bobTab2, "unread_result", "type", "unread", "id", "u");
        assertEquals(3, all.path("total").asLong());
        assertEquals(2, all.path("conversations").size());
        for (JsonNode conv : all.path("conversations")) {
            long expected = conv.path("gid").asLong() == gid ? 2 : 1;
            assertEquals(expected, conv.path("count").asLong());
            assertEquals(expected, conv.path("lastMid").asLong());
        }

        // a recall of an unread message lowers the count
        req(alice, "recall_result", "type", "recall", "id", "r", "gid", gid, "mid", m2);
        for (TestClient c : List.of(bob, bobTab2)) {
            JsonNode u = c.await("unread");
            assertEquals(1, u.path("count").asLong());
            assertEquals(2, u.path("total").asLong());
        }
        // reading in one tab clears it in both
        bob.send(TestClient.obj("type", "read", "gid", gid, "mid", 2));
        for (TestClient c : List.of(bob, bobTab2)) {
            JsonNode u = c.await("unread");
            assertEquals(gid, u.path("gid").asLong());
            assertEquals(0, u.path("count").asLong());
            assertEquals(1, u.path("total").asLong());
        }
        // bob answering in the direct chat marks it read for him (both tabs told)
        sendTo(bob, "alice", "b1", "hi back");
        for (TestClient c : List.of(bob, bobTab2)) {
            JsonNode u = c.await("unread");
            assertEquals(direct, u.path("gid").asLong());
            assertEquals(0, u.path("total").asLong());
        }
        assertEquals(0, req(bob, "unread_result", "type", "unread", "id", "u2").path("total").asLong());
    }

    @Test
    public void concurrentChangesLeaveBothTabsWithTheRightCounts() throws Exception {
        TestClient alice = login("alice");
        TestClient carol = login("carol");
        TestClient bob = login("bob");
        TestClient bobTab2 = login("bob");
        long gid = createGroup(alice, "g", 5, "bob", "carol");
        long direct = sendTo(carol, "bob", "d0", "hi").path("gid").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    sendToGroup(alice, gid, "a" + i, "a" + i);
                }
                return null;
            }));
            work.add(pool.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    sendTo(carol, "bob", "c" + i, "c" + i);
                }
                return null;
            }));
            work.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    bob.send(TestClient.obj("type", "read", "gid", gid, "mid", 3 * i + 3));
                    Thread.sleep(3);
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Thread.sleep(300); // let the last pushes arrive
        JsonNode truth = req(bobTab2, "unread_result", "type", "unread", "id", "u");
        for (TestClient tab : List.of(bob, bobTab2)) {
            java.util.Map<Long, Long> lastCount = new java.util.HashMap<>();
            long lastTotal = -1;
            JsonNode u;
            while ((u = tab.poll("unread", 50)) != null) {
                lastCount.put(u.path("gid").asLong(), u.path("count").asLong());
                lastTotal = u.path("total").asLong();
            }
            assertEquals("last pushed total", truth.path("total").asLong(), lastTotal);
            for (JsonNode conv : truth.path("conversations")) {
                long g = conv.path("gid").asLong();
                assertEquals("last pushed count of " + g, conv.path("count").asLong(), (long) lastCount.get(g));
            }
        }
        assertEquals(31, truth.path("conversations").get(0).path("gid").asLong() == direct
                ? truth.path("conversations").get(0).path("count").asLong()
                : truth.path("conversations").get(1).path("count").asLong());
    }

    // ---- typing ----

    @Test
    public void typingIsForwardedToOthersAndRateLimited() throws Exception {
        TestClient alice = login("alice");
        TestClient aliceTab2 = login("alice");
        TestClient bob = login("bob");
        long gid = createGroup(alice, "g", 5, "bob");
        alice.send(TestClient.obj("type", "typing", "gid", gid));
        JsonNode t = bob.await("typing");
        assertEquals(gid, t.path("gid").asLong());
        assertEquals("alice", t.path("from").path("pin").asText());
        assertEquals("owner-nick", t.path("from").path("nickName").asText());
        assertEquals(5000, t.path("ttlMs").asLong());
        assertNull("not echoed to the typist's tabs", aliceTab2.poll("typing", 200));
        assertNull(alice.poll("typing", 1));
        // within 2 s: dropped (answered when it has an id)
        JsonNode r = req(alice, "typing_result", "type", "typing", "id", "t2", "gid", gid);
        assertFalse(r.path("forwarded").asBoolean());
        assertNull(bob.poll("typing", 300));
        // others are not limited by alice's rate
        bob.send(TestClient.obj("type", "typing", "gid", gid));
        assertEquals("bob", alice.await("typing").path("from").path("pin").asText());
        assertEquals(0, count("SELECT COUNT(*) FROM messages"));
    }

    // ---- custom type fallback ----

    @Test
    public void customMessagesKeepFallbackTextAndVersion() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        long gid = createGroup(alice, "g", 5, "bob");
        JsonNode ack = req(alice, "chat_message_ack", "type", "chat_message", "id", "o", "clientMsgId", "o1",
                "gid", gid, "msgType", "order", "payload", TestClient.obj("price", "30"),
                "fallbackText", "[Order] ¥30", "version", 3);
        assertEquals("[Order] ¥30", ack.path("message").path("fallbackText").asText());
        assertEquals(3, ack.path("message").path("version").asInt());
        JsonNode push = bob.await("chat_message").path("msg");
        assertEquals("[Order] ¥30", push.path("fallbackText").asText());
        assertEquals(3, push.path("version").asInt());
        req(alice, "chat_message_ack", "type", "chat_message", "id", "o", "clientMsgId", "o2",
                "gid", gid, "msgType", "card", "payload", TestClient.obj());
        JsonNode h = history(bob, gid, -1, 10);
        assertEquals(1, h.path("msgs").get(0).path("version").asInt());
        assertNull(h.path("msgs").get(0).get("fallbackText"));
        assertEquals("[Order] ¥30", h.path("msgs").get(1).path("fallbackText").asText());
        JsonNode text = sendToGroup(alice, gid, "t1", "plain").path("message");
        assertNull("text messages have neither", text.get("version"));

        alice.send(TestClient.obj("type", "chat_message", "id", "bad", "clientMsgId", "x1", "gid", gid,
                "msgType", "text", "content", "hi", "fallbackText", "no"));
        alice.awaitError(ErrorCode.INVALID_FIELD, "bad");
        alice.send(TestClient.obj("type", "chat_message", "id", "bad2", "clientMsgId", "x2", "gid", gid,
                "msgType", "order", "payload", TestClient.obj(), "version", 0));
        alice.awaitError(ErrorCode.INVALID_FIELD, "bad2");
        alice.send(TestClient.obj("type", "chat_message", "id", "bad3", "clientMsgId", "x3", "gid", gid,
                "msgType", "order", "payload", TestClient.obj(), "fallbackText", "x".repeat(501)));
        alice.awaitError(ErrorCode.INVALID_FIELD, "bad3");
    }

    // ---- de-duplication under concurrency ----

    @Test
    public void concurrentRepeatsOfOneClientIdAreStoredOnce() throws Exception {
        TestClient owner = login("alice");
        long gid = createGroup(owner, "g", 5, "bob");
        int tabs = 8;
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < tabs; i++) {
            clients.add(login("alice"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            for (int round = 0; round < 10; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> acks = new ArrayList<>();
                String cid = "same-" + round;
                for (TestClient c : clients) {
                    acks.add(pool.submit(() -> {
                        go.await();
                        return sendToGroup(c, gid, cid, "once " + cid).path("mid").asLong();
                    }));
                }
                go.countDown();
                Set<Long> mids = new HashSet<>();
                for (Future<Long> f : acks) {
                    mids.add(f.get());
                }
                assertEquals("every repeat gets the original ack", 1, mids.size());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, count("SELECT COUNT(*) FROM messages WHERE gid = " + gid));
        assertEquals(10, count("SELECT MAX(mid) FROM messages WHERE gid = " + gid));
    }
}
