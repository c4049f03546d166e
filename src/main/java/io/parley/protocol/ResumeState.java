package io.parley.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client remembers to resume without gaps: the server's {@code epoch} and, per
 * conversation, a {@link ReceiveCursor}. Survives a page reload via {@link #encode()} /
 * {@link #decode} (e.g. in localStorage).
 *
 * <p>On every {@code auth_ok} call {@link #onAuth}: a changed epoch means the server's database
 * is not the one our mids came from, so every cursor is dropped and the caller reloads.
 * Then send a {@code sync} for each entry of {@link #syncRequests()}.
 *
 * @param <T> the message object the caller wants back from the cursors
 */
public final class ResumeState<T> {
    private String epoch;
    private final LinkedHashMap<Long, ReceiveCursor<T>> cursors = new LinkedHashMap<>();

    public String epoch() {
        return epoch;
    }

    /**
     * The connection is authenticated and the server reported serverEpoch. Returns true when the
     * epoch differs from the remembered one (all cursors dropped: reload every conversation).
     * Either way every remaining cursor must resume.
     */
    public boolean onAuth(String serverEpoch) {
        boolean changed = epoch != null && serverEpoch != null && !epoch.equals(serverEpoch);
        if (changed) {
            cursors.clear();
        }
        if (serverEpoch != null) {
            epoch = serverEpoch;
        }
        for (ReceiveCursor<T> c : cursors.values()) {
            c.resume();
        }
        return changed;
    }

    /** The cursor of gid, or null when the conversation is not tracked yet. */
    public ReceiveCursor<T> cursor(long gid) {
        return cursors.get(gid);
    }

    /** The cursor of gid, created at lastMid (e.g. the newest mid of the first history page) if new. */
    public ReceiveCursor<T> track(long gid, long lastMid) {
        ReceiveCursor<T> c = cursors.get(gid);
        if (c == null) {
            c = new ReceiveCursor<>(lastMid);
            cursors.put(gid, c);
        }
        return c;
    }

    public void forget(long gid) {
        cursors.remove(gid);
    }

    public List<Long> gids() {
        return new ArrayList<>(cursors.keySet());
    }

    /**
     * The syncs to send now as {gid, afterMid} pairs, each marked as sent: conversations that must
     * resume after a reconnect or that have a gap, without one already in flight.
     */
    public List<long[]> syncRequests() {
        List<long[]> out = new ArrayList<>();
        for (Map.Entry<Long, ReceiveCursor<T>> e : cursors.entrySet()) {
            long from = e.getValue().syncFrom();
            if (from >= 0) {
                e.getValue().syncSent();
                out.add(new long[] {e.getKey(), from});
            }
        }
        return out;
    }

    /** "epoch;gid:lastMid,gid:lastMid" (epochs are hex; no separators inside). */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        sb.append(epoch == null ? "" : epoch).append(';');
        boolean first = true;
        for (Map.Entry<Long, ReceiveCursor<T>> e : cursors.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append(':').append(e.getValue().lastMid());
        }
        return sb.toString();
    }

    /** The inverse of {@link #encode()}; malformed input (or null) gives an empty state. */
    public static <T> ResumeState<T> decode(String text) {
        ResumeState<T> s = new ResumeState<>();
        if (text == null) {
            return s;
        }
        int semi = text.indexOf(';');
        if (semi < 0) {
            return s;
        }
        String ep = text.substring(0, semi);
        LinkedHashMap<Long, ReceiveCursor<T>> parsed = new LinkedHashMap<>();
        int i = semi + 1;
        while (i < text.length()) {
            int comma = text.indexOf(',', i);
            String item = comma < 0 ? text.substring(i) : text.substring(i, comma);
            int colon = item.indexOf(':');
            long gid = colon > 0 ? parseNonNegative(item.substring(0, colon)) : -1;
            long mid = colon > 0 ? parseNonNegative(item.substring(colon + 1)) : -1;
            if (gid <= 0 || mid < 0) {
                return s;
            }
            parsed.put(gid, new ReceiveCursor<>(mid));
            i = comma < 0 ? text.length() : comma + 1;
        }
        s.epoch = ep.isEmpty() ? null : ep;
        s.cursors.putAll(parsed);
        return s;
    }

    /** Digits only, at most 15 of them (fits a JS double); -1 otherwise. */
    private static long parseNonNegative(String digits) {
        if (digits.isEmpty() || digits.length() > 15) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
