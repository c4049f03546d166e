package io.parley.server.chat;

import io.parley.protocol.Field;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.protocol.ConversationFields;
import io.parley.protocol.MessageType;
import io.parley.protocol.PacketType;
import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.DeskStore;
import io.parley.server.store.DeskStore.ConversationEntry;
import io.parley.server.store.DeskStore.Position;
import io.parley.server.ws.Peer;

/**
 * list_conversations (docs/PROTOCOL.md "Conversation list"): one page of the requesting user's own
 * conversations, and the JSON of an entry that the conversation_updated push shares. The user comes from
 * the login only, so nobody can list another user's conversations; the cursor is opaque to clients but
 * only a position (activity, gid) within the requester's own list, checked when it comes back.
 */
final class ConversationList {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_CURSOR_CHARS = 64;

    private final DeskStore store;

    ConversationList(DeskStore store) {
        this.store = store;
    }

    void list(UserId user, Peer peer, JsonNode packet, String id) throws ProtocolException {
        Fields f = new Fields(packet, "");
        Integer asked = f.optionalInt(ConversationFields.LIMIT, 1, ConversationFields.MAX_LIMIT);
        int limit = asked == null ? ConversationFields.DEFAULT_LIMIT : asked;
        String cursor = f.optionalString(ConversationFields.BEFORE, 1, MAX_CURSOR_CHARS);
        Position after = cursor == null ? null : decode(cursor);
        String filter = f.optionalString(ConversationFields.FILTER, 0, ConversationFields.MAX_FILTER_CHARS);
        if (filter != null) {
            filter = filter.strip();
            if (filter.isEmpty()) {
                filter = null;
            } else if (filter.codePoints().anyMatch(Character::isISOControl)) {
                throw ProtocolException.invalid("field 'filter' must not contain control characters");
            }
        }
        List<ConversationEntry> rows = store.conversations(user, after, filter, limit + 1);
        boolean end = rows.size() <= limit;
        List<ConversationEntry> page = end ? rows : rows.subList(0, limit);
        ObjectNode result = Packets.ok(PacketType.LIST_CONVERSATIONS_RESULT, id);
        result.set(ConversationFields.CONVERSATIONS, entries(page));
        result.put(ConversationFields.END, end);
        if (!end) {
            result.put(ConversationFields.NEXT, encode(page.get(page.size() - 1).position()));
        }
        peer.send(Json.write(result));
    }

    static ArrayNode entries(List<ConversationEntry> list) {
        ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (ConversationEntry e : list) {
            out.add(entry(e));
        }
        return out;
    }

    static ObjectNode entry(ConversationEntry e) {
        ObjectNode o = Json.object();
        o.put(ConversationFields.GID, e.gid());
        o.put(ConversationFields.KIND, e.direct() ? ConversationFields.KIND_DIRECT : ConversationFields.KIND_GROUP);
        o.put(ConversationFields.NAME, e.name());
        o.put(ConversationFields.AVATAR, e.avatar());
        if (e.peer() != null) {
            o.set(ConversationFields.PEER, Packets.user(e.peer()));
        }
        o.put(ConversationFields.TIME, e.activity());
        o.put(ConversationFields.LAST_MID, e.lastMid());
        o.put(ConversationFields.UNREAD, e.unread());
        ChatMessage m = e.last();
        if (m != null) {
            ObjectNode last = o.putObject(ConversationFields.LAST);
            last.put(Field.MID, m.mid());
            last.put(Field.MSG_TYPE, m.type());
            ObjectNode from = Packets.user(m.sender());
            from.put(Field.NICK_NAME, m.senderNick());
            last.set(Field.FROM, from);
            last.put(Field.TIMESTAMP, m.timestamp());
            last.put(ConversationFields.PREVIEW, preview(m));
            if (m.recalled()) {
                last.put(ConversationFields.RECALLED, true);
            }
        }
        return o;
    }

    /** What the list shows of a message: its text (cut), "[image]", a custom type's fallbackText, a recall marker. */
    static String preview(ChatMessage m) {
        String text;
        if (m.recalled()) {
            return ConversationFields.RECALLED_PREVIEW;
        } else if (MessageType.TEXT.equals(m.type()) || MessageType.SYSTEM.equals(m.type())) {
            text = m.content();
        } else if (MessageType.IMAGE.equals(m.type())) {
            return ConversationFields.IMAGE_PREVIEW;
        } else {
            text = m.fallbackText() != null && !m.fallbackText().isBlank() ? m.fallbackText() : "[" + m.type() + "]";
        }
        int max = ConversationFields.MAX_PREVIEW_CHARS;
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    static String encode(Position p) {
        return B64.encodeToString((p.activity() + "." + p.gid()).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a cursor of {@link #encode} names; anything else is a clear invalid_field error. */
    static Position decode(String cursor) throws ProtocolException {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int dot = s.indexOf('.');
            if (dot > 0 && s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')) && s.indexOf('.', dot + 1) < 0) {
                long activity = Long.parseLong(s.substring(0, dot));
                long gid = Long.parseLong(s.substring(dot + 1));
                return new Position(activity, gid);
            }
        } catch (IllegalArgumentException e) { // bad base64 or a number out of range
            // falls through to the error below
        }
        throw ProtocolException.invalid("field 'before' is not a cursor this server gave out;"
                + " pass the 'next' of a list_conversations_result, or omit it for the first page");
    }
}
