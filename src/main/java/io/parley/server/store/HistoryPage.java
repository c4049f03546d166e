package io.parley.server.store;

import java.util.List;

/** One page of history, newest first. end = no message older than the last one returned exists. */
public record HistoryPage(List<ChatMessage> msgs, long total, boolean end) {
}
