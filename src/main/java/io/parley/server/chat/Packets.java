package io.parley.server.chat;

import io.parley.protocol.Field;
import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.Group;
import io.parley.server.store.Member;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.parley.protocol.ErrorCode;
import io.parley.protocol.MessageType;
import io.parley.protocol.PacketType;

/** Builds downlink packets in exactly the shapes of docs/PROTOCOL.md. */
public final class Packets {
    private Packets() {
    }

    /** {"type":type,"id":id} (id left out when null). */
    static ObjectNode reply(String type, String id) {
        ObjectNode p = Json.object();
        p.put(Field.TYPE, type);
        if (id != null) {
            p.put(Field.ID, id);
        }
        return p;
    }

    /** A successful answer: reply + "code":0. */
    static ObjectNode ok(String type, String id) {
        ObjectNode p = reply(type, id);
        p.put(Field.CODE, 0);
        return p;
    }

    static String error(String id, ErrorCode code, String msg) {
        ObjectNode p = reply(PacketType.ERROR, id);
        p.put(Field.CODE, code.code);
        p.put(Field.ERROR, code.id);
        p.put(Field.MSG, msg);
        return Json.write(p);
    }

    /** A limit error: rate_limited (retryAfterMs > 0) or quota_exceeded, naming the limit's flag. */
    static String limitError(String id, io.parley.server.limits.LimitExceeded e) {
        boolean rate = e.retryAfterMs() > 0;
        ErrorCode code = e.limit() == io.parley.server.limits.Limit.CONNECTIONS_PER_USER
                || e.limit() == io.parley.server.limits.Limit.CONNECTIONS_PER_IP ? ErrorCode.TOO_MANY_CONNECTIONS
                : rate ? ErrorCode.RATE_LIMITED : ErrorCode.QUOTA_EXCEEDED;
        ObjectNode p = reply(PacketType.ERROR, id);
        p.put(Field.CODE, code.code);
        p.put(Field.ERROR, code.id);
        p.put(Field.MSG, e.getMessage());
        p.put(Field.LIMIT, e.limit().flag);
        if (rate) {
            p.put(Field.RETRY_AFTER_MS, e.retryAfterMs());
        }
        return Json.write(p);
    }

    /**
     * {mid,gid,type,content,payload?|url,size,width?,height?,from:{pin,appId,nickName},timestamp,clientMsgId,
     * recalled?|fallbackText?,version?}, streamed (no tree: this runs for every message delivered).
     */
    static void writeMessage(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeNumberField(Field.MID, m.mid());
        g.writeNumberField(Field.GID, m.gid());
        g.writeStringField(Field.TYPE, m.type());
        g.writeStringField(Field.CONTENT, m.content());
        if (MessageType.IMAGE.equals(m.type())) {
            ImageMessage.writeFields(g, m.payload()); // url, size, width?, height?
        } else if (m.payload() != null) {
            g.writeFieldName(Field.PAYLOAD);
            g.writeRawValue(m.payload()); // stored by us as serialized JSON
        }
        g.writeObjectFieldStart(Field.FROM);
        g.writeStringField(Field.PIN, m.sender().pin());
        g.writeStringField(Field.APP_ID, m.sender().appId());
        g.writeStringField(Field.NICK_NAME, m.senderNick() != null ? m.senderNick() : m.sender().pin());
        g.writeEndObject();
        g.writeNumberField(Field.TIMESTAMP, m.timestamp());
        g.writeStringField(Field.CLIENT_MSG_ID, m.clientMsgId());
        if (m.recalled()) {
            g.writeBooleanField(Field.RECALLED, true);
        } else if (MessageType.isValidCustom(m.type())) {
            if (m.fallbackText() != null) {
                g.writeStringField(Field.FALLBACK_TEXT, m.fallbackText());
            }
            g.writeNumberField(Field.VERSION, m.version());
        }
        g.writeEndObject();
    }

    /** {pin, appId} of user, as "by"/"reader" objects. */
    static ObjectNode user(UserId u) {
        ObjectNode o = Json.object();
        o.put(Field.PIN, u.pin());
        o.put(Field.APP_ID, u.appId());
        return o;
    }

