package io.parley.sdk;

import io.parley.protocol.Field;
import io.parley.protocol.ReceiveCursor;
import io.parley.protocol.ResumeState;
import java.util.List;
import org.teavm.jso.JSObject;

/**
 * Gap-free receiving: one {@link ReceiveCursor} per conversation, kept across reloads by a
 * {@link ResumeStore}. Messages are emitted in mid order, exactly once; gaps and reconnects are
 * filled by {@code sync} requests (the one place missed messages are recovered).
 */
final class Resume {
    /** How Resume sends its sync requests. */
    interface Syncer {
        boolean canSync();

        void sync(long gid, long afterMid, Answer answer);

        /** The syncs of one round are queued: send them. */
        void synced();
    }

    /**
     * A message waiting in a cursor. A Java holder, not the JSObject itself: a JSObject in a generic
     * Java collection is wrapped, and the wrapper cache (weak refs, finalization) costs ~500 B gzip.
     */
    private static final class Held {
        final JSObject msg;

        Held(JSObject msg) {
            this.msg = msg;
        }
    }

    private final Emitter emitter;
    private final Syncer syncer;
    private ResumeState<Held> state = new ResumeState<>();
    private ResumeStore store;

    Resume(Emitter emitter, Syncer syncer) {
        this.emitter = emitter;
        this.syncer = syncer;
    }

    /** Takes up where the last page load of this user on this server left off. */
    void load(ResumeStore from) {
        store = from;
        state = from.load();
    }

    /** Writes the waiting resume state now (the page is hidden or left, or the client closes). */
    void flush() {
        if (store != null) {
            store.flush();
        }
    }

    /** A new socket, auth just written: every cursor syncs, in the same flight (then what waits is written). */
    void reconnected() {
        state.resumeAll();
        requestSyncs();
    }

    /** auth_ok: a changed epoch voids every cursor (resync; answers to their syncs are then ignored). */
    void authenticated(String epoch) {
        if (state.onAuth(epoch)) {
            JSObject why = Js.object();
            Js.setString(why, "reason", "epoch");
            emitter.emit("resync", why);
        }
        saveResume();
    }

    /** A message arrived (item null: our own, acked): emit what is now contiguous, sync over gaps. */
    void received(double gid, double mid, JSObject item) {
        if (!(gid > 0) || !(mid > 0)) {
            if (item != null) {
                emitter.emit("message", item);
            }
            return;
        }
        ReceiveCursor<Held> c = state.cursor((long) gid);
        if (c == null) {
            c = state.track((long) gid, (long) mid - 1);
        }
        deliver(c.offer((long) mid, item == null ? null : new Held(item)));
        if (c.hasGap()) { // only this cursor changed: no walk over all cursors per message
            requestSyncs();
        }
    }

    /** Remembers the cursors for the next page load. */
    private void saveResume() {
        if (store != null) {
            store.save(state);
        }
    }

    private void deliver(List<Held> items) {
        saveResume();
        for (int i = 0; i < items.size(); i++) { // indexed: no iterator class in the bundle
            Held m = items.get(i);
            if (m != null) {
                emitter.emit("message", m.msg);
            }
        }
    }

    /** The app has these from history: they count as seen, and are not emitted again. */
    void seenInHistory(JSObject request, JSObject res) {
        JSObject msgs = Js.get(res, Field.MSGS);
        double gid = Js.number(res, Field.GID);
        int n = Js.length(msgs);
        if (!(gid > 0) || Js.number(res, Field.CODE) != 0) {
            return;
        }
        ReceiveCursor<Held> c = state.cursor((long) gid);
        boolean newestPage = Js.number(request, Field.START_MID) == -1 && Js.string(request, Field.DIRECTION) == null;
        if (c == null) {
            if (!newestPage) {
                return;
            }
            double newest = 0;
            for (int i = 0; i < n; i++) {
                newest = Math.max(newest, Js.number(Js.at(msgs, i), Field.MID));
            }
            // an empty conversation is tracked too (from 0): what arrives while away is synced
            state.track((long) gid, (long) newest);
            saveResume();
            return;
        }
        if (n == 0) {
            return;
        }
        // pages are ordered (older pages newest first, forward pages oldest first): offer oldest first
        boolean newestFirst = Js.number(Js.at(msgs, 0), Field.MID) > Js.number(Js.at(msgs, n - 1), Field.MID);
        for (int i = 0; i < n; i++) {
            double mid = Js.number(Js.at(msgs, newestFirst ? n - 1 - i : i), Field.MID);
            if (mid > 0) {
                deliver(c.offer((long) mid, null));
            }
        }
        requestSyncs();
    }

    /** Sends a sync for every conversation that must resume or has a gap. */
    private void requestSyncs() {
        if (!syncer.canSync()) {
            return;
        }
        List<long[]> wants = state.syncRequests();
        for (int i = 0; i < wants.size(); i++) {
            long gid = wants.get(i)[0];
            ReceiveCursor<Held> c = state.cursor(gid);
            syncer.sync(gid, wants.get(i)[1], res -> synced(c, gid, res));
        }
        syncer.synced();
    }

    /** A sync's answer, for cursor c: ignored when c was dropped meanwhile (a new epoch). */
    private void synced(ReceiveCursor<Held> c, long gid, JSObject res) {
        if (state.cursor(gid) != c) {
            return;
        }
        if (Js.number(res, Field.CODE) != 0) {
            c.syncFailed();
            return;
        }
        if (Js.isTrue(res, Field.RECOVERED)) {
            JSObject msgs = Js.get(res, Field.MSGS);
            for (int i = 0, n = Js.length(msgs); i < n; i++) {
                JSObject m = Js.at(msgs, i);
                deliver(c.offer((long) Js.number(m, Field.MID), new Held(m)));
            }
            c.syncDone(true);
            requestSyncs();
        } else {
            c.syncDone(false);
            double lastMid = Js.number(res, Field.LAST_MID);
            deliver(c.reset((long) (lastMid > 0 ? lastMid : 0)));
            JSObject why = Js.object();
            Js.setString(why, "reason", "too_many_missed");
            Js.setNumber(why, Field.GID, gid);
            Js.setNumber(why, Field.LAST_MID, lastMid);
            emitter.emit("resync", why);
        }
    }
}
