package io.parley.widget.media;

import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Build entry for the media demo page (demo/camera.html): the widget's media parts on their own.
 * Exports one global function, {@code parleyMediaDemo(hostElement, chatConfig)}, returning a
 * handle the page (and the tests) read: {root, sdk, messages, sent, progress, prepared, failures,
 * notices, prepare(blob, cb)}.
 */
public final class MediaDemoEntry {
    private MediaDemoEntry() {
    }

    @JSExport
    public static JSObject parleyMediaDemo(HTMLElement host, JSObject chatConfig) {
        return MediaDemo.start(host, chatConfig);
    }

    public static void main(String[] args) {
    }
}
