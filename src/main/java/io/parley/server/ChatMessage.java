package io.parley.server;

/**
 * A message as stored and delivered. payload is serialized JSON text (custom types only, else null).
 * A draft (before storing) has mid 0.
 */
public record ChatMessage(long gid, long mid, UserId sender, String senderNick, String type, String content,
                          String payload, String clientMsgId, long timestamp) {
    public ChatMessage withMid(long newMid) {
        return new ChatMessage(gid, newMid, sender, senderNick, type, content, payload, clientMsgId, timestamp);
    }
}
