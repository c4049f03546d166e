package io.parley.sdk;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;

/**
 * Durable copy of the outbox, so messages survive a page reload: IndexedDB ({@link OutboxOp}), or
 * a localStorage mirror where IndexedDB is missing or refused (private modes, sandboxed iframes).
 * Records are {key, owner, cmid, packet (JSON text), status: "pending"|"failed", createdAt}.
 * Storage failures are logged and otherwise ignored: the in-memory outbox still works.
 */
final class OutboxStore {
    /** Not a constant: javac would put U+0002 into its string-concat recipe, where it is a tag TeaVM misreads. */
    private static char keySeparator = '\u0002';

    final String owner;
    /** Record keys: owner, U+0002, cmid (as stored by earlier versions). */
    private final String keyPrefix;
    /** The localStorage mirror: {cmid: record}. */
    private final LocalItem mirror;
    /** Where {@link #loadAll}'s records go. */
    private Requests requests;

    OutboxStore(String pin, String appId) {
        // not U+0001/U+0002: javac uses them as string-concat recipe tags and TeaVM misreads them
        owner = pin + "\u001f" + appId;
        keyPrefix = owner + keySeparator;
        mirror = new LocalItem("parley.outbox." + owner);
    }

    void put(String cmid, JSObject packet, String status) {
        JSObject rec = Js.object();
        Js.setString(rec, "key", key(cmid));
        Js.setString(rec, "owner", owner);
        Js.setString(rec, "cmid", cmid);
        Js.setString(rec, "packet", Js.stringify(packet));
        Js.setString(rec, "status", status);
        Js.setNumber(rec, "createdAt", Js.now());
        OutboxOp.submit(new OutboxOp(OutboxOp.PUT, this, rec));
    }

    void remove(String cmid) {
        JSObject m = mirrored();
        if (!Js.isNil(Js.get(m, cmid))) {
            Js.set(m, cmid, JSObjects.undefined()); // JSON.stringify leaves it out
            mirror.write(Js.stringify(m));
        }
        OutboxOp.submit(new OutboxOp(OutboxOp.DELETE, this, JSString.valueOf(key(cmid))));
    }

    /**
     * The user's records go to {@link Requests#restore} (a JS array), oldest first (IndexedDB's and the
     * mirror's; a cmid may be in both). Requests itself, not a callback: a lambda is a class in the bundle.
     */
    void loadAll(Requests to) {
        requests = to;
        OutboxOp.submit(new OutboxOp(OutboxOp.LOAD, this, null));
    }

    /** IndexedDB could not take the record: the mirror keeps it. */
    void putLocal(JSObject rec) {
        JSObject m = mirrored();
        Js.set(m, Js.string(rec, "cmid"), rec);
        if (!mirror.write(Js.stringify(m))) {
            Js.warn("outbox not saved");
        }
    }

    /** IndexedDB's records (a JS array; null when it has none to give), merged with the mirror's. */
    void loaded(JSObject fromDb) {
        JSArray<JSObject> all = JSArray.create();
        JSObject local = Statics.values(mirrored());
        for (int i = 0, n = Js.length(fromDb); i < n; i++) {
            all.push(Js.at(fromDb, i));
        }
        for (int i = 0, n = Js.length(local); i < n; i++) {
            all.push(Js.at(local, i));
        }
        for (int i = 1; i < all.getLength(); i++) { // insertion sort by createdAt: a handful of records
            JSObject r = all.get(i);
            int j = i;
            for (; j > 0 && Js.number(all.get(j - 1), "createdAt") > Js.number(r, "createdAt"); j--) {
                all.set(j, all.get(j - 1));
            }
            all.set(j, r);
        }
        requests.restore(this, all);
    }

    private JSObject mirrored() {
        String s = mirror.read();
        JSObject m = s == null ? null : Js.parseObject(s);
        return m == null ? Js.object() : m;
    }

    private String key(String cmid) {
        return keyPrefix + cmid;
    }

    /** JavaScript's Object. */
    @JSClass(name = "Object")
    abstract static class Statics implements JSObject {
        static native JSObject values(JSObject o);
    }
}
