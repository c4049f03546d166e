package io.parley.sdk;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.browser.Window;
import org.teavm.jso.core.JSError;
import org.teavm.jso.core.JSString;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.indexeddb.IDBDatabase;
import org.teavm.jso.indexeddb.IDBFactory;
import org.teavm.jso.indexeddb.IDBGetRequest;
import org.teavm.jso.indexeddb.IDBObjectStore;
import org.teavm.jso.indexeddb.IDBObjectStoreParameters;
import org.teavm.jso.indexeddb.IDBOpenDBRequest;
import org.teavm.jso.indexeddb.IDBRequest;

/**
 * One IndexedDB step of an {@link OutboxStore}: open the database (once per bundle), put or delete
 * a record, or get a user's records. Steps wait, in order, until the database has opened or failed
 * to; a step IndexedDB can't take falls back to the store's localStorage mirror. The step is its
 * requests' event listener and the try and catch clause around its calls, which throw where
 * IndexedDB is missing, refused or closing (one class; lambdas would each add one). String clauses: a JSObject result would go through
 * TeaVM's wrapper cache (+1 KB gzip).
 */
final class OutboxOp implements EventListener<Event>, JSError.TryClause<String>, JSError.CatchClause<String> {
    static final int OPEN = 0;
    static final int PUT = 1;
    static final int DELETE = 2;
    static final int LOAD = 3;

    /** Kept here, not on window: the module build leaks no global. Null while opening, or without IndexedDB. */
    private static IDBDatabase db;
    private static boolean opening;
    private static boolean settled;
    private static OutboxOp first;
    private static OutboxOp last;

    private final int kind;
    private final OutboxStore store;
    /** The record to put, or the key to delete. */
    private final JSObject value;
    private OutboxOp next;

    OutboxOp(int kind, OutboxStore store, JSObject value) {
        this.kind = kind;
        this.store = store;
        this.value = value;
    }

    static void submit(OutboxOp op) {
        if (settled) {
            op.start();
            return;
        }
        if (last == null) {
            first = op;
        } else {
            last.next = op;
        }
        last = op;
        if (!opening) {
            opening = true;
            new OutboxOp(OPEN, null, null).start();
        }
    }

    private void start() {
        JSError.catchNative(this, this);
    }

    @Override
    public String run() {
        if (kind == OPEN) {
            IDBOpenDBRequest r = ((IdbWindow) Window.current()).getIndexedDB().open("parley", 1);
            r.addEventListener("upgradeneeded", this);
            r.addEventListener("success", this);
            r.addEventListener("error", this);
            r.addEventListener("blocked", this);
        } else if (db == null) {
            accept(null);
        } else {
            IDBObjectStore s = db.transaction("outbox", kind == LOAD ? "readonly" : "readwrite").objectStore("outbox");
            if (kind == PUT) {
                s.put(value);
            } else if (kind == DELETE) {
                s.delete(value);
            } else {
                IDBRequest q = ((OwnerIndex) s.index("owner")).getAll(JSString.valueOf(store.owner));
                q.addEventListener("success", this);
                q.addEventListener("error", this);
            }
        }
        return null;
    }

    /** IndexedDB refused the step (or is missing). */
    @Override
    public String accept(JSObject error) {
        if (kind == OPEN) {
            settle(null);
        } else if (kind == PUT) {
            store.putLocal(value);
        } else if (kind == LOAD) {
            store.loaded(null);
        }
        return null;
    }

    @Override
    public void handleEvent(Event e) {
        boolean ok = "success".equals(e.getType());
        if (kind == LOAD) {
            store.loaded(ok ? ((IDBGetRequest) e.getTarget()).getResult() : null);
        } else if ("upgradeneeded".equals(e.getType())) {
            IDBObjectStoreParameters key = Js.object().cast();
            Js.setString(key, "keyPath", "key"); // not keyPath(String...): that makes an array key path
            ((IDBOpenDBRequest) e.getTarget()).getResult().createObjectStore("outbox", key).createIndex("owner", "owner");
        } else {
            // result only on success: reading it after an error or while blocked throws
            settle(ok ? ((IDBOpenDBRequest) e.getTarget()).getResult() : null);
        }
    }

    /** Opened (or not, null): the waiting steps run. A success after "blocked" still serves later steps. */
    private static void settle(IDBDatabase d) {
        if (d != null) {
            db = d;
        }
        if (!settled) {
            settled = true;
            for (OutboxOp o = first; o != null; o = o.next) {
                o.start();
            }
            first = null;
            last = null;
        }
    }

    /** window.indexedDB, undefined where missing (IDBFactory.getInstance throws a Java exception then). */
    interface IdbWindow extends JSObject {
        @JSProperty
        IDBFactory getIndexedDB();
    }

    /** IDBIndex.getAll, which teavm-jso-apis 0.16 lacks. */
    interface OwnerIndex extends JSObject {
        IDBGetRequest getAll(JSObject key);
    }
}
