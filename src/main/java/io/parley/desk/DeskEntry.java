package io.parley.desk;

import org.teavm.jso.JSExportClasses;

/** Build entry for parley-desk.js: exports exactly one global, {@code ParleyDesk}. */
@JSExportClasses(ParleyDesk.class)
public final class DeskEntry {
    private DeskEntry() {
    }
}
