package io.parley.sdk;

import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Storage;
import org.teavm.jso.core.JSError;

/**
 * One localStorage item. localStorage throws in sandboxed frames and on a full quota: then nothing
 * is read and a write reports false. The item is the try and the catch clause of
 * JSError.catchNative itself (one class; lambdas or a Java try/catch cost 110-240 B gzip).
 */
final class LocalItem implements JSError.TryClause<String>, JSError.CatchClause<String> {
    private final String key;
    /** The text {@link #run} writes; null: it reads. */
    private String writing;

    LocalItem(String key) {
        this.key = key;
    }

    /** The stored text; null when absent or refused. */
    String read() {
        writing = null;
        return JSError.catchNative(this, this);
    }

    boolean write(String v) {
        writing = v;
        return JSError.catchNative(this, this) != null;
    }

    /** Reads the item, or writes {@link #writing} when it is set (and returns the key). */
    @Override
    public String run() {
        Storage s = Storage.getLocalStorage();
        if (writing == null) {
            return s.getItem(key);
        }
        s.setItem(key, writing);
        return key;
    }

    @Override
    public String accept(JSObject error) {
        return null;
    }
}
