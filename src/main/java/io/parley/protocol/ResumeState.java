package io.parley.protocol;

import java.util.List;

/**
 * What a client remembers to resume without gaps: the server's {@code epoch} and, per
 * conversation, a {@link ReceiveCursor}. Survives a page reload via {@link #encode()} /
 * {@link #decode} (e.g. in localStorage).
 *
 * <p>On every new connection call {@link #resumeAll} and send a {@code sync} for each entry of
 * {@link #syncRequests()}: right behind {@code auth}, without waiting for {@code auth_ok} (the
 * server handles a connection's frames in order). On {@code auth_ok} call {@link #onAuth}: a
 * changed epoch means the server's database is not the one our mids came from, so every cursor is
 * dropped (answers to syncs sent for them are then ignored) and the caller reloads.
 *
 * @param <T> the message object the caller wants back from the cursors
 */
public final class ResumeState<T> {
    private String epoch;
    private final KeyedList<Long, ReceiveCursor<T>> cursors = new KeyedList<>();

    public String epoch() {
        return epoch;
    }

    /** A new connection: every cursor must resume (ask for everything after its lastMid). */
    public void resumeAll() {
        for (int i = 0; i < cursors.size(); i++) {
            cursors.value(i).resume();
        }
    }

    /**
     * The connection is authenticated and the server reported serverEpoch. Returns true when the
     * epoch differs from the remembered one (all cursors dropped: reload every conversation).
     */
    public boolean onAuth(String serverEpoch) {
        boolean changed = epoch != null && serverEpoch != null && !epoch.equals(serverEpoch);
        if (changed) {
            cursors.clear();
        }
        if (serverEpoch != null) {
            epoch = serverEpoch;
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
        List<Long> out = new Batch<>();
        for (int i = 0; i < cursors.size(); i++) {
            out.add(cursors.key(i));
        }
        return out;
    }

    /**
     * The syncs to send now as {gid, afterMid} pairs, each marked as sent: conversations that must
     * resume after a reconnect or that have a gap, without one already in flight.
     */
    public List<long[]> syncRequests() {
        List<long[]> out = new Batch<>();
        for (int i = 0; i < cursors.size(); i++) {
            ReceiveCursor<T> c = cursors.value(i);
            long from = c.syncFrom();
            if (from >= 0) {
                c.syncSent();
                out.add(new long[] {cursors.key(i), from});
            }
        }
        return out;
    }

    /** "epoch;gid:lastMid,gid:lastMid" (epochs are hex; no separators inside). */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        sb.append(epoch == null ? "" : epoch).append(';');
        for (int i = 0; i < cursors.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendDigits(sb, cursors.key(i));
            sb.append(':');
            appendDigits(sb, cursors.value(i).lastMid());
        }
        return sb.toString();
    }

    /**
     * Decimal digits of a whole v >= 0. Done on doubles (exact below 2^53, and ids stay below
     * 10^15) because in the browser build appending a long pulls in the large long-to-string code.
     */
    private static void appendDigits(StringBuilder sb, double v) {
        double q = Math.floor(v / 10);
        if (q > 0) {
            appendDigits(sb, q);
        }
        sb.append((char) ('0' + (int) (v - q * 10)));
    }

    /**
     * The inverse of {@link #encode()}; malformed input (or null) gives an empty state. Every
     * number is 1 to 15 digits (so it fits a JS double), and gids are positive.
     */
    public static <T> ResumeState<T> decode(String text) {
        ResumeState<T> s = new ResumeState<>();
        int n = text == null ? 0 : text.length();
        int semi = -1;
        for (int k = 0; k < n && semi < 0; k++) {
            if (text.charAt(k) == ';') {
                semi = k;
            }
        }
        if (semi < 0) {
            return s;
        }
        List<long[]> parsed = new Batch<>();
        double gid = -1;
        double v = 0;
        int digits = 0;
        // one pass over "gid:mid,gid:mid"; the end of the text acts as a last ','
        for (int k = semi + 1; k <= n; k++) {
            char c = k < n ? text.charAt(k) : ',';
            if (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
                if (++digits > 15) {
                    return s;
                }
            } else if (c == ':' && gid < 0 && digits > 0) {
                gid = v;
                v = 0;
                digits = 0;
            } else if (c == ',' && gid > 0 && digits > 0) {
                parsed.add(new long[] {(long) gid, (long) v});
                gid = -1;
                v = 0;
                digits = 0;
            } else if (!(k == n && gid < 0 && digits == 0)) {
                return s; // anything else, except a text ending right after ';' or ','
            }
        }
        s.epoch = semi == 0 ? null : text.substring(0, semi);
        for (int i = 0; i < parsed.size(); i++) {
            s.cursors.put(parsed.get(i)[0], new ReceiveCursor<>(parsed.get(i)[1]));
        }
        return s;
    }
}
