package io.parley.server.chat;

import io.parley.protocol.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.Limits;
import io.parley.protocol.PacketType;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.Frame;
import io.parley.server.store.ChatStore;
import io.parley.server.ws.Peer;

/** read, read_state and typing: who has read what, and who is typing. */
final class ReceiptRequests {
    private final ChatStore store;
    private final Fanout fanout;
    private final Conversations conversations;
    private final UnreadPusher unreadPusher;
    /** conversation_updated pushes; null when the desk's push is off. */
    private final DeskPusher desk;
    /** "gid|pin|appId" → nanoTime of the last typing push forwarded (rate limit). */
    private final Map<String, Long> lastTyping = new ConcurrentHashMap<>();

    ReceiptRequests(ChatStore store, Fanout fanout, Conversations conversations, UnreadPusher unreadPusher,
                    DeskPusher desk) {
        this.desk = desk;
        this.store = store;
        this.fanout = fanout;
        this.conversations = conversations;
        this.unreadPusher = unreadPusher;
    }

    void read(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        long mid = f.requiredLong(Field.MID, 1, Conversations.MAX_SAFE_INTEGER);
        Conversations.Target target = conversations.resolve(user, peer, f);
        long gid = target.gid();
        Conversations.afterCommit(store.markRead(gid, user, mid), peer, id, move -> {
            if (move.moved()) {
                ObjectNode push = Packets.reply(PacketType.READ_RECEIPT, null);
                push.put(Field.GID, gid);
                push.set(Field.READER, Packets.user(user));
                push.put(Field.MID, move.cursor());
                fanout.toUsers(conversations.memberIds(gid), Frame.of(Json.write(push)), null);
            }
            if (id != null) {
                ObjectNode result = Packets.ok(PacketType.READ_RESULT, id);
                result.put(Field.GID, gid);
                result.put(Field.LAST_READ_MID, move.cursor());
                peer.send(Json.write(result));
            }
            if (move.moved()) {
                unreadPusher.changed(move.unread());
                if (desk != null) {
                    desk.touched(gid, List.of(user)); // the reader's unread count there
                }
            }
        });
    }

    void readState(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Conversations.Target target = conversations.resolve(user, peer, new Fields(packet, ""));
        ObjectNode result = Packets.ok(PacketType.READ_STATE_RESULT, id);
        result.put(Field.GID, target.gid());
        ArrayNode list = result.putArray(Field.MEMBERS);
        for (ChatStore.ReadCursor rc : store.readState(target.gid())) {
            ObjectNode o = list.addObject();
            o.put(Field.PIN, rc.member().user().pin());
            o.put(Field.APP_ID, rc.member().user().appId());
            o.put(Field.NICK_NAME, rc.member().displayName());
            o.put(Field.LAST_READ_MID, rc.lastReadMid());
        }
        peer.send(Json.write(result));
    }

    void typing(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Conversations.Target target = conversations.resolve(user, peer, new Fields(packet, ""));
        long gid = target.gid();
        long now = System.nanoTime();
        long minGap = Limits.TYPING_MIN_INTERVAL_MS * 1_000_000L;
        String key = gid + "|" + user.pin().length() + ":" + user.pin() + "|" + user.appId();
        boolean[] forward = new boolean[1];
        lastTyping.compute(key, (k, last) -> {
            if (last == null || now - last >= minGap) {
                forward[0] = true;
                return now;
            }
            return last;
        });
        if (lastTyping.size() > 10_000) {
            lastTyping.values().removeIf(t -> now - t >= minGap);
        }
        if (forward[0]) {
            ObjectNode push = Packets.reply(PacketType.TYPING, null);
            push.put(Field.GID, gid);
            ObjectNode from = Packets.user(user);
            from.put(Field.NICK_NAME, ContentPolicy.displayName(peer, target.self()));
            push.set(Field.FROM, from);
            push.put(Field.TTL_MS, Limits.TYPING_TTL_MS);
            List<UserId> others = conversations.memberIds(gid);
            others.remove(user);
            fanout.toUsers(others, Frame.of(Json.write(push)), null);
        }
        if (id != null) {
            ObjectNode result = Packets.ok(PacketType.TYPING_RESULT, id);
            result.put(Field.GID, gid);
            result.put(Field.FORWARDED, forward[0]);
            peer.send(Json.write(result));
        }
    }
}
