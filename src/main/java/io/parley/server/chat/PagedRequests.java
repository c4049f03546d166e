package io.parley.server.chat;

import io.parley.protocol.Field;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;
import io.parley.protocol.PacketType;
import io.parley.server.auth.UserId;
import io.parley.server.limits.Limit;
import io.parley.server.limits.LimitsConfig;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.HistoryPage;
import io.parley.server.ws.Peer;

/**
 * history, sync and unread: the requests whose answers can be large. Each is read from the store in
 * small chunks and written into a {@link BoundedAnswer} of at most the response budget, and only when
 * the connection has that much outbound room left; otherwise it gets {@code outbound_full}. So a client
 * that asks and never reads holds at most its outbound budget, never a materialized backlog.
 */
final class PagedRequests {
    private static final int DEFAULT_HISTORY_COUNT = 20;
    /** Messages read from the store per query while filling an answer. */
    static final int CHUNK = 25;

    private final ChatStore store;
    private final Conversations conversations;
    private final long responseBytes;
    private final int historyPage;
    private final int syncPage;
    private final int unreadPage;

    PagedRequests(ChatStore store, Conversations conversations, LimitsConfig limits) {
        this.store = store;
        this.conversations = conversations;
        this.responseBytes = limits.get(Limit.RESPONSE_BYTES);
        this.historyPage = Math.min(limits.getInt(Limit.HISTORY_PAGE), Limits.MAX_HISTORY_COUNT);
        this.syncPage = Math.min(limits.getInt(Limit.SYNC_PAGE), Limits.MAX_SYNC_LIMIT);
        this.unreadPage = limits.getInt(Limit.UNREAD_PAGE);
    }

    /** Refuses before any work when the connection cannot take a whole answer now. */
    private void requireRoom(Peer peer) throws ProtocolException {
        long room = peer.outboundRoom();
        if (room < responseBytes) {
            throw new ProtocolException(ErrorCode.OUTBOUND_FULL, "your connection has too many unread frames (" + room
                    + " bytes of room left, an answer may need " + responseBytes + "); read them, then ask again");
        }
    }

    void history(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        Integer count = f.optionalInt(Field.COUNT, 1, Limits.MAX_HISTORY_COUNT);
        String direction = f.optionalString(Field.DIRECTION, 1, 16);
        if (direction != null && !direction.equals("before") && !direction.equals("after")
                && !direction.equals("around")) {
            throw ProtocolException.invalid("field 'direction' must be before, after or around");
        }
        // "after 0" reads naturally as "from the oldest", like -1 (a client that has seen nothing yet)
        long lowest = "after".equals(direction) ? 0 : 1;
        long startMid = -1;
        JsonNode start = f.raw(Field.START_MID);
        if (start != null) {
            if (!start.isIntegralNumber() || !start.canConvertToLong() || (start.asLong() != -1
                    && (start.asLong() < lowest || start.asLong() > Conversations.MAX_SAFE_INTEGER))) {
                throw ProtocolException.invalid("field 'startMid' must be -1 or " + (lowest == 0 ? "a mid >= 0" : "a positive integer"));
            }
            startMid = start.asLong();
        }
        if ("around".equals(direction) && startMid < 1) {
            throw ProtocolException.invalid("field 'startMid' must be a positive integer (the anchor) for direction around");
        }
        Conversations.Target target = conversations.resolve(user, peer, f);
        requireRoom(peer);
        int n = Math.min(count == null ? DEFAULT_HISTORY_COUNT : count, historyPage);
        ObjectNode head = Packets.ok(PacketType.HISTORY_RESULT, id);
        head.put(Field.GID, target.gid());
        if (direction != null && !direction.equals("before")) {
            head.put(Field.DIRECTION, direction);
        }
        BoundedAnswer answer = new BoundedAnswer(head, Field.MSGS, responseBytes);
        ObjectNode tail = Json.object();
        if ("after".equals(direction)) {
            ChatStore.ForwardPage last = forward(target.gid(), Math.max(0, startMid), n, answer);
            tail.put(Field.TOTAL, last.total());
            tail.put(Field.END, last.end() && !answer.full());
        } else if ("around".equals(direction)) {
            // at most historyPage (<= 100) messages: one bounded read, then cut to the budget
            ChatStore.HistoryWindow page = store.around(target.gid(), startMid, n);
            addAll(answer, page.msgs());
            tail.put(Field.TOTAL, page.total());
            tail.put(Field.END_BEFORE, page.endBefore());
            tail.put(Field.END_AFTER, page.endAfter() && !answer.full());
        } else {
            long before = startMid;
            HistoryPage page;
            do {
                page = store.page(target.gid(), before, Math.min(CHUNK, n - answer.items()));
                addAll(answer, page.msgs());
                if (!page.msgs().isEmpty()) {
                    before = page.msgs().get(page.msgs().size() - 1).mid();
                }
            } while (!page.end() && !answer.full() && answer.items() < n);
            tail.put(Field.TOTAL, page.total());
            tail.put(Field.END, page.end() && !answer.full());
        }
        peer.send(answer.finish(tail));
    }

