package io.parley.protocol;

import java.util.List;

/**
 * Exactly-once, in-order delivery of one conversation's messages, whatever order and however
 * often they arrive (pushes, sync answers, pushes racing a sync after a reconnect).
 *
 * <p>Feed every received message with {@link #offer}: it returns the messages that may now be
 * shown, in mid order. A mid at or below {@link #lastMid()} is a duplicate and dropped; a mid
 * beyond {@code lastMid() + 1} is held back until the gap is filled and makes
 * {@link #syncFrom()} ask for a {@code sync}. After every (re)connect call {@link #resume()}: the
 * next {@link #syncFrom()} then asks for everything after {@link #lastMid()}.
 *
 * <p>Pure logic (no I/O, no clock, no regex): shared by the browser SDK and the JVM tests.
 *
 * @param <T> the message object the caller wants back
 */
public final class ReceiveCursor<T> {
    /** Held-back messages beyond a gap are capped; past this the oldest is kept, the rest come by sync. */
    public static final int MAX_AHEAD = 1000;

    private long lastMid;
    /**
     * Held back beyond a gap, by mid. No ordering needed: draining looks up lastMid + 1 (and a TreeMap
     * costs the browser bundle ~1 KB gzip).
     */
    private final KeyedList<Long, T> ahead = new KeyedList<>();
    private boolean resumeNeeded;
    private boolean syncInFlight;
    private long delivered;
    private long duplicates;
    private long gaps;

    /** lastMid: the highest mid already shown with nothing missing below it (0 = nothing yet). */
    public ReceiveCursor(long lastMid) {
        this.lastMid = lastMid;
    }

    /** Highest mid delivered with nothing missing below it: the {@code afterMid} to resume from. */
    public long lastMid() {
        return lastMid;
    }

    /**
     * One received message. Returns what may be delivered now, in mid order (empty for a
     * duplicate or for a message waiting behind a gap).
     */
    public List<T> offer(long mid, T item) {
        List<T> out = new Batch<>();
        if (mid <= lastMid || ahead.indexOf(mid) >= 0) {
            duplicates++;
            return out;
        }
        if (mid == lastMid + 1) {
            lastMid = mid;
            delivered++;
            out.add(item);
            drain(out);
            return out;
        }
        if (ahead.size() == 0) {
            gaps++;
        }
        if (ahead.size() < MAX_AHEAD) {
            ahead.put(mid, item);
        }
        return out;
    }

    private void drain(List<T> out) {
        // by index, not remove() != null: items may be null (the SDK's own acked messages)
        for (int i; (i = ahead.indexOf(lastMid + 1)) >= 0;) {
            out.add(ahead.removeAt(i));
            lastMid++;
            delivered++;
        }
    }

    /** True while messages wait behind a gap. */
    public boolean hasGap() {
        return ahead.size() > 0;
    }

    /** The connection is new (or was lost): everything after {@link #lastMid()} must be asked for. */
    public void resume() {
        resumeNeeded = true;
        syncInFlight = false;
    }

    /**
     * The {@code afterMid} of the {@code sync} to send now, or -1 when none is needed (no gap, no
     * resume pending) or one is already in flight. Call {@link #syncSent()} once it is sent.
     */
    public long syncFrom() {
        if (syncInFlight || (!resumeNeeded && ahead.size() == 0)) {
            return -1;
        }
        return lastMid;
    }

    public void syncSent() {
        syncInFlight = true;
        resumeNeeded = false;
    }

    /**
     * A {@code sync_result} arrived (its msgs already fed to {@link #offer}). Returns true when all
     * is well; false when the server answered {@code recovered:false}: the caller reloads the newest
     * page and calls {@link #reset}. When a gap remains, {@link #syncFrom()} asks again.
     */
    public boolean syncDone(boolean recovered) {
        syncInFlight = false;
        return recovered;
    }

    /** The sync request failed (error / timeout): try again on the next {@link #syncFrom()}. */
    public void syncFailed() {
        syncInFlight = false;
        resumeNeeded = true;
    }

    /**
     * Continue from newestMid (after a {@code recovered:false} reload of the newest page, or a new
     * epoch): older held-back messages are dropped, newer ones delivered when contiguous.
     */
    public List<T> reset(long newestMid) {
        lastMid = newestMid;
        for (int i = 0; i < ahead.size(); i++) {
            if (ahead.key(i) <= newestMid) {
                ahead.removeAt(i--);
            }
        }
        List<T> out = new Batch<>();
        drain(out);
        return out;
    }

    /** Messages delivered so far. */
    public long delivered() {
        return delivered;
    }

    /** Messages dropped as already delivered (or already held back). */
    public long duplicates() {
        return duplicates;
    }

    /** How often a gap was detected (a message arrived beyond lastMid + 1). */
    public long gaps() {
        return gaps;
    }
}
