package io.parley.server.chat;

import io.parley.protocol.Field;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.Limits;
import io.parley.protocol.MessageType;
import io.parley.protocol.PacketType;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Fanout;
import io.parley.server.fanout.Frame;
import io.parley.server.limits.LimitExceeded;
import io.parley.server.limits.MessageLimits;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.server.store.MessageStore;
import io.parley.server.ws.Peer;

/** chat_message and recall: validating, rate limiting, storing and pushing messages. */
final class MessageRequests {
    private final ChatStore store;
    private final Fanout fanout;
    private final Conversations conversations;
    private final UnreadPusher unreadPusher;
    private final MessageLimits limits;
    private final long recallWindowMs;
    /** Media URLs and names; without --media-origins only this server's /files/ are allowed. */
    private final ContentPolicy policy;
    /** conversation_updated pushes; null when the desk's push is off. */
    private final DeskPusher desk;

    MessageRequests(ChatStore store, Fanout fanout, Conversations conversations, UnreadPusher unreadPusher,
                    MessageLimits limits, long recallWindowMs, ContentPolicy policy, DeskPusher desk) {
        this.desk = desk;
        this.store = store;
        this.fanout = fanout;
        this.conversations = conversations;
        this.unreadPusher = unreadPusher;
        this.limits = limits;
        this.recallWindowMs = recallWindowMs;
        this.policy = policy;
    }

    void chatMessage(UserId user, Peer peer, JsonNode packet, String id, int frameBytes)
            throws ProtocolException, LimitExceeded {
        Fields f = new Fields(packet, "");
        String clientMsgId = f.requiredString(Field.CLIENT_MSG_ID, 1, Limits.MAX_ID_CHARS);
        JsonNode typeNode = f.raw(Field.MSG_TYPE);
        if (typeNode != null && !typeNode.isTextual()) {
            throw ProtocolException.invalid("field 'msgType' must be a string");
        }
        String msgType = typeNode == null ? MessageType.TEXT : typeNode.asText();
        String content;
        String payload = null;
        String fallbackText = null;
        int version = ChatMessage.DEFAULT_VERSION;
        if (MessageType.TEXT.equals(msgType)) {
            if (f.has(Field.FALLBACK_TEXT) || f.has(Field.VERSION)) {
                throw ProtocolException.invalid("fields 'fallbackText' and 'version' are only for custom message types");
            }
            content = f.requiredString(Field.CONTENT, 1, Limits.MAX_TEXT_CHARS);
            if (!MessageType.hasVisibleText(content)) {
                throw ProtocolException.invalid("field 'content' must contain visible text, not only whitespace");
            }
        } else if (MessageType.isValidCustom(msgType)) {
            if (!f.has(Field.PAYLOAD)) {
                throw ProtocolException.invalid("field 'payload' is required for custom type '" + msgType + "' (JSON object)");
            }
            JsonNode p = f.optionalObject(Field.PAYLOAD);
            if (Json.utf8Length(p) > Limits.MAX_PAYLOAD_BYTES) {
                throw ProtocolException.invalid("field 'payload' must serialize to at most "
                        + Limits.MAX_PAYLOAD_BYTES + " bytes");
            }
            payload = Json.write(p);
            content = "";
            fallbackText = f.optionalString(Field.FALLBACK_TEXT, 0, Limits.MAX_FALLBACK_TEXT_CHARS);
            Integer v = f.optionalInt(Field.VERSION, 1, Limits.MAX_MESSAGE_VERSION);
            version = v == null ? ChatMessage.DEFAULT_VERSION : v;
        } else if (MessageType.IMAGE.equals(msgType)) {
            payload = ImageMessage.parse(f, policy, peer); // {url, size, width?, height?}, delivered as top-level fields
            content = "";
        } else {
            throw ProtocolException.invalid("field 'msgType' must be 'text', 'image' or a custom type name matching "
                    + "[A-Za-z][A-Za-z0-9_.-]{0,31} other than image, system and recall; got '"
                    + Conversations.abbreviate(msgType) + "'");
        }
        Conversations.Target target = conversations.resolve(user, peer, f);
        limits.check(peer.connectionId(), user, frameBytes);

        ChatMessage draft = new ChatMessage(target.gid(), 0, user, ContentPolicy.displayName(peer, target.self()), msgType, content,
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
        Conversations.afterCommit(store.append(draft), peer, id, appended -> {
            ChatMessage stored = appended.message();
            // one JSON text, encoded to UTF-8 once, spliced into ack and push
            byte[] messageJson = Packets.messageJson(stored).getBytes(StandardCharsets.UTF_8);
            // recipients as of the commit, read before the ack: a member who logs in after the ack gets it by history
            var recipients = appended.duplicate() ? null : conversations.memberIds(stored.gid());
            peer.send(Frame.ofUtf8(Packets.messageAck(id, stored, messageJson)));
            if (recipients != null) {
                fanout.toUsers(recipients, Frame.ofUtf8(Packets.push(messageJson)), peer.connectionId());
                unreadPusher.changed(appended.unread());
                if (desk != null) {
                    desk.conversationChanged(stored.gid(), recipients);
                }
            }
        });
    }

    void recall(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        long mid = f.requiredLong(Field.MID, 1, Conversations.MAX_SAFE_INTEGER);
        Conversations.Target target = conversations.resolve(user, peer, f);
        long gid = target.gid();
        long now = System.currentTimeMillis();
        Conversations.afterCommit(store.recall(gid, mid, user, now, recallWindowMs), peer, id, r -> {
            switch (r.outcome()) {
                case NO_SUCH_MESSAGE -> peer.send(Packets.error(id, ErrorCode.NO_SUCH_MESSAGE,
                        "no message " + mid + " in conversation " + gid));
                case NOT_SENDER -> peer.send(Packets.error(id, ErrorCode.NOT_SENDER,
                        "only the sender may recall message " + mid));
                case WINDOW_PASSED -> peer.send(Packets.error(id, ErrorCode.RECALL_WINDOW_PASSED,
                        "message " + mid + " is older than the " + recallWindowMs / 1000 + " s recall window"));
                case RECALLED, ALREADY_RECALLED -> {
                    ObjectNode result = Packets.ok(PacketType.RECALL_RESULT, id);
                    result.put(Field.GID, gid);
                    result.put(Field.MID, mid);
                    peer.send(Json.write(result));
                    if (r.outcome() == MessageStore.RecallOutcome.RECALLED) {
                        ObjectNode push = Packets.reply(PacketType.RECALLED, null);
                        push.put(Field.GID, gid);
                        push.put(Field.MID, mid);
                        push.set(Field.BY, Packets.user(user));
                        push.put(Field.TIMESTAMP, now);
                        var members = conversations.memberIds(gid);
                        fanout.toUsers(members, Frame.of(Json.write(push)), peer.connectionId());
                        unreadPusher.changed(r.unread());
                        if (desk != null) {
                            desk.conversationChanged(gid, members); // the preview became the recall marker
                        }
                    }
                }
            }
        });
    }
}
