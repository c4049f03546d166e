package io.parley.protocol;

import java.util.List;

/**
 * Outgoing messages waiting for their ack, in send order. A message is written to the
 * socket at most once per connection; when the connection drops it goes out again on the
 * next one (the server de-duplicates by client id). A message not acked by its deadline
 * is given up and reported as failed, so the user can decide to resend it.
 *
 * @param <T> what the transport needs to send the message again
 */
public final class Outbox<T> {
    private final KeyedList<String, Entry<T>> pending = new KeyedList<>();

    public static final class Entry<T> {
        public final String clientMsgId;
        public final T item;
        final double deadlineMs;
        boolean written;

        Entry(String clientMsgId, T item, double deadlineMs) {
            this.clientMsgId = clientMsgId;
            this.item = item;
            this.deadlineMs = deadlineMs;
        }
    }

    /** Queues a message; false when one with this client id is already pending. */
    public boolean add(String clientMsgId, T item, double deadlineMs) {
        if (contains(clientMsgId)) {
            return false;
        }
        pending.put(clientMsgId, new Entry<>(clientMsgId, item, deadlineMs));
        return true;
    }

    /** Messages to write on the current connection now; each is returned once per connection. */
    public List<T> takeUnwritten() {
        List<T> out = new Batch<>();
        for (int i = 0; i < pending.size(); i++) {
            Entry<T> e = pending.value(i);
            if (!e.written) {
                e.written = true;
                out.add(e.item);
            }
        }
        return out;
    }

    /** The connection is gone: everything unacked must be written again on the next one. */
    public void connectionLost() {
        for (int i = 0; i < pending.size(); i++) {
            pending.value(i).written = false;
        }
    }

    /** Removes and returns what was written but not acked: for requests that must not be sent twice. */
    public List<T> takeWritten() {
        List<T> out = new Batch<>();
        for (int i = 0; i < pending.size(); i++) {
            Entry<T> e = pending.value(i);
            if (e.written) {
                pending.removeAt(i--);
                out.add(e.item);
            }
        }
        return out;
    }

    /** Removes and returns the acked message, or null for an unknown or repeated ack. */
    public T acknowledge(String clientMsgId) {
        Entry<T> e = pending.remove(clientMsgId);
        return e == null ? null : e.item;
    }

    /** Removes and returns messages whose deadline has passed. */
    public List<T> expire(double nowMs) {
        List<T> out = new Batch<>();
        for (int i = 0; i < pending.size(); i++) {
            Entry<T> e = pending.value(i);
            if (e.deadlineMs <= nowMs) {
                pending.removeAt(i--);
                out.add(e.item);
            }
        }
        return out;
    }

    /** Everything pending, in send order. */
    public List<T> items() {
        List<T> out = new Batch<>();
        for (int i = 0; i < pending.size(); i++) {
            out.add(pending.value(i).item);
        }
        return out;
    }

    public boolean contains(String clientMsgId) {
        return pending.indexOf(clientMsgId) >= 0;
    }

    public int size() {
        return pending.size();
    }
}
