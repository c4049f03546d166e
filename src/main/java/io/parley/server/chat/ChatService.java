package io.parley.server.chat;

import io.parley.server.auth.TokenService;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.Frame;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.Group;
import io.parley.server.store.GroupFullException;
import io.parley.server.store.GroupSpec;
import io.parley.server.store.HistoryPage;
import io.parley.server.store.Member;
import io.parley.server.store.MessageStore;
import io.parley.server.ws.Peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ClientType;
import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;
import io.parley.protocol.ServerLimits;
import io.parley.protocol.MessageType;
import io.parley.protocol.PacketType;

/**
 * Handles every uplink packet of docs/PROTOCOL.md: parsing, validation, authorization, storing and
 * fan-out. Knows nothing of Jetty (it talks to {@link Peer}s), so it can be driven directly.
 *
 * <p>Never throws to the caller: a rejected request becomes an {@code error} packet (closing the
 * connection only where the protocol says so) and an unexpected fault becomes error 5000 with the
 * connection left open. Validation happens before anything is stored.
 */
public final class ChatService {
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    /** Largest integer a JS double represents exactly: ids must survive the browser. */
    static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    private static final int DEFAULT_HISTORY_COUNT = 20;
    private static final int CLOSE_POLICY_VIOLATION = 1008;
    private static final int CLOSE_TOO_LARGE = 1009;

    private final ChatStore store;
    private final Fanout fanout;
    private final TokenService tokens;
    private final UnreadPusher unreadPusher;
    private final long heartbeatMs;
    private final long recallWindowMs;
    /** The database's epoch for auth_ok (null: not reported, e.g. a test double store). */
    private final String epoch;
    /** auth_ok's "limits": what clients must respect, from the server's configuration. */
    private final ObjectNode limits;
    /** "gid|pin|appId" → nanoTime of the last typing push forwarded (rate limit). */
    private final Map<String, Long> lastTyping = new ConcurrentHashMap<>();

    public ChatService(ChatStore store, Fanout fanout, TokenService tokens, UnreadPusher unreadPusher,
                       long heartbeatMs, long recallWindowMs, long maxUploadBytes, long maxUploadPixels) {
        this.store = store;
        this.fanout = fanout;
        this.tokens = tokens;
        this.unreadPusher = unreadPusher;
        this.heartbeatMs = heartbeatMs;
        this.recallWindowMs = recallWindowMs;
        this.epoch = store.epoch();
        this.limits = Json.object();
        limits.put(ServerLimits.RECALL_WINDOW_MS, recallWindowMs);
        limits.put(ServerLimits.MAX_TEXT_CHARS, Limits.MAX_TEXT_CHARS);
        limits.put(ServerLimits.TYPING_INTERVAL_MS, Limits.TYPING_MIN_INTERVAL_MS);
        limits.put(ServerLimits.TYPING_TTL_MS, Limits.TYPING_TTL_MS);
        limits.put(ServerLimits.MAX_UPLOAD_BYTES, maxUploadBytes);
        limits.put(ServerLimits.MAX_UPLOAD_PIXELS, maxUploadPixels);
    }

    /** The server ping: one packet to every authenticated connection (scheduled every heartbeatMs). */
    public void pingAll() {
        fanout.toAll(Frame.of(Packets.ping(System.currentTimeMillis())));
    }