    /** Up to n messages after afterMid into answer, chunk by chunk; the last chunk read (for total, end, lastMid). */
    private ChatStore.ForwardPage forward(long gid, long afterMid, int n, BoundedAnswer answer) {
        long after = afterMid;
        int read = 0;
        ChatStore.ForwardPage page;
        do {
            page = store.after(gid, after, Math.min(CHUNK, n - read));
            read += page.msgs().size();
            addAll(answer, page.msgs());
            if (!page.msgs().isEmpty()) {
                after = page.msgs().get(page.msgs().size() - 1).mid();
            }
        } while (!page.end() && !answer.full() && read < n);
        return page;
    }

    private static void addAll(BoundedAnswer answer, List<ChatMessage> msgs) {
        for (ChatMessage m : msgs) {
            if (!answer.add(Packets.messageJson(m))) {
                return;
            }
        }
    }

    void sync(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        long afterMid = f.requiredLong(Field.AFTER_MID, 0, Conversations.MAX_SAFE_INTEGER);
        Integer limitField = f.optionalInt(Field.LIMIT, 1, Limits.MAX_SYNC_LIMIT);
        int limit = Math.min(limitField == null ? Limits.DEFAULT_SYNC_LIMIT : limitField, syncPage);
        Conversations.Target target = conversations.resolve(user, peer, f);
        requireRoom(peer);
        ObjectNode head = Packets.ok(PacketType.SYNC_RESULT, id);
        head.put(Field.GID, target.gid());
        BoundedAnswer answer = new BoundedAnswer(head, Field.MSGS, responseBytes);
        ChatStore.ForwardPage last = forward(target.gid(), afterMid, limit, answer);
        // More missed than the bound or the answer holds, or a mid from the future (another database): start over.
        boolean recovered = last.end() && !answer.full() && afterMid <= last.lastMid();
        ObjectNode tail = Json.object();
        tail.put(Field.RECOVERED, recovered);
        tail.put(Field.LAST_MID, last.lastMid());
        tail.put(Field.END, recovered);
        if (recovered) {
            peer.send(answer.finish(tail));
        } else {
            peer.send(new BoundedAnswer(head, Field.MSGS, responseBytes).finish(tail));
        }
    }

    void unread(UserId user, Peer peer, String id) throws ProtocolException {
        requireRoom(peer);
        List<ChatStore.Unread> all = store.unread(user);
        long total = 0;
        for (ChatStore.Unread u : all) {
            total += u.count();
        }
        BoundedAnswer answer = new BoundedAnswer(Packets.ok(PacketType.UNREAD_RESULT, id), Field.CONVERSATIONS, responseBytes);
        ObjectNode item = Json.object();
        for (ChatStore.Unread u : all) {
            if (answer.items() >= unreadPage) {
                break;
            }
            item.put(Field.GID, u.gid());
            item.put(Field.COUNT, u.count());
            item.put(Field.LAST_MID, u.lastMid());
            if (!answer.add(Json.write(item))) {
                break;
            }
        }
        ObjectNode tail = Json.object();
        tail.put(Field.TOTAL, total);
        tail.put(Field.MORE, answer.items() < all.size());
        peer.send(answer.finish(tail));
    }
}
