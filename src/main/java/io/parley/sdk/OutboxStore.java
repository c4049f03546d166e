package io.parley.sdk;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * Durable copy of the outbox, so messages survive a page reload: IndexedDB, or localStorage
 * where IndexedDB is missing or refused (private modes, sandboxed iframes). Records are
 * {key, owner, cmid, packet (JSON text), status: "pending"|"failed", createdAt}.
 * Storage failures are logged and otherwise ignored: the in-memory outbox still works.
 */
final class OutboxStore {
    @JSFunctor
    interface Loaded extends JSObject {
        void loaded(JSObject records);
    }

    private final String owner;

    OutboxStore(String pin, String appId) {
        // not U+0001/U+0002: javac uses them as string-concat recipe tags and TeaVM misreads them
        this.owner = pin + "\u001f" + appId;
    }

    void put(String cmid, JSObject packet, String status) {
        putRecord(db(), owner, cmid, Js.stringify(packet), status, Js.now());
    }

    void remove(String cmid) {
        removeRecord(db(), owner, cmid);
    }

    void loadAll(Loaded cb) {
        loadRecords(db(), owner, cb);
    }

    /** The database, opened once per bundle (kept here, not on window: the module build leaks no global). */
    private static JSObject db;

    private static JSObject db() {
        if (db == null) {
            db = openDb();
        }
        return db;
    }

    // Still script, not org.teavm.jso.indexeddb (issue 11, open): the open/upgrade/put/getAll chain, its
    // try/catches and the localStorage merge would need a queue class, JSError.catchNative clauses and an
    // IDBIndex.getAll interface of our own, and none of its callbacks may take a JSObject through a
    // generic type (JSPromise.then, JSSortFunction): that brings back TeaVM's wrapper cache (+450-520 B gzip)
    @JSBody(script = "return new Promise(function (ok) {"
            + "  var _r; try { _r = indexedDB.open('parley', 1); } catch (_e) { ok(null); return; }"
            + "  _r.onupgradeneeded = function () { var _s = _r.result.createObjectStore('outbox', { keyPath: 'key' });"
            + "   _s.createIndex('owner', 'owner'); };"
            + "  _r.onsuccess = function () { ok(_r.result); };"
            + "  _r.onerror = _r.onblocked = function () { ok(null); };"
            + " });")
    private static native JSObject openDb();

    @JSBody(params = { "dbp", "owner", "cmid", "json", "status", "at" }, script = ""
            + "var _rec = { key: owner + '\\u0002' + cmid, owner: owner, cmid: cmid, packet: json, status: status, createdAt: at };"
            + "var _ls = function () { try { var _k = 'parley.outbox.' + owner;"
            + "  var _m = JSON.parse(localStorage.getItem(_k) || '{}'); _m[cmid] = _rec; localStorage.setItem(_k, JSON.stringify(_m)); }"
            + "  catch (_e) { console.warn('[parley] outbox not saved', _e); } };"
            + "dbp.then(function (_db) { if (!_db) { _ls(); return; }"
            + "  try { _db.transaction('outbox', 'readwrite').objectStore('outbox').put(_rec); } catch (_e) { _ls(); } });")
    private static native void putRecord(JSObject dbp, String owner, String cmid, String json, String status, double at);

    @JSBody(params = { "dbp", "owner", "cmid" }, script = ""
            + "try { var _k = 'parley.outbox.' + owner; var _m = JSON.parse(localStorage.getItem(_k) || 'null');"
            + "  if (_m && _m[cmid]) { delete _m[cmid]; localStorage.setItem(_k, JSON.stringify(_m)); } } catch (_e) {}"
            + "dbp.then(function (_db) { if (!_db) return;"
            + "  try { _db.transaction('outbox', 'readwrite').objectStore('outbox').delete(owner + '\\u0002' + cmid); } catch (_e) {} });")
    private static native void removeRecord(JSObject dbp, String owner, String cmid);

    /** Calls cb with all records of this user, oldest first (IndexedDB and localStorage merged). */
    @JSBody(params = { "dbp", "owner", "cb" }, script = ""
            + "var _fromLs = function () { try { var _m = JSON.parse(localStorage.getItem('parley.outbox.' + owner) || '{}');"
            + "  return Object.keys(_m).map(function (_k) { return _m[_k]; }); } catch (_e) { return []; } };"
            + "var _finish = function (_list) { var _seen = {}; var _all = [];"
            + "  _list.concat(_fromLs()).forEach(function (_r) { if (_r && !_seen[_r.cmid]) { _seen[_r.cmid] = 1; _all.push(_r); } });"
            + "  _all.sort(function (_a, _b) { return _a.createdAt - _b.createdAt; }); cb(_all); };"
            + "dbp.then(function (_db) { if (!_db) { _finish([]); return; }"
            + "  try { var _q = _db.transaction('outbox', 'readonly').objectStore('outbox').index('owner').getAll(owner);"
            + "   _q.onsuccess = function () { _finish(_q.result || []); }; _q.onerror = function () { _finish([]); };"
            + "  } catch (_e) { _finish([]); } });")
    private static native void loadRecords(JSObject dbp, String owner, Loaded cb);
}
