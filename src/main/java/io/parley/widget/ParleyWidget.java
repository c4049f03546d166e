package io.parley.widget;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;

/** Placeholder until the widget lands: the exported entry of parley-widget.js. */
@JSClass(name = "ParleyWidget")
public class ParleyWidget {
    private ParleyWidget() {
    }

    @JSExport
    public static JSObject mount(JSObject target, JSObject options) {
        return null;
    }
}
