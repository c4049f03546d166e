package io.parley.server.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.parley.server.auth.UserId;

/** The messages of conversations, numbered by mid 1, 2, 3, ... per conversation without gaps. */
public interface MessageStore {

    /**
     * Appends draft as the next mid of its conversation, atomically with its side effects: the sender's
     * read cursor moves to the new mid and every other member's unread count grows by one. A repeat of
     * (sender, clientMsgId) stores nothing and yields the original message with duplicate = true.
     * Completes only once the message is durable (committed); completions of one store run in commit order.
     * Fails (exceptionally) for an unknown conversation, storing nothing.
     */
    CompletableFuture<Appended> append(ChatMessage draft);

    /** Up to count messages with mid &lt; beforeMid (or the newest when beforeMid is -1), newest first. */
    HistoryPage page(long gid, long beforeMid, int count);

    /** Up to count messages with mid &gt; afterMid, oldest first; end = nothing newer exists. */
    ForwardPage after(long gid, long afterMid, int count);

    /** Up to count messages centered on anchorMid (included when it exists), oldest first. */
    HistoryWindow around(long gid, long anchorMid, int count);

    Optional<ChatMessage> findMessage(long gid, long mid);

    /**
     * Recalls message mid of gid if by sent it and it is at most windowMs old at recalledAt (a message
     * already recalled reports ALREADY_RECALLED whatever its age), atomically: the content becomes a recall
     * marker (type "recall", content "", payload, fallbackText cleared) and members who had not read it
     * lose one unread. Completes after the commit.
     */
    CompletableFuture<Recall> recall(long gid, long mid, UserId by, long recalledAt, long windowMs);

    /** What append did: the stored message (the original for a duplicate) and whose unread counts changed. */
    record Appended(ChatMessage message, boolean duplicate, List<UnreadChange> unread) {
    }

    /** What recall did; message is the message before the recall (null when there is none). */
    record Recall(RecallOutcome outcome, ChatMessage message, List<UnreadChange> unread) {
    }

    enum RecallOutcome { RECALLED, ALREADY_RECALLED, NO_SUCH_MESSAGE, NOT_SENDER, WINDOW_PASSED }

    /** Oldest first. lastMid: the conversation's newest mid when read (same snapshot). */
    record ForwardPage(List<ChatMessage> msgs, long total, long lastMid, boolean end) {
    }

    /** Oldest first; endBefore/endAfter: nothing older/newer than the returned ones exists. */
    record HistoryWindow(List<ChatMessage> msgs, long total, boolean endBefore, boolean endAfter) {
    }
}
