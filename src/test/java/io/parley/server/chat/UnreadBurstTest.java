package io.parley.server.chat;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.parley.server.ServerTestBase;
import io.parley.server.TestClient;

/**
 * A burst of 1,000 messages, sent without waiting for acks, to a receiver with two tabs: the final
 * unread counts are exact everywhere, unread pushes are coalesced (far fewer than the messages), and
 * reads and recalls afterwards move the counts by exactly what they should.
 */
public class UnreadBurstTest extends ServerTestBase {
    private static final int BURST = 1000;

    private static JsonNode lastUnread(TestClient c, long gid, long expectedCount) throws InterruptedException {
        JsonNode u;
        do {
            u = c.await("unread");
        } while (u.path("gid").asLong() != gid || u.path("count").asLong() != expectedCount);
        return u;
    }

    @Test
    public void aThousandMessageBurstIsCountedExactly() throws Exception {
        TestClient alice = login("alice");
        TestClient bob = login("bob");
        TestClient bobTab2 = login("bob");
        long gid = sendTo(alice, "bob", "first", "hello").path("gid").asLong();
        long groupGid = createGroup(alice, "g", 5, "bob");
        sendToGroup(alice, groupGid, "g1", "in the group");
        lastUnread(bob, groupGid, 1);
        for (int i = 0; i < BURST; i++) {
            alice.send(TestClient.obj("type", "chat_message", "id", "b" + i, "clientMsgId", "b" + i, "toChat", "bob",
                    "toAppId", APP, "content", "burst " + i));
        }
        for (int i = 0; i < BURST; i++) {
            assertEquals(0, alice.await("chat_message_ack").path("code").asInt());
        }
        int pushes = 0;
        for (TestClient tab : List.of(bob, bobTab2)) {
            for (int i = 0; i < BURST; i++) {
                assertEquals("chat_message", tab.await("chat_message").path("type").asText());
            }
        }
        JsonNode last = lastUnread(bobTab2, gid, BURST + 1);
        assertEquals(BURST + 2, last.path("total").asLong());
        JsonNode u;
        do { // count what the first tab got: every unread push for the direct chat
            u = bob.await("unread");
            pushes++;
        } while (u.path("gid").asLong() != gid || u.path("count").asLong() != BURST + 1);
        assertTrue("unread pushes are coalesced: " + pushes + " for " + BURST + " messages", pushes < BURST / 2);

        JsonNode all = bob.request(TestClient.obj("type", "unread", "id", "u"), "unread_result");
        assertEquals(BURST + 2, all.path("total").asLong());
        for (JsonNode conv : all.path("conversations")) {
            assertEquals(conv.path("gid").asLong() == gid ? BURST + 1 : 1, conv.path("count").asLong());
        }
        assertEquals(0, alice.request(TestClient.obj("type", "unread", "id", "u"), "unread_result")
                .path("total").asLong());

        // reading half of it, then recalling one message that is still unread, one that is read
        bob.request(TestClient.obj("type", "read", "id", "r", "gid", gid, "mid", 501), "read_result");
        assertEquals(BURST + 1 - 501, lastUnread(bobTab2, gid, BURST + 1 - 501).path("count").asLong());
        alice.request(TestClient.obj("type", "recall", "id", "x", "gid", gid, "mid", 900), "recall_result");
        alice.request(TestClient.obj("type", "recall", "id", "y", "gid", gid, "mid", 100), "recall_result");
        JsonNode after = lastUnread(bobTab2, gid, BURST - 501);
        assertEquals(BURST - 501 + 1, after.path("total").asLong());
        all = bob.request(TestClient.obj("type", "unread", "id", "u2"), "unread_result");
        assertEquals(BURST - 501 + 1, all.path("total").asLong());
        assertEquals(BURST - 501, count("SELECT count FROM unread_counts WHERE pin = 'bob' AND gid = " + gid));
    }
}
