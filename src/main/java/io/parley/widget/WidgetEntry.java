package io.parley.widget;

import org.teavm.jso.JSExportClasses;

/** Build entry for parley-widget.js: exports exactly one global, {@code ParleyWidget}. */
@JSExportClasses(ParleyWidget.class)
public final class WidgetEntry {
    private WidgetEntry() {
    }
}
