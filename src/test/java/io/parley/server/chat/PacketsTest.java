package io.parley.server.chat;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.parley.protocol.MessageType;
import io.parley.server.auth.UserId;
import io.parley.server.fanout.Frame;
import io.parley.server.store.ChatMessage;

/**
 * The streamed message, ack and push packets are byte for byte what the Jackson tree built before
 * (field order, numbers, escaping, image fields, custom types, recalled messages): clients see no change.
 */
public class PacketsTest {
    private static final UserId ALICE = new UserId("alice", "app");

    private static List<ChatMessage> samples() {
        return List.of(
                new ChatMessage(7, 42, ALICE, "Alice", MessageType.TEXT, "hi \"there\" <b>\u00e9\ud83d\ude00\u2028 lone \udc00",
                        null, "c-1", 1_700_000_000_123L),
                new ChatMessage(7, 43, ALICE, null, MessageType.TEXT, "no nick", null, "c-2", 1L),
                new ChatMessage(9, 1, ALICE, "A", "poll.v2", "", "{\"q\":\"x\",\"n\":[1,2.5,null]}", "c-3", 5L,
                        "a poll", 3),
                new ChatMessage(9, 2, ALICE, "A", "poll", "", "{}", "c-4", 5L, null, ChatMessage.DEFAULT_VERSION),
                new ChatMessage(9, 3, ALICE, "A", MessageType.IMAGE, "",
                        "{\"url\":\"https://cdn.example/a.png\",\"size\":12345678901,\"width\":640,\"height\":480}",
                        "c-5", 6L),
                new ChatMessage(9, 4, ALICE, "A", MessageType.IMAGE, "", "{\"url\":\"/files/x\",\"size\":1}", "c-6", 6L),
                new ChatMessage(9, 5, ALICE, "A", MessageType.RECALL, "", null, "c-7", 7L, null, 1),
                new ChatMessage(9, Long.MAX_VALUE / 1024, new UserId("\u00fc\ud800", "a\tb"), "\u0000\u001f", "x",
                        "", "{\"k\":\"\\u0000\"}", "c-8", Long.MAX_VALUE, "", 100));
    }

    @Test
    public void streamedMessageEqualsTheTreeBuiltOne() {
        for (ChatMessage m : samples()) {
            assertEquals(m.clientMsgId(), Json.write(tree(m)), Packets.messageJson(m));
        }
    }

    @Test
    public void ackAndPushBytesEqualTheTreeBuiltPackets() {
        for (ChatMessage m : samples()) {
            String json = Packets.messageJson(m);
            byte[] raw = json.getBytes(StandardCharsets.UTF_8);
            for (String id : new String[] {null, "req-\u00e9\"1"}) {
                ObjectNode ack = Packets.reply("chat_message_ack", id);
                ack.put("code", 0);
                ack.put("clientMsgId", m.clientMsgId());
                ack.put("mid", m.mid());
                ack.put("gid", m.gid());
                ack.put("timestamp", m.timestamp());
                ack.set("message", tree(m));
                assertArrayEquals(m.clientMsgId(), utf8(Json.write(ack)), Packets.messageAck(id, m, raw));
            }
            ObjectNode push = Packets.reply("chat_message", null);
            push.set("msg", tree(m));
            byte[] pushed = Packets.push(raw);
            assertArrayEquals(utf8(Json.write(push)), pushed);
            assertEquals(new String(utf8(Json.write(push)), StandardCharsets.UTF_8), Frame.ofUtf8(pushed).text());
            assertEquals(pushed.length, Frame.ofUtf8(pushed).size());
        }
    }

    /** What every frame did before: the JSON text encoded by String.getBytes (a lone surrogate becomes '?'). */
    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The message object as the server built it before streaming (a Jackson tree): the reference. */
    private static ObjectNode tree(ChatMessage m) {
        ObjectNode o = Json.object();
        o.put("mid", m.mid());
        o.put("gid", m.gid());
        o.put("type", m.type());
        o.put("content", m.content());
        if (MessageType.IMAGE.equals(m.type())) {
            JsonNode stored = Json.parse(m.payload());
            for (String k : new String[] {"url", "size", "width", "height"}) {
                if (stored.hasNonNull(k)) {
                    o.set(k, stored.get(k));
                }
            }
        } else if (m.payload() != null) {
            o.putRawValue("payload", new RawValue(m.payload()));
        }
        ObjectNode from = o.putObject("from");
        from.put("pin", m.sender().pin());
        from.put("appId", m.sender().appId());
        from.put("nickName", m.senderNick() != null ? m.senderNick() : m.sender().pin());
        o.put("timestamp", m.timestamp());
        o.put("clientMsgId", m.clientMsgId());
        if (m.recalled()) {
            o.put("recalled", true);
        } else if (MessageType.isValidCustom(m.type())) {
            if (m.fallbackText() != null) {
                o.put("fallbackText", m.fallbackText());
            }
            o.put("version", m.version());
        }
        return o;
    }
}
