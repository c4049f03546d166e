package io.parley.server.chat;

import io.parley.protocol.Field;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ClientType;
import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;
import io.parley.protocol.PacketType;
import io.parley.server.auth.TokenPolicy;
import io.parley.server.auth.TokenService;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.Frame;
import io.parley.server.limits.LimitExceeded;
import io.parley.server.limits.Limiters;
import io.parley.server.store.ChatStore;
import io.parley.server.store.DeskStore;
import io.parley.server.store.GroupFullException;
import io.parley.server.ws.Peer;

/**
 * Entry point for every uplink packet of docs/PROTOCOL.md: parses, checks the login, dispatches to the
 * request handlers ({@link GroupRequests}, {@link MessageRequests}, {@link PagedRequests},
 * {@link ReceiptRequests}) and owns the session: auth, renew, revocation, the auth deadline and token
 * expiry. Knows nothing of Jetty (it talks to {@link Peer}s), so it can be driven directly.
 *
 * <p>Never throws to the caller: a rejected request becomes an {@code error} packet (closing the
 * connection only where the protocol says so) and an unexpected fault becomes error 5000 with the
 * connection left open. Validation happens before anything is stored.
 */
public final class ChatService {
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    /** Largest integer a JS double represents exactly: ids must survive the browser. */
    static final long MAX_SAFE_INTEGER = Conversations.MAX_SAFE_INTEGER;
    private static final int CLOSE_POLICY_VIOLATION = 1008;
    private static final int CLOSE_TOO_LARGE = 1009;
    private final Fanout fanout;
    private final TokenPolicy tokens;
    private final Limiters limiters;
    private final long heartbeatMs;
    /** The database's epoch for auth_ok (null: not reported, e.g. a test double store). */
    private final String epoch;
    /** auth_ok's "limits": what clients must respect, from the server's configuration. */
    private final ObjectNode limits;
    private final GroupRequests groups;
    private final MessageRequests messages;
    private final PagedRequests paged;
    private final ReceiptRequests receipts;
    /** list_conversations; null when the store keeps no conversation list. */
    private final ConversationList conversationList;
    /** This node's authenticated connections by user: revocation closes them. */
    private final Map<UserId, Set<Peer>> sessions = new ConcurrentHashMap<>();
    private final ChatStore store;

    public ChatService(ChatStore store, Fanout fanout, TokenPolicy tokens, UnreadPusher unreadPusher,
                       long heartbeatMs, long recallWindowMs, long maxUploadBytes, long maxUploadPixels,
                       Limiters limiters, ContentPolicy contentPolicy) {
        this(store, fanout, tokens, unreadPusher, null, heartbeatMs, recallWindowMs, maxUploadBytes, maxUploadPixels,
                limiters, contentPolicy);
    }