    static String ping(long serverTime) {
        ObjectNode p = reply(PacketType.PING, null);
        p.put(Field.SERVER_TIME, serverTime);
        return Json.write(p);
    }

    /** The message object as JSON text: serialized once per message, then spliced into ack and push. */
    static String messageJson(ChatMessage m) {
        try (Json.Writer w = Json.writer()) {
            writeMessage(w.generator(), m);
            return w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String PUSH_HEAD = "{\"" + Field.TYPE + "\":\"" + PacketType.CHAT_MESSAGE + "\",\"" + Field.MSG + "\":";

    /** {"type":"chat_message","msg":messageJson} as UTF-8 (messageJson: the message's UTF-8, shared with the ack). */
    static byte[] push(byte[] messageJson) {
        return splice(PUSH_HEAD, messageJson);
    }

    /** chat_message_ack as UTF-8: {type,id?,code:0,clientMsgId,mid,gid,timestamp,message:messageJson}. */
    static byte[] messageAck(String id, ChatMessage m, byte[] messageJson) {
        String head;
        try (Json.Writer w = Json.writer()) {
            JsonGenerator g = w.generator();
            g.writeStartObject();
            g.writeStringField(Field.TYPE, PacketType.CHAT_MESSAGE_ACK);
            if (id != null) {
                g.writeStringField(Field.ID, id);
            }
            g.writeNumberField(Field.CODE, 0);
            g.writeStringField(Field.CLIENT_MSG_ID, m.clientMsgId());
            g.writeNumberField(Field.MID, m.mid());
            g.writeNumberField(Field.GID, m.gid());
            g.writeNumberField(Field.TIMESTAMP, m.timestamp());
            g.writeEndObject();
            head = w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // reopen the object: the message goes in as the last field
        return splice(head.substring(0, head.length() - 1) + ",\"" + Field.MESSAGE + "\":", messageJson);
    }

    /**
     * head's UTF-8, then body, then the closing brace. String.getBytes, not Jackson's UTF-8 writer: a lone
     * surrogate (JSON lets a client send "\ud800") becomes '?' as in every other frame instead of failing.
     */
    private static byte[] splice(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(h, h.length + body.length + 1);
        System.arraycopy(body, 0, out, h.length, body.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** All of createGroup's fields as stored, plus owner and members. nickName is the caller's in the group. */
    static ObjectNode group(Group g, List<Member> members, String callerNick, int modifyFiled) {
        ObjectNode o = Json.object();
        o.put(Field.GID, g.gid());
        o.put(Field.NAME, g.name());
        o.put(Field.NICK_NAME, callerNick);
        o.put(Field.INTRO, g.intro());
        o.put(Field.NOTICE, g.notice());
        o.put(Field.APPROVAL_RULE, g.approvalRule());
        o.put(Field.S_CODE, g.sCode());
        o.put(Field.AVATAR, g.avatar());
        o.put(Field.MODIFY_FILED, modifyFiled);
        o.put(Field.CAN_SEARCH, g.canSearch());
        o.put(Field.MAX, g.max());
        o.put(Field.KIND, g.groupKind());
        o.put(Field.INVITATION, g.invitation());
        if (g.bizExt() != null) {
            o.putRawValue(Field.BIZ_EXT, new RawValue(g.bizExt()));
        } else {
            o.putObject(Field.BIZ_EXT);
        }
        if (g.owner() != null) {
            ObjectNode owner = o.putObject(Field.OWNER);
            owner.put(Field.PIN, g.owner().pin());
            owner.put(Field.APP_ID, g.owner().appId());
        }
        ArrayNode list = o.putArray(Field.MEMBERS);
        for (Member m : members) {
            ObjectNode mo = list.addObject();
            mo.put(Field.PIN, m.user().pin());
            mo.put(Field.APP_ID, m.user().appId());
            mo.put(Field.NICK_NAME, m.displayName());
        }
        o.put(Field.CREATED_AT, g.createdAt());
        o.put(Field.UPDATED_AT, g.updatedAt());
        return o;
    }
}
