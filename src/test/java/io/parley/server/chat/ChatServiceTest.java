package io.parley.server.chat;

import io.parley.server.TestClient;
import io.parley.server.auth.TokenPolicy;
import io.parley.server.auth.TokenService;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Frame;
import io.parley.server.fanout.LocalFanout;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Group;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.HistoryPage;
import io.parley.server.limits.Limiters;
import io.parley.server.limits.LimitsConfig;
import io.parley.server.store.Member;
import io.parley.server.store.UsageStore;
import io.parley.server.ws.Peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** ChatService without Jetty: a store fault becomes error 5000 and the connection stays usable. */
public class ChatServiceTest {

    /** A Peer that records what it is sent. */
    static final class FakePeer extends Peer {
        final List<JsonNode> sent = new ArrayList<>();
        int closedWith;

        @Override
        public void send(Frame frame) {
            try {
                sent.add(TestClient.JSON.readTree(frame.text()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        protected void doClose(int statusCode, String reason) {
            closedWith = statusCode;
        }

        JsonNode last() {
            return sent.get(sent.size() - 1);
        }
    }

    /** Every call fails like a broken disk would. */
    static final class BrokenStore implements ChatStore {
        private static RuntimeException boom() {
            return new IllegalStateException("disk on fire");
        }

        private static <T> CompletableFuture<T> failed() {
            return CompletableFuture.failedFuture(boom());
        }

        public String epoch() { return "e"; }
        public Group createGroup(UserId owner, GroupSpec spec) { throw boom(); }
        public Optional<Group> updateGroup(long gid, UserId owner, GroupSpec c) { throw boom(); }
        public Optional<Group> findGroup(long gid) { throw boom(); }
        public Optional<Member> findMember(long gid, UserId user) { throw boom(); }
        public List<Member> members(long gid) { throw boom(); }
        public long findOrCreateDirect(UserId a, UserId b) { throw boom(); }
        public void recordName(UserId user, String name) { throw boom(); }
        public CompletableFuture<Appended> append(ChatMessage draft) { return failed(); }
        public HistoryPage page(long gid, long beforeMid, int count) { throw boom(); }
        public ForwardPage after(long gid, long afterMid, int count) { throw boom(); }
        public HistoryWindow around(long gid, long anchorMid, int count) { throw boom(); }
        public Optional<ChatMessage> findMessage(long gid, long mid) { throw boom(); }
        public CompletableFuture<Recall> recall(long gid, long mid, UserId by, long at, long window) { return failed(); }
        public CompletableFuture<ReadMove> markRead(long gid, UserId user, long mid) { return failed(); }
        public long readCursor(long gid, UserId user) { throw boom(); }
        public List<ReadCursor> readState(long gid) { throw boom(); }
        public long unreadCount(long gid, UserId user) { throw boom(); }
        public long unreadTotal(UserId user) { throw boom(); }
        public List<Unread> unread(UserId user) { throw boom(); }
        public void close() { }
    }

    private static ChatService service(TokenService tokens) {
        LocalFanout fanout = new LocalFanout();
        BrokenStore store = new BrokenStore();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        UsageStore noUsage = new UsageStore() { // the broken store keeps no usage: every quota starts from 0
            @Override
            public long groupsOwned(UserId owner) {
                return 0;
            }

            @Override
            public long storedBytes(UserId owner) {
                return 0;
            }
        };
        return new ChatService(store, fanout, new TokenPolicy(tokens, Long.MAX_VALUE / 2),
                new UnreadPusher(store, fanout, timer, 150), 30000, 120000, 1 << 20, 1 << 20,
                new Limiters(LimitsConfig.defaults(), noUsage, List.of()), ContentPolicy.DEFAULT);
    }

    @Test
    public void internalErrorsAreReportedAndTheConnectionSurvives() {
        TokenService tokens = new TokenService("k");
        ChatService service = service(tokens);
        FakePeer peer = new FakePeer();
        String token = tokens.sign("alice", "app", System.currentTimeMillis() / 1000 + 60);
        service.onText(peer, "{\"type\":\"auth\",\"id\":\"a\",\"token\":\"" + token + "\",\"pin\":\"alice\",\"appId\":\"app\"}");
        assertEquals("auth_ok", peer.last().path("type").asText());

        service.onText(peer, "{\"type\":\"chat_message\",\"id\":\"m\",\"clientMsgId\":\"c\",\"toChat\":\"bob\",\"content\":\"hi\"}");
        JsonNode err = peer.last();
        assertEquals("error", err.path("type").asText());
        assertEquals(5000, err.path("code").asInt());
        assertEquals("internal", err.path("error").asText());
        assertEquals("m", err.path("id").asText());
        assertEquals(0, peer.closedWith);
        assertFalse(peer.isClosing());

        service.onText(peer, "{\"type\":\"heartbeat\",\"id\":\"h\"}");
        assertEquals("heartbeat_ack", peer.last().path("type").asText());
    }

    @Test
    public void framesAfterAnAuthFailureAreIgnored() {
        ChatService service = service(new TokenService("k"));
        FakePeer peer = new FakePeer();
        service.onText(peer, "{\"type\":\"auth\",\"token\":\"nope\",\"pin\":\"a\",\"appId\":\"b\"}");
        assertEquals(1008, peer.closedWith);
        int n = peer.sent.size();
        service.onText(peer, "{\"type\":\"heartbeat\"}");
        assertEquals(n, peer.sent.size());
    }
}
