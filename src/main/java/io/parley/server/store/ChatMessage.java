package io.parley.server.store;

import io.parley.server.auth.UserId;

import io.parley.protocol.MessageType;

/**
 * A message as stored and delivered. payload is serialized JSON text (custom types only, else null).
 * A draft (before storing) has mid 0. fallbackText (may be null) and version (default 1) describe a
 * custom type for clients that cannot render it. A recalled message has type "recall", content ""
 * and no payload or fallbackText.
 */
public record ChatMessage(long gid, long mid, UserId sender, String senderNick, String type, String content,
                          String payload, String clientMsgId, long timestamp, String fallbackText, int version) {
    public static final int DEFAULT_VERSION = 1;

    public ChatMessage(long gid, long mid, UserId sender, String senderNick, String type, String content,
                       String payload, String clientMsgId, long timestamp) {
        this(gid, mid, sender, senderNick, type, content, payload, clientMsgId, timestamp, null, DEFAULT_VERSION);
    }

    public ChatMessage withMid(long newMid) {
        return new ChatMessage(gid, newMid, sender, senderNick, type, content, payload, clientMsgId, timestamp,
                fallbackText, version);
    }

    public boolean recalled() {
        return MessageType.RECALL.equals(type);
    }
}
