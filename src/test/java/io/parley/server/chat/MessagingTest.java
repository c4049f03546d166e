package io.parley.server.chat;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** chat_message: acks, pushes, one-to-one addressing, de-duplication, custom types. */
public class MessagingTest extends ServerTestBase {

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    public void oneToOneDeliversToThePeerAndBothSeeTheSameGid() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        JsonNode ack = sendTo(alice, "bob", "c-1", "您好");
        assertEquals("c-1", ack.path("id").asText());
        assertEquals("c-1", ack.path("clientMsgId").asText());
        assertEquals(1, ack.path("mid").asLong());
        long gid = ack.path("gid").asLong();
        assertTrue(gid > 0);
        assertTrue(ack.path("timestamp").asLong() > 0);

        JsonNode push = bob.await("chat_message");
        assertEquals(Set.of("type", "msg"), fieldNames(push));
        JsonNode msg = push.path("msg");
        assertEquals(Set.of("mid", "gid", "type", "content", "from", "timestamp", "clientMsgId"), fieldNames(msg));
        assertEquals(1, msg.path("mid").asLong());
        assertEquals(gid, msg.path("gid").asLong());
        assertEquals("text", msg.path("type").asText());
        assertEquals("您好", msg.path("content").asText());
        assertEquals(TestClient.obj("pin", "alice", "appId", APP, "nickName", "alice"), msg.path("from"));
        assertEquals(ack.path("timestamp").asLong(), msg.path("timestamp").asLong());
        assertEquals("c-1", msg.path("clientMsgId").asText());