    /** desk: the conversation_updated pusher, or null for none. */
    public ChatService(ChatStore store, Fanout fanout, TokenPolicy tokens, UnreadPusher unreadPusher, DeskPusher desk,
                       long heartbeatMs, long recallWindowMs, long maxUploadBytes, long maxUploadPixels,
                       Limiters limiters, ContentPolicy contentPolicy) {
        this.store = store;
        this.fanout = fanout;
        this.tokens = tokens;
        this.limiters = limiters;
        this.heartbeatMs = heartbeatMs;
        this.epoch = store.epoch();
        Conversations conversations = new Conversations(store);
        this.groups = new GroupRequests(store, limiters.groups(), contentPolicy, desk);
        this.messages = new MessageRequests(store, fanout, conversations, unreadPusher, limiters.messages(),
                recallWindowMs, contentPolicy, desk);
        this.paged = new PagedRequests(store, conversations, limiters.config());
        this.receipts = new ReceiptRequests(store, fanout, conversations, unreadPusher, desk);
        this.conversationList = store instanceof DeskStore d ? new ConversationList(d) : null;
        this.limits = Json.object();
        limits.put(Field.RECALL_WINDOW_MS, recallWindowMs);
        limits.put(Field.MAX_TEXT_CHARS, Limits.MAX_TEXT_CHARS);
        limits.put(Field.TYPING_INTERVAL_MS, Limits.TYPING_MIN_INTERVAL_MS);
        limits.put(Field.TYPING_TTL_MS, Limits.TYPING_TTL_MS);
        limits.put(Field.MAX_UPLOAD_BYTES, maxUploadBytes);
        limits.put(Field.MAX_UPLOAD_PIXELS, maxUploadPixels);
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
            long bytes = text.length() > Limits.MAX_FRAME_BYTES ? text.length() : Json.utf8Length(text);
            if (bytes > Limits.MAX_FRAME_BYTES) {
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
            dispatch(peer, packet, id, (int) bytes);
        } catch (ProtocolException e) {
            reject(peer, id, e);
        } catch (LimitExceeded e) {
            peer.send(Packets.limitError(id, e));
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
        limiters.messages().forget(peer.connectionId());
        UserId user = peer.user();
        if (user != null) {
            sessions.computeIfPresent(user, (u, set) -> {
                set.remove(peer);
                return set.isEmpty() ? null : set;
            });
            limiters.connectionsPerUser().release(user);
        }
    }

    /** peer did not authenticate within the auth deadline (the sweeper calls this). */
    public void onAuthTimeout(Peer peer) {
        reject(peer, null, new ProtocolException(ErrorCode.AUTH_TIMEOUT, "no successful 'auth' within "
                + limiters.config().get(io.parley.server.limits.Limit.AUTH_DEADLINE_MS) + " ms", CLOSE_POLICY_VIOLATION));
    }

    /** peer's token expired and was not renewed (the sweeper calls this). */
    public void onTokenExpired(Peer peer) {
        reject(peer, null, new ProtocolException(ErrorCode.TOKEN_EXPIRED,
                "the token expired; connect again with a fresh one, or send 'renew' before it expires",
                CLOSE_POLICY_VIOLATION));
    }

    /** Refuses user's current tokens and closes this node's connections of user; the number closed. */
    public int revoke(UserId user) {
        tokens.revoke(user);
        Set<Peer> open = sessions.remove(user);
        if (open == null) {
            return 0;
        }
        for (Peer p : open) {
            reject(p, null, new ProtocolException(ErrorCode.REVOKED, "this session was revoked",
                    CLOSE_POLICY_VIOLATION));
        }
        return open.size();
    }

    private void reject(Peer peer, String id, ProtocolException e) {
        peer.send(Packets.error(id, e.code(), e.getMessage()));
        if (e.closeStatus() != 0) {
            LOG.debug("closing {} with {}: {}", peer, e.closeStatus(), e.code().id);
            peer.close(e.closeStatus(), e.code().id);
        }
    }

    /** The request's id, echoed in the answer; validated before anything else so errors can carry it. */
    private static String requestId(JsonNode packet) throws ProtocolException {
        JsonNode id = packet.get(Field.ID);
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.asText().length() > Limits.MAX_ID_CHARS) {
            throw ProtocolException.invalid("field 'id' must be a string of at most " + Limits.MAX_ID_CHARS + " characters");
        }
        return id.asText();
    }

