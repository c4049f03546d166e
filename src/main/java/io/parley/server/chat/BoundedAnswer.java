package io.parley.server.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A result packet with one array filled item by item, never past a byte budget: the answer to a
 * history, sync or unread request is bounded however much the store holds.
 */
final class BoundedAnswer {
    /** Kept free for the fields after the array (total, end, ...). */
    static final int TAIL_RESERVE = 256;

    private final StringBuilder json;
    private final long budget;
    private long bytes;
    private int items;
    private boolean full;

    /** head: the packet's fields before the array (type, id, code, ...); arrayField: the array's name. */
    BoundedAnswer(ObjectNode head, String arrayField, long budget) {
        String h = Json.write(head);
        this.json = new StringBuilder((int) Math.min(budget, 16 * 1024));
        json.append(h, 0, h.length() - 1);
        if (h.length() > 2) {
            json.append(',');
        }
        json.append('"').append(arrayField).append("\":[");
        this.budget = budget;
        this.bytes = Json.utf8Length(json.toString()) + TAIL_RESERVE;
    }

    /** Appends one item (JSON text) if it fits; false (and full) when it does not. */
    boolean add(String itemJson) {
        long n = Json.utf8Length(itemJson) + 1;
        if (full || bytes + n > budget) {
            full = true;
            return false;
        }
        if (items > 0) {
            json.append(',');
        }
        json.append(itemJson);
        bytes += n;
        items++;
        return true;
    }

    /** True once an item did not fit: the answer is cut there. */
    boolean full() {
        return full;
    }

    int items() {
        return items;
    }

    /** Closes the array, appends tail's fields and returns the packet. */
    String finish(ObjectNode tail) {
        json.append(']');
        String t = Json.write(tail);
        if (t.length() > 2) {
            json.append(',').append(t, 1, t.length() - 1);
        }
        return json.append('}').toString();
    }
}