    /** One text frame from peer. */
    public void onText(Peer peer, String text) {
        if (peer.isClosing()) {
            return;
        }
        String id = null;
        try {
            if (text.length() > Limits.MAX_FRAME_BYTES || Json.utf8Length(text) > Limits.MAX_FRAME_BYTES) {
                throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "frame is " + Json.utf8Length(text)
                        + " bytes, the limit is " + Limits.MAX_FRAME_BYTES, CLOSE_TOO_LARGE);
            }
            JsonNode packet = Json.parse(text);
            if (packet == null) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not valid JSON");
            }
            if (!packet.isObject()) {
                throw new ProtocolException(ErrorCode.BAD_JSON,
                        "frame must be a JSON object, not " + packet.getNodeType().name().toLowerCase());
            }
            id = requestId(packet);
            dispatch(peer, packet, id);
        } catch (ProtocolException e) {
            reject(peer, id, e);
        } catch (GroupFullException e) {
            reject(peer, id, new ProtocolException(ErrorCode.GROUP_FULL, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("internal error on a packet from {}", peer, e);
            peer.send(Packets.error(id, ErrorCode.INTERNAL, "internal server error; nothing was stored"));
        }
    }

    /** One binary frame from peer: the protocol is text only. */
    public void onBinary(Peer peer) {
        if (!peer.isClosing()) {
            peer.send(Packets.error(null, ErrorCode.BINARY_NOT_SUPPORTED,
                    "binary frames are not supported; send JSON text frames"));
        }
    }

    /** peer's connection is gone. */
    public void onClose(Peer peer) {
        fanout.unregister(peer.connectionId());
    }

    private void reject(Peer peer, String id, ProtocolException e) {
        peer.send(Packets.error(id, e.code(), e.getMessage()));
        if (e.closeStatus() != 0) {
            LOG.debug("closing {} with {}: {}", peer, e.closeStatus(), e.getMessage());
            peer.close(e.closeStatus(), e.code().id);
        }
    }

    /** The request's id, echoed in the answer; validated before anything else so errors can carry it. */
    private static String requestId(JsonNode packet) throws ProtocolException {
        JsonNode id = packet.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.asText().length() > Limits.MAX_ID_CHARS) {
            throw ProtocolException.invalid("field 'id' must be a string of at most " + Limits.MAX_ID_CHARS + " characters");
        }
        return id.asText();
    }

    private void dispatch(Peer peer, JsonNode packet, String id) throws ProtocolException {
        JsonNode typeNode = packet.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "packet has no 'type'");
        }
        if (!typeNode.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "field 'type' must be a string");
        }
        String type = typeNode.asText();
        switch (type) {
            case PacketType.AUTH -> auth(peer, packet, id);
            case PacketType.HEARTBEAT -> heartbeat(requireUser(peer), peer, id);
            case PacketType.CREATE_GROUP -> createGroup(requireUser(peer), peer, packet, id);
            case PacketType.CHAT_MESSAGE -> chatMessage(requireUser(peer), peer, packet, id);
            case PacketType.HISTORY -> history(requireUser(peer), peer, packet, id);
            case PacketType.SYNC -> sync(requireUser(peer), peer, packet, id);
            case PacketType.RECALL -> recall(requireUser(peer), peer, packet, id);
            case PacketType.READ -> read(requireUser(peer), peer, packet, id);
            case PacketType.READ_STATE -> readState(requireUser(peer), peer, packet, id);
            case PacketType.UNREAD -> unread(requireUser(peer), peer, id);
            case PacketType.TYPING -> typing(requireUser(peer), peer, packet, id);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown packet type '" + abbreviate(type) + "'");
        }
    }

    private static UserId requireUser(Peer peer) throws ProtocolException {
        UserId user = peer.user();
        if (user == null) {
            throw new ProtocolException(ErrorCode.UNAUTHENTICATED, "send 'auth' first");
        }
        return user;
    }

    // ---- auth / heartbeat ----

    private void auth(Peer peer, JsonNode packet, String id) throws ProtocolException {
        if (peer.isAuthenticated()) {
            throw new ProtocolException(ErrorCode.ALREADY_AUTHENTICATED,
                    "this connection is already authenticated as " + peer.user().pin());
        }
        JsonNode tokenNode = packet.get("token");
        if (tokenNode == null || !tokenNode.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_TOKEN, "field 'token' is required (string)", CLOSE_POLICY_VIOLATION);
        }
        TokenService.Verification v = tokens.verify(tokenNode.asText());
        if (!v.isValid()) {
            throw new ProtocolException(v.failure(), v.reason(), CLOSE_POLICY_VIOLATION);
        }
        UserId user = v.claims().user();
        if (!matches(packet.get("pin"), user.pin())) {
            throw new ProtocolException(ErrorCode.IDENTITY_MISMATCH, "field 'pin' does not match the token",
                    CLOSE_POLICY_VIOLATION);
        }
        if (!matches(packet.get("appId"), user.appId())) {
            throw new ProtocolException(ErrorCode.IDENTITY_MISMATCH, "field 'appId' does not match the token",
                    CLOSE_POLICY_VIOLATION);
        }
        Fields f = new Fields(packet, "");
        String clientType = f.optionalString("clientType", 1, 16);
        if (clientType != null && !ClientType.isValid(clientType)) {
            throw ProtocolException.invalid("field 'clientType' must be one of m, comet, android, iOS");
        }
        String toChat = f.optionalString("toChat", 1, Limits.MAX_ID_CHARS);
        String toAppId = f.optionalString("toAppId", 1, Limits.MAX_ID_CHARS);
        UserId defaultChat = toChat == null ? null : new UserId(toChat, toAppId != null ? toAppId : user.appId());

        peer.login(user, clientType, defaultChat);
        ObjectNode ok = Packets.ok(PacketType.AUTH_OK, id);
        ok.put("pin", user.pin());
        ok.put("appId", user.appId());
        ok.put("heartbeatMs", heartbeatMs);
        ok.put("serverTime", System.currentTimeMillis());
        if (epoch != null) {
            ok.put("epoch", epoch);
        }
        ok.put("pingMs", heartbeatMs);
        ok.set(ServerLimits.FIELD, limits);
        // Reachable before auth_ok is queued so no push is missed, and atomically with it so no push
        // overtakes auth_ok.
        peer.sendAfter(() -> fanout.register(peer), Json.write(ok));
        LOG.debug("authenticated {} ({})", user, clientType);
    }

    private static boolean matches(JsonNode field, String expected) {
        return field != null && field.isTextual() && field.asText().equals(expected);
    }

    private void heartbeat(UserId user, Peer peer, String id) {
        ObjectNode ack = Packets.reply(PacketType.HEARTBEAT_ACK, id);
        ack.put("serverTime", System.currentTimeMillis());
        peer.send(Json.write(ack));
    }

    // ---- groups ----

    private void createGroup(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        JsonNode g = packet.get("group");
        if (g == null || g.isNull()) {
            throw ProtocolException.invalid("field 'group' is required (JSON object)");
        }
        if (!g.isObject()) {
            throw ProtocolException.invalid("field 'group' must be a JSON object");
        }
        Fields f = new Fields(g, "group.");
        Long modify = f.optionalLong("modifyFiled", Integer.MIN_VALUE, Integer.MAX_VALUE);
        int modifyFiled = modify == null ? 1 : modify.intValue();
        boolean create = modifyFiled == 1;
        // On create a given gid is ignored (the source only needs it for updates).
        long gid = create ? 0 : f.requiredLong("gid", 1, MAX_SAFE_INTEGER);
        String name = create ? f.requiredString("name", 1, Limits.MAX_NAME_CHARS)
                : f.optionalString("name", 1, Limits.MAX_NAME_CHARS);
        String nickName = f.optionalString("nickName", 0, Limits.MAX_NAME_CHARS);
        String intro = f.optionalString("intro", 0, Limits.MAX_GROUP_TEXT_CHARS);
        String notice = f.optionalString("notice", 0, Limits.MAX_GROUP_TEXT_CHARS);
        String approvalRule = f.optionalString("approvalRule", 0, Limits.MAX_NAME_CHARS);
        String sCode = f.optionalString("sCode", 0, Limits.MAX_NAME_CHARS);
        String avatar = f.optionalString("avatar", 0, Limits.MAX_GROUP_TEXT_CHARS);
        String invitation = f.optionalString("invitation", 0, Limits.MAX_GROUP_TEXT_CHARS);
        Integer canSearch = f.optionalInt("canSearch", 0, 1);
        Integer max = f.optionalInt("max", 1, Limits.MAX_GROUP_MAX);
        JsonNode kindNode = f.raw("kind");
        Integer kind = null;
        if (kindNode != null) {
            if (!kindNode.isIntegralNumber() || (kindNode.asLong() != 512 && kindNode.asLong() != 1024)) {
                throw ProtocolException.invalid("field 'group.kind' must be 512 or 1024");
            }
            kind = kindNode.intValue();
        }
        JsonNode bizExt = f.optionalObject("bizExt");
        String bizExtJson = bizExt == null ? null : Json.write(bizExt);
        if (bizExt != null && Json.utf8Length(bizExt) > Limits.MAX_BIZ_EXT_BYTES) {
            throw ProtocolException.invalid("field 'group.bizExt' must serialize to at most "
                    + Limits.MAX_BIZ_EXT_BYTES + " bytes");
        }
        List<Member> invitees = invitees(f, user);
        GroupSpec spec = new GroupSpec(name, nickName, intro, notice, approvalRule, sCode, avatar, invitation,
                canSearch, max, kind, bizExtJson, invitees);

        Group group;
        if (create) {
            group = store.createGroup(user, spec);
            LOG.debug("{} created group {}", user, group.gid());
        } else {
            Group existing = store.findGroup(gid).orElseThrow(() -> noSuchGroup(gid));
            if (existing.isDirect() || !user.equals(existing.owner())) {
                throw new ProtocolException(ErrorCode.NOT_OWNER, "only the creator of group " + gid + " may update it");
            }
            group = store.updateGroup(gid, user, spec).orElseThrow(() -> noSuchGroup(gid));
        }
        List<Member> members = store.members(group.gid());
        String callerNick = user.pin();
        for (Member m : members) {
            if (m.user().equals(user)) {
                callerNick = m.displayName();
            }
        }
        ObjectNode result = Packets.ok(PacketType.CREATE_GROUP_RESULT, id);
        result.put("gid", group.gid());
        result.set("group", Packets.group(group, members, callerNick, modifyFiled));
        peer.send(Json.write(result));
    }

    private static List<Member> invitees(Fields f, UserId caller) throws ProtocolException {
        JsonNode list = f.raw("invitees");
        List<Member> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            throw ProtocolException.invalid("field 'group.invitees' must be an array of {pin, app, nickName}");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw ProtocolException.invalid("field 'group.invitees[" + i + "]' must be an object {pin, app, nickName}");
            }
            Fields inv = new Fields(item, "group.invitees[" + i + "].");
            String pin = inv.requiredString("pin", 1, Limits.MAX_ID_CHARS);
            String app = inv.optionalString("app", 1, Limits.MAX_ID_CHARS);
            String nick = inv.optionalString("nickName", 0, Limits.MAX_NAME_CHARS);
            out.add(new Member(new UserId(pin, app != null ? app : caller.appId()), nick, 0));
        }
        return out;
    }

    // ---- messages ----

    private void chatMessage(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        String clientMsgId = f.requiredString("clientMsgId", 1, Limits.MAX_ID_CHARS);
        JsonNode typeNode = f.raw("msgType");
        if (typeNode != null && !typeNode.isTextual()) {
            throw ProtocolException.invalid("field 'msgType' must be a string");
        }
        String msgType = typeNode == null ? MessageType.TEXT : typeNode.asText();
        String content;
        String payload = null;
        String fallbackText = null;
        int version = ChatMessage.DEFAULT_VERSION;
        if (MessageType.TEXT.equals(msgType)) {
            if (f.has("fallbackText") || f.has("version")) {
                throw ProtocolException.invalid("fields 'fallbackText' and 'version' are only for custom message types");
            }
            content = f.requiredString("content", 1, Limits.MAX_TEXT_CHARS);
            if (!MessageType.hasVisibleText(content)) {
                throw ProtocolException.invalid("field 'content' must contain visible text, not only whitespace");
            }
        } else if (MessageType.isValidCustom(msgType)) {
            if (!f.has("payload")) {
                throw ProtocolException.invalid("field 'payload' is required for custom type '" + msgType + "' (JSON object)");
            }
            JsonNode p = f.optionalObject("payload");
            if (Json.utf8Length(p) > Limits.MAX_PAYLOAD_BYTES) {
                throw ProtocolException.invalid("field 'payload' must serialize to at most "
                        + Limits.MAX_PAYLOAD_BYTES + " bytes");
            }
            payload = Json.write(p);
            content = "";
            fallbackText = f.optionalString("fallbackText", 0, Limits.MAX_FALLBACK_TEXT_CHARS);
            Integer v = f.optionalInt("version", 1, Limits.MAX_MESSAGE_VERSION);
            version = v == null ? ChatMessage.DEFAULT_VERSION : v;
        } else if (MessageType.IMAGE.equals(msgType)) {
            payload = ImageMessage.parse(f); // {url, size, width?, height?}, delivered as top-level fields
            content = "";
        } else {
            throw ProtocolException.invalid("field 'msgType' must be 'text', 'image' or a custom type name matching "
                    + "[A-Za-z][A-Za-z0-9_.-]{0,31} other than image, system and recall; got '"
                    + abbreviate(msgType) + "'");
        }
        Target target = resolveConversation(user, peer, f);

        ChatMessage draft = new ChatMessage(target.gid, 0, user, target.self.displayName(), msgType, content,
                payload, clientMsgId, System.currentTimeMillis(), fallbackText, version);
        deliverMessage(user, peer, id, draft);
    }

    /**
     * Stores draft (or finds the original of a repeated clientMsgId) without waiting: once the store
     * has committed it, acks it to peer, pushes it to every other connection of every member (one
     * serialized frame for all) and hands the unread changes to the coalescing pusher. Completions run
     * in commit order, so pushes follow mid order.
     */
    private void deliverMessage(UserId user, Peer peer, String id, ChatMessage draft) {
        afterCommit(store.append(draft), peer, id, appended -> {
            ChatMessage stored = appended.message();
            String messageJson = Packets.messageJson(stored);
            // recipients as of the commit, read before the ack: a member who logs in after the ack gets it by history
            var recipients = appended.duplicate() ? null : memberIds(stored.gid());
            peer.send(Packets.messageAck(id, stored, messageJson));
            if (recipients != null) {
                fanout.toUsers(recipients, Frame.of(Packets.push(messageJson)), peer.connectionId());
                unreadPusher.changed(appended.unread());
            }
        });
    }

    /**
     * Runs then with the result of a store write once it has committed (on the store's completing
     * thread, in commit order). A failed write, or a fault while answering, becomes error 5000.
     */
    private <T> void afterCommit(CompletableFuture<T> write, Peer peer, String id, Consumer<T> then) {
        write.whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.error("a write for {} failed", peer, failure);
                peer.send(Packets.error(id, ErrorCode.INTERNAL, "internal server error; nothing was stored"));
                return;
            }
            try {
                then.accept(result);
            } catch (RuntimeException e) {
                LOG.error("answering {} after a commit failed", peer, e);
                peer.send(Packets.error(id, ErrorCode.INTERNAL, "internal server error after storing"));
            }
        });
    }

    private void history(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        Integer count = f.optionalInt("count", 1, Limits.MAX_HISTORY_COUNT);
        String direction = f.optionalString("direction", 1, 16);
        if (direction != null && !direction.equals("before") && !direction.equals("after")
                && !direction.equals("around")) {
            throw ProtocolException.invalid("field 'direction' must be before, after or around");
        }
        // "after 0" reads naturally as "from the oldest", like -1 (a client that has seen nothing yet)
        long lowest = "after".equals(direction) ? 0 : 1;
        long startMid = -1;
        JsonNode start = f.raw("startMid");
        if (start != null) {
            if (!start.isIntegralNumber() || !start.canConvertToLong()
                    || (start.asLong() != -1 && (start.asLong() < lowest || start.asLong() > MAX_SAFE_INTEGER))) {
                throw ProtocolException.invalid("field 'startMid' must be -1 or " + (lowest == 0 ? "a mid >= 0" : "a positive integer"));
            }
            startMid = start.asLong();
        }
        if ("around".equals(direction) && startMid < 1) {
            throw ProtocolException.invalid("field 'startMid' must be a positive integer (the anchor) for direction around");
        }
        Target target = resolveConversation(user, peer, f);
        int n = count == null ? DEFAULT_HISTORY_COUNT : count;
        if ("after".equals(direction)) {
            ChatStore.ForwardPage page = store.after(target.gid, Math.max(0, startMid), n);
            ObjectNode result = Packets.ok(PacketType.HISTORY_RESULT, id);
            result.put("gid", target.gid);
            result.put("direction", direction);
            addMessages(result, page.msgs());
            result.put("total", page.total());
            result.put("end", page.end());
            peer.send(Json.write(result));
            return;
        }
        if ("around".equals(direction)) {
            ChatStore.HistoryWindow page = store.around(target.gid, startMid, n);
            ObjectNode result = Packets.ok(PacketType.HISTORY_RESULT, id);
            result.put("gid", target.gid);
            result.put("direction", direction);
            addMessages(result, page.msgs());
            result.put("total", page.total());
            result.put("endBefore", page.endBefore());
            result.put("endAfter", page.endAfter());
            peer.send(Json.write(result));
            return;
        }

        HistoryPage page = store.page(target.gid, startMid, count == null ? DEFAULT_HISTORY_COUNT : count);
        ObjectNode result = Packets.ok(PacketType.HISTORY_RESULT, id);
        result.put("gid", target.gid);
        ArrayNode msgs = result.putArray("msgs");
        for (ChatMessage m : page.msgs()) {
            msgs.add(Packets.message(m));
        }
        result.put("total", page.total());
        result.put("end", page.end());
        peer.send(Json.write(result));
    }

    private static void addMessages(ObjectNode result, List<ChatMessage> list) {
        ArrayNode msgs = result.putArray("msgs");
        for (ChatMessage m : list) {
            msgs.add(Packets.message(m));
        }
    }

    // ---- resume, recall, read receipts, unread, typing ----

    private void sync(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        long afterMid = f.requiredLong("afterMid", 0, MAX_SAFE_INTEGER);
        Integer limitField = f.optionalInt("limit", 1, Limits.MAX_SYNC_LIMIT);
        int limit = limitField == null ? Limits.DEFAULT_SYNC_LIMIT : limitField;
        Target target = resolveConversation(user, peer, f);
        ChatStore.ForwardPage page = store.after(target.gid, afterMid, limit);
        // More missed than the bound, or a mid from the future (another database): start over.
        boolean recovered = page.end() && afterMid <= page.lastMid();
        ObjectNode result = Packets.ok(PacketType.SYNC_RESULT, id);
        result.put("gid", target.gid);
        addMessages(result, recovered ? page.msgs() : List.of());
        result.put("recovered", recovered);
        result.put("lastMid", page.lastMid());
        result.put("end", recovered);
        peer.send(Json.write(result));
    }

    private void recall(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        long mid = f.requiredLong("mid", 1, MAX_SAFE_INTEGER);
        Target target = resolveConversation(user, peer, f);
        long gid = target.gid;
        long now = System.currentTimeMillis();
        afterCommit(store.recall(gid, mid, user, now, recallWindowMs), peer, id, r -> {
            switch (r.outcome()) {
                case NO_SUCH_MESSAGE -> reject(peer, id, new ProtocolException(ErrorCode.NO_SUCH_MESSAGE,
                        "no message " + mid + " in conversation " + gid));
                case NOT_SENDER -> reject(peer, id, new ProtocolException(ErrorCode.NOT_SENDER,
                        "only the sender may recall message " + mid));
                case WINDOW_PASSED -> reject(peer, id, new ProtocolException(ErrorCode.RECALL_WINDOW_PASSED,
                        "message " + mid + " is older than the " + recallWindowMs / 1000 + " s recall window"));
                case RECALLED, ALREADY_RECALLED -> {
                    ObjectNode result = Packets.ok(PacketType.RECALL_RESULT, id);
                    result.put("gid", gid);
                    result.put("mid", mid);
                    peer.send(Json.write(result));
                    if (r.outcome() == MessageStore.RecallOutcome.RECALLED) {
                        ObjectNode push = Packets.reply(PacketType.RECALLED, null);
                        push.put("gid", gid);
                        push.put("mid", mid);
                        push.set("by", Packets.user(user));
                        push.put("timestamp", now);
                        fanout.toUsers(memberIds(gid), Frame.of(Json.write(push)), peer.connectionId());
                        unreadPusher.changed(r.unread());
                    }
                }
            }
        });
    }

    private void read(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        long mid = f.requiredLong("mid", 1, MAX_SAFE_INTEGER);
        Target target = resolveConversation(user, peer, f);
        long gid = target.gid;
        afterCommit(store.markRead(gid, user, mid), peer, id, move -> {
            if (move.moved()) {
                ObjectNode push = Packets.reply(PacketType.READ_RECEIPT, null);
                push.put("gid", gid);
                push.set("reader", Packets.user(user));
                push.put("mid", move.cursor());
                fanout.toUsers(memberIds(gid), Frame.of(Json.write(push)), null);
            }
            if (id != null) {
                ObjectNode result = Packets.ok(PacketType.READ_RESULT, id);
                result.put("gid", gid);
                result.put("lastReadMid", move.cursor());
                peer.send(Json.write(result));
            }
            if (move.moved()) {
                unreadPusher.changed(move.unread());
            }
        });
    }

    private void readState(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Target target = resolveConversation(user, peer, new Fields(packet, ""));
        ObjectNode result = Packets.ok(PacketType.READ_STATE_RESULT, id);
        result.put("gid", target.gid);
        ArrayNode list = result.putArray("members");
        for (ChatStore.ReadCursor rc : store.readState(target.gid)) {
            ObjectNode o = list.addObject();
            o.put("pin", rc.member().user().pin());
            o.put("appId", rc.member().user().appId());
            o.put("nickName", rc.member().displayName());
            o.put("lastReadMid", rc.lastReadMid());
        }
        peer.send(Json.write(result));
    }

    private void unread(UserId user, Peer peer, String id) {
        ObjectNode result = Packets.ok(PacketType.UNREAD_RESULT, id);
        ArrayNode list = Json.object().arrayNode();
        long total = 0;
        for (ChatStore.Unread u : store.unread(user)) {
            ObjectNode o = list.addObject();
            o.put("gid", u.gid());
            o.put("count", u.count());
            o.put("lastMid", u.lastMid());
            total += u.count();
        }
        result.put("total", total);
        result.set("conversations", list);
        peer.send(Json.write(result));
    }

    private void typing(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Target target = resolveConversation(user, peer, new Fields(packet, ""));
        long gid = target.gid;
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
            push.put("gid", gid);
            ObjectNode from = Packets.user(user);
            from.put("nickName", target.self.displayName());
            push.set("from", from);
            push.put("ttlMs", Limits.TYPING_TTL_MS);
            List<UserId> others = memberIds(gid);
            others.remove(user);
            fanout.toUsers(others, Frame.of(Json.write(push)), null);
        }
        if (id != null) {
            ObjectNode result = Packets.ok(PacketType.TYPING_RESULT, id);
            result.put("gid", gid);
            result.put("forwarded", forward[0]);
            peer.send(Json.write(result));
        }
    }

    private List<UserId> memberIds(long gid) {
        List<UserId> out = new ArrayList<>();
        for (Member m : store.members(gid)) {
            out.add(m.user());
        }
        return out;
    }

    /** The conversation a send/history addresses, with the caller's membership in it. */
    private record Target(long gid, Member self) {
    }

    /** gid (member check) or toChat/toAppId (or the auth defaults) → the direct conversation. */
    private Target resolveConversation(UserId user, Peer peer, Fields f) throws ProtocolException {
        if (f.has("gid")) {
            long gid = f.requiredLong("gid", 1, MAX_SAFE_INTEGER);
            Optional<Member> self = store.findMember(gid, user);
            if (self.isEmpty()) {
                if (store.findGroup(gid).isEmpty()) {
                    throw noSuchGroup(gid);
                }
                throw new ProtocolException(ErrorCode.NOT_MEMBER, "you are not a member of group " + gid);
            }
            return new Target(gid, self.get());
        }
        String toChat = f.optionalString("toChat", 1, Limits.MAX_ID_CHARS);
        String toAppId = f.optionalString("toAppId", 1, Limits.MAX_ID_CHARS);
        UserId other;
        if (toChat != null) {
            other = new UserId(toChat, toAppId != null ? toAppId : user.appId());
        } else if (peer.defaultChat() != null) {
            other = peer.defaultChat();
        } else {
            throw ProtocolException.invalid("field 'gid' or 'toChat' (with 'toAppId') is required");
        }
        long gid = store.findOrCreateDirect(user, other);
        return new Target(gid, store.findMember(gid, user).orElse(new Member(user, null, 0)));
    }

    private static ProtocolException noSuchGroup(long gid) {
        return new ProtocolException(ErrorCode.NO_SUCH_GROUP, "no group " + gid);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