    private void dispatch(Peer peer, JsonNode packet, String id, int bytes) throws ProtocolException, LimitExceeded {
        JsonNode typeNode = packet.get(Field.TYPE);
        if (typeNode == null || typeNode.isNull()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "packet has no 'type'");
        }
        if (!typeNode.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "field 'type' must be a string");
        }
        String type = typeNode.asText();
        switch (type) {
            case PacketType.AUTH -> auth(peer, packet, id);
            case PacketType.RENEW -> renew(requireUser(peer), peer, packet, id);
            case PacketType.HEARTBEAT -> heartbeat(requireUser(peer), peer, id);
            case PacketType.CREATE_GROUP -> groups.createGroup(requireUser(peer), peer, packet, id);
            case PacketType.CHAT_MESSAGE -> messages.chatMessage(requireUser(peer), peer, packet, id, bytes);
            case PacketType.HISTORY -> paged.history(requireUser(peer), peer, packet, id);
            case PacketType.SYNC -> paged.sync(requireUser(peer), peer, packet, id);
            case PacketType.RECALL -> messages.recall(requireUser(peer), peer, packet, id);
            case PacketType.READ -> receipts.read(requireUser(peer), peer, packet, id);
            case PacketType.READ_STATE -> receipts.readState(requireUser(peer), peer, packet, id);
            case PacketType.UNREAD -> paged.unread(requireUser(peer), peer, id);
            case PacketType.TYPING -> receipts.typing(requireUser(peer), peer, packet, id);
            case PacketType.LIST_CONVERSATIONS -> listConversations(requireUser(peer), peer, packet, id);
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown packet type '" + Conversations.abbreviate(type) + "'");
        }
    }

    private void listConversations(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        if (conversationList == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "this server keeps no conversation list");
        }
        conversationList.list(user, peer, packet, id);
    }

    private static UserId requireUser(Peer peer) throws ProtocolException {
        UserId user = peer.user();
        if (user == null) {
            throw new ProtocolException(ErrorCode.UNAUTHENTICATED, "send 'auth' first");
        }
        return user;
    }

    // ---- auth / renew / heartbeat ----

    /** A valid token from packet's "token", or the failure (closing when close is set). */
    private TokenService.Claims verifiedToken(JsonNode packet, int closeStatus) throws ProtocolException {
        JsonNode tokenNode = packet.get(Field.TOKEN);
        if (tokenNode == null || !tokenNode.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_TOKEN, "field 'token' is required (string)", closeStatus);
        }
        TokenService.Verification v = tokens.verify(tokenNode.asText());
        if (!v.isValid()) {
            throw new ProtocolException(v.failure(), v.reason(), closeStatus);
        }
        return v.claims();
    }

    private void auth(Peer peer, JsonNode packet, String id) throws ProtocolException {
        if (peer.isAuthenticated()) {
            throw new ProtocolException(ErrorCode.ALREADY_AUTHENTICATED,
                    "this connection is already authenticated as " + peer.user().pin());
        }
        TokenService.Claims claims = verifiedToken(packet, CLOSE_POLICY_VIOLATION);
        UserId user = claims.user();
        if (!matches(packet.get(Field.PIN), user.pin())) {
            throw new ProtocolException(ErrorCode.IDENTITY_MISMATCH, "field 'pin' does not match the token",
                    CLOSE_POLICY_VIOLATION);
        }
        if (!matches(packet.get(Field.APP_ID), user.appId())) {
            throw new ProtocolException(ErrorCode.IDENTITY_MISMATCH, "field 'appId' does not match the token",
                    CLOSE_POLICY_VIOLATION);
        }
        Fields f = new Fields(packet, "");
        String clientType = f.optionalString(Field.CLIENT_TYPE, 1, 16);
        if (clientType != null && !ClientType.isValid(clientType)) {
            throw ProtocolException.invalid("field 'clientType' must be one of m, comet, android, iOS");
        }
        String toChat = f.optionalString(Field.TO_CHAT, 1, Limits.MAX_ID_CHARS);
        String toAppId = f.optionalString(Field.TO_APP_ID, 1, Limits.MAX_ID_CHARS);
        UserId defaultChat = toChat == null ? null : new UserId(toChat, toAppId != null ? toAppId : user.appId());
        if (!limiters.connectionsPerUser().tryAcquire(user)) {
            throw new ProtocolException(ErrorCode.TOO_MANY_CONNECTIONS, "this user already has "
                    + limiters.connectionsPerUser().max() + " connections open", CLOSE_POLICY_VIOLATION);
        }
        peer.tokenName(ContentPolicy.tokenName(claims.name()));
        recordName(user, peer.tokenName());
        peer.login(user, clientType, defaultChat);
        peer.setTokenExpiry(tokens.tokens().sessionEndMs(claims));
        sessions.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(peer);
        ObjectNode ok = Packets.ok(PacketType.AUTH_OK, id);
        ok.put(Field.PIN, user.pin());
        ok.put(Field.APP_ID, user.appId());
        ok.put(Field.HEARTBEAT_MS, heartbeatMs);
        ok.put(Field.SERVER_TIME, System.currentTimeMillis());
        ok.put(Field.EXP, claims.exp()); // so a client with a token provider renews before it
        if (epoch != null) {
            ok.put(Field.EPOCH, epoch);
        }
        ok.put(Field.PING_MS, heartbeatMs);
        ok.set(Field.LIMITS, limits);
        // Reachable before auth_ok is queued so no push is missed, and atomically with it so no push
        // overtakes auth_ok.
        peer.sendAfter(() -> fanout.register(peer), Json.write(ok));
        LOG.debug("authenticated {} ({})", user, clientType);
    }

    /**
     * The token's name becomes the user's name in member lists, also where they were invited and never
     * wrote. Cosmetic: a store failure does not stop the login.
     */
    private void recordName(UserId user, String name) {
        if (name == null) {
            return;
        }
        try {
            store.recordName(user, name);
        } catch (RuntimeException e) {
            LOG.warn("could not record the display name of {}: {}", user, e.toString());
        }
    }

    /** A fresh token for the same identity: the session (subscriptions, queue) carries on with its expiry. */
    private void renew(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        TokenService.Claims claims = verifiedToken(packet, 0);
        if (!claims.user().equals(user)) {
            throw new ProtocolException(ErrorCode.IDENTITY_MISMATCH,
                    "the new token is for another user; a connection keeps its identity", CLOSE_POLICY_VIOLATION);
        }
        peer.setTokenExpiry(tokens.tokens().sessionEndMs(claims));
        peer.tokenName(ContentPolicy.tokenName(claims.name()));
        recordName(user, peer.tokenName());
        ObjectNode ok = Packets.ok(PacketType.RENEW_OK, id);
        ok.put(Field.EXP, claims.exp());
        peer.send(Json.write(ok));
    }

    private static boolean matches(JsonNode field, String expected) {
        return field != null && field.isTextual() && field.asText().equals(expected);
    }

    private void heartbeat(UserId user, Peer peer, String id) {
        ObjectNode ack = Packets.reply(PacketType.HEARTBEAT_ACK, id);
        ack.put(Field.SERVER_TIME, System.currentTimeMillis());
        peer.send(Json.write(ack));
    }
}
