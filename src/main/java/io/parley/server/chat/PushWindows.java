package io.parley.server.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Per-key push windows, shared by the pushers that coalesce: the first change after a quiet window may
 * go out at once, later ones within the window are held (in an accumulator A, if the pusher keeps one)
 * and go out together when it ends. State changes happen inside the map's per-key compute, so any thread
 * may report a change while the timer thread ends a window.
 */
final class PushWindows<K, A> {
    private final long windowNanos;
    private final Supplier<A> held;
    private final Map<K, State<A>> states = new ConcurrentHashMap<>();

    private static final class State<A> {
        final A held;
        boolean dirty;
        boolean scheduled;
        long lastSentNanos;

        State(A held) {
            this.held = held;
        }
    }

    /** held makes a key's accumulator (null: nothing is held but the fact of a change). */
    PushWindows(long windowMs, Supplier<A> held) {
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        this.held = held;
    }

    long windowNanos() {
        return windowNanos;
    }

    /**
     * A change of key, added to its accumulator by hold. Returns -1 when its push is already scheduled,
     * 0 when it may go out now (a quiet window has passed), else the nanoseconds until its window ends.
     */
    long changed(K key, Consumer<A> hold) {
        long[] delay = {-1};
        states.compute(key, (k, s) -> {
            State<A> state = s != null ? s : new State<>(held == null ? null : held.get());
            state.dirty = true;
            if (hold != null) {
                hold.accept(state.held);
            }
            if (!state.scheduled) {
                state.scheduled = true;
                long since = System.nanoTime() - state.lastSentNanos;
                delay[0] = s == null || since >= windowNanos ? 0 : windowNanos - since;
            }
            return state;
        });
        return delay[0];
    }

    /** Ends key's window, handing what was held to drain: true when a change was waiting. */
    boolean take(K key, Consumer<A> drain) {
        boolean[] dirty = {false};
        states.computeIfPresent(key, (k, s) -> {
            dirty[0] = s.dirty;
            if (s.dirty && drain != null) {
                drain.accept(s.held);
            }
            s.dirty = false;
            s.scheduled = false;
            s.lastSentNanos = System.nanoTime();
            return s;
        });
        return dirty[0];
    }

    /** Drops the keys with nothing pending for a while, so the map holds active keys only. */
    void forgetIdle() {
        long now = System.nanoTime();
        for (K k : states.keySet()) {
            states.computeIfPresent(k, (x, s) -> !s.scheduled && now - s.lastSentNanos > windowNanos ? null : s);
        }
    }
}
