package io.parley.server.chat;

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
        p.put("type", type);
        if (id != null) {
            p.put("id", id);
        }
        return p;
    }

    /** A successful answer: reply + "code":0. */
    static ObjectNode ok(String type, String id) {
        ObjectNode p = reply(type, id);
        p.put("code", 0);
        return p;
    }

    static String error(String id, ErrorCode code, String msg) {
        ObjectNode p = reply(PacketType.ERROR, id);
        p.put("code", code.code);
        p.put("error", code.id);
        p.put("msg", msg);
        return Json.write(p);
    }

    /** A limit error: rate_limited (retryAfterMs > 0) or quota_exceeded, naming the limit's flag. */
    static String limitError(String id, io.parley.server.limits.LimitExceeded e) {
        boolean rate = e.retryAfterMs() > 0;
        ErrorCode code = e.limit() == io.parley.server.limits.Limit.CONNECTIONS_PER_USER
                || e.limit() == io.parley.server.limits.Limit.CONNECTIONS_PER_IP ? ErrorCode.TOO_MANY_CONNECTIONS
                : rate ? ErrorCode.RATE_LIMITED : ErrorCode.QUOTA_EXCEEDED;
        ObjectNode p = reply(PacketType.ERROR, id);
        p.put("code", code.code);
        p.put("error", code.id);
        p.put("msg", e.getMessage());
        p.put("limit", e.limit().flag);
        if (rate) {
            p.put("retryAfterMs", e.retryAfterMs());
        }
        return Json.write(p);
    }

    /**
     * {mid,gid,type,content,payload?|url,size,width?,height?,from:{pin,appId,nickName},timestamp,clientMsgId,
     * recalled?|fallbackText?,version?}, streamed (no tree: this runs for every message delivered).
     */
    static void writeMessage(JsonGenerator g, ChatMessage m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("mid", m.mid());
        g.writeNumberField("gid", m.gid());
        g.writeStringField("type", m.type());
        g.writeStringField("content", m.content());
        if (MessageType.IMAGE.equals(m.type())) {
            ImageMessage.writeFields(g, m.payload()); // url, size, width?, height?
        } else if (m.payload() != null) {
            g.writeFieldName("payload");
            g.writeRawValue(m.payload()); // stored by us as serialized JSON
        }
        g.writeObjectFieldStart("from");
        g.writeStringField("pin", m.sender().pin());
        g.writeStringField("appId", m.sender().appId());
        g.writeStringField("nickName", m.senderNick() != null ? m.senderNick() : m.sender().pin());
        g.writeEndObject();
        g.writeNumberField("timestamp", m.timestamp());
        g.writeStringField("clientMsgId", m.clientMsgId());
        if (m.recalled()) {
            g.writeBooleanField("recalled", true);
        } else if (MessageType.isValidCustom(m.type())) {
            if (m.fallbackText() != null) {
                g.writeStringField("fallbackText", m.fallbackText());
            }
            g.writeNumberField("version", m.version());
        }
        g.writeEndObject();
    }

    /** {pin, appId} of user, as "by"/"reader" objects. */
    static ObjectNode user(UserId u) {
        ObjectNode o = Json.object();
        o.put("pin", u.pin());
        o.put("appId", u.appId());
        return o;
    }

    static String ping(long serverTime) {
        ObjectNode p = reply(PacketType.PING, null);
        p.put("serverTime", serverTime);
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

    private static final String PUSH_HEAD = "{\"type\":\"" + PacketType.CHAT_MESSAGE + "\",\"msg\":";

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
            g.writeStringField("type", PacketType.CHAT_MESSAGE_ACK);
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeNumberField("code", 0);
            g.writeStringField("clientMsgId", m.clientMsgId());
            g.writeNumberField("mid", m.mid());
            g.writeNumberField("gid", m.gid());
            g.writeNumberField("timestamp", m.timestamp());
            g.writeEndObject();
            head = w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // reopen the object: the message goes in as the last field
        return splice(head.substring(0, head.length() - 1) + ",\"message\":", messageJson);
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
        o.put("gid", g.gid());
        o.put("name", g.name());
        o.put("nickName", callerNick);
        o.put("intro", g.intro());
        o.put("notice", g.notice());
        o.put("approvalRule", g.approvalRule());
        o.put("sCode", g.sCode());
        o.put("avatar", g.avatar());
        o.put("modifyFiled", modifyFiled);
        o.put("canSearch", g.canSearch());
        o.put("max", g.max());
        o.put("kind", g.groupKind());
        o.put("invitation", g.invitation());
        if (g.bizExt() != null) {
            o.putRawValue("bizExt", new RawValue(g.bizExt()));
        } else {
            o.putObject("bizExt");
        }
        if (g.owner() != null) {
            ObjectNode owner = o.putObject("owner");
            owner.put("pin", g.owner().pin());
            owner.put("appId", g.owner().appId());
        }
        ArrayNode list = o.putArray("members");
        for (Member m : members) {
            ObjectNode mo = list.addObject();
            mo.put("pin", m.user().pin());
            mo.put("appId", m.user().appId());
            mo.put("nickName", m.displayName());
        }
        o.put("createdAt", g.createdAt());
        o.put("updatedAt", g.updatedAt());
        return o;
    }
}