        JsonNode reply = sendTo(bob, "alice", "c-2", "hi alice");
        assertEquals(gid, reply.path("gid").asLong());
        assertEquals(2, reply.path("mid").asLong());
        assertEquals("hi alice", alice.await("chat_message").path("msg").path("content").asText());
        assertEquals(1, count("SELECT COUNT(*) FROM groups WHERE kind = 'direct'"));
    }

    /** One connection writing to several people in turn: each message lands in its own direct chat. */
    @Test
    public void switchingOneToOneTargetsOnOneConnectionKeepsEachChatApart() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        TestClient carol = login("carol");
        long withBob = sendTo(alice, "bob", "s-1", "to bob 1").path("gid").asLong();
        long withCarol = sendTo(alice, "carol", "s-2", "to carol 1").path("gid").asLong();
        assertTrue(withBob != withCarol);
        JsonNode third = sendTo(alice, "bob", "s-3", "to bob 2");
        assertEquals(withBob, third.path("gid").asLong());
        assertEquals(2, third.path("mid").asLong());
        assertEquals(withCarol, sendTo(alice, "carol", "s-4", "to carol 2").path("gid").asLong());
        assertEquals("to bob 1", bob.await("chat_message").path("msg").path("content").asText());
        assertEquals("to bob 2", bob.await("chat_message").path("msg").path("content").asText());
        assertEquals("to carol 1", carol.await("chat_message").path("msg").path("content").asText());
        JsonNode last = carol.await("chat_message").path("msg");
        assertEquals("to carol 2", last.path("content").asText());
        assertEquals(withCarol, last.path("gid").asLong());
        assertEquals(2, last.path("mid").asLong());
        // the same pair from the other side, on other connections, finds the same chat
        assertEquals(withBob, sendTo(bob, "alice", "s-5", "back").path("gid").asLong());
        assertEquals(2, count("SELECT COUNT(*) FROM groups WHERE kind = 'direct'"));
    }

    @Test
    public void authDefaultsAddressOneToOneSends() throws Exception {
        TestClient bob = login("bob");
        TestClient alice = connect();
        alice.request(authPacket("a", token("alice", APP), "alice", APP).put("toChat", "bob").put("toAppId", APP),
                "auth_ok");
        alice.request(TestClient.obj("type", "chat_message", "id", "1", "clientMsgId", "d1", "content", "default"),
                "chat_message_ack");
        assertEquals("default", bob.await("chat_message").path("msg").path("content").asText());
    }

    @Test
    public void duplicateClientMsgIdIsAckedWithTheOriginalAndStoredOnce() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        JsonNode first = sendTo(alice, "bob", "same", "once");
        JsonNode again = alice.request(TestClient.obj("type", "chat_message", "id", "retry", "clientMsgId", "same",
                "toChat", "bob", "toAppId", APP, "content", "once (retry)"), "chat_message_ack");
        assertEquals("retry", again.path("id").asText());
        assertEquals(first.path("mid").asLong(), again.path("mid").asLong());
        assertEquals(first.path("gid").asLong(), again.path("gid").asLong());
        assertEquals(first.path("timestamp").asLong(), again.path("timestamp").asLong());
        assertEquals("the ack carries the stored original", "once", again.path("message").path("content").asText());
        assertEquals(first.path("mid").asLong(), again.path("message").path("mid").asLong());
        assertEquals("alice", again.path("message").path("from").path("pin").asText());
        assertEquals(1, count("SELECT COUNT(*) FROM messages"));
        bob.await("chat_message");
        assertNull("a repeat is not pushed again", bob.poll("chat_message", 300));
        // the next new message continues the sequence without a gap
        assertEquals(2, sendTo(alice, "bob", "next", "two").path("mid").asLong());
    }

    @Test
    public void otherTabsOfTheSenderGetThePushButNotTheSendingTab() throws Exception {
        TestClient tab1 = login("alice");
        TestClient tab2 = login("alice");
        TestClient bob = login("bob");
        JsonNode ack = sendTo(tab1, "bob", "t1", "from tab 1");
        assertEquals(ack.path("mid").asLong(), tab2.await("chat_message").path("msg").path("mid").asLong());
        assertEquals(ack.path("mid").asLong(), bob.await("chat_message").path("msg").path("mid").asLong());
        assertNull(tab1.poll("chat_message", 300));
    }

    @Test
    public void customTypeCarriesPayloadAndEmptyContent() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        Map<String, Object> payload = Map.of("title", "Consultation", "price", "¥30.00");
        JsonNode ack = alice.request(TestClient.obj("type", "chat_message", "id", "4", "clientMsgId", "c-9b10",
                "toChat", "bob", "toAppId", APP, "msgType", "order", "payload", payload), "chat_message_ack");
        assertEquals(0, ack.path("code").asInt());
        JsonNode msg = bob.await("chat_message").path("msg");
        assertEquals("order", msg.path("type").asText());
        assertEquals("", msg.path("content").asText());
        assertEquals(TestClient.JSON.valueToTree(payload), msg.path("payload"));
        JsonNode h = bob.request(TestClient.obj("type", "history", "id", "h", "toChat", "alice", "toAppId", APP,
                "startMid", -1, "count", 10), "history_result");
        assertEquals(TestClient.JSON.valueToTree(payload), h.path("msgs").get(0).path("payload"));
    }

    @Test
    public void offlineMembersGetNothingButHistoryHasIt() throws Exception {
        TestClient alice = login("alice");
        sendTo(alice, "bob", "o1", "while you were away");
        TestClient bob = login("bob");
        assertNull(bob.poll("chat_message", 200));
        JsonNode h = bob.request(TestClient.obj("type", "history", "id", "h", "toChat", "alice", "toAppId", APP),
                "history_result");
        assertEquals(1, h.path("total").asLong());
        assertEquals("while you were away", h.path("msgs").get(0).path("content").asText());
    }

    @Test
    public void midsStayStrictlyIncreasingUnderConcurrentSenders() throws Exception {
        TestClient owner = login("owner");
        long gid = createGroup(owner, "busy", 10, "u1", "u2", "u3");
        List<TestClient> senders = List.of(login("u1"), login("u2"), login("u3"));
        int perSender = 15;
        for (int i = 0; i < perSender; i++) {
            for (int s = 0; s < senders.size(); s++) {
                senders.get(s).send(TestClient.obj("type", "chat_message", "clientMsgId", "s" + s + "-" + i,
                        "gid", gid, "content", "m" + i));
            }
        }
        Set<Long> mids = new TreeSet<>();
        for (TestClient s : senders) {
            for (int i = 0; i < perSender; i++) {
                mids.add(s.await("chat_message_ack").path("mid").asLong());
            }
        }
        assertEquals(45, mids.size());
        assertEquals(Long.valueOf(1), ((TreeSet<Long>) mids).first());
        assertEquals(Long.valueOf(45), ((TreeSet<Long>) mids).last());
        // the owner (not sending) saw every push, in mid order
        long last = 0;
        for (int i = 0; i < 45; i++) {
            long mid = owner.await("chat_message").path("msg").path("mid").asLong();
            assertTrue("push order " + last + " then " + mid, mid > last);
            last = mid;
        }
        assertFalse(owner.isClosed());
    }
}
