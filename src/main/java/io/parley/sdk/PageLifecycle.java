package io.parley.sdk;

import org.teavm.jso.browser.Navigator;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.Event;
import org.teavm.jso.dom.events.EventListener;
import org.teavm.jso.dom.events.EventTarget;

/**
 * The browser events a long-lived connection must react to: online/offline, the tab coming
 * back to the foreground, and the back/forward cache freezing or restoring the page. One listener
 * object for all of them (teavm-jso-apis' typed events), so detaching removes exactly what was added.
 */
final class PageLifecycle implements EventListener<Event> {
    private static final String[] WINDOW_EVENTS = { "online", "offline", "pagehide", "pageshow" };
    private static final String VISIBILITY = "visibilitychange";
    private final Connection conn;
    private boolean attached;

    PageLifecycle(Connection conn) {
        this.conn = conn;
    }

    void attach() {
        detach();
        attached = true;
        for (String type : WINDOW_EVENTS) {
            Window.current().addEventListener(type, this);
        }
        Window.current().getDocument().addEventListener(VISIBILITY, this);
    }

    void detach() {
        if (attached) {
            attached = false;
            for (String type : WINDOW_EVENTS) {
                Window.current().removeEventListener(type, this);
            }
            Window.current().getDocument().removeEventListener(VISIBILITY, this);
        }
    }

    /**
     * Every event to {@link Connection#pageEvent}; then to the connection by event type: online, offline, visibilitychange (only to visible: the tab
     * is in front again), pagehide (only into the back/forward cache), pageshow (only from it).
     */
    @Override
    public void handleEvent(Event e) {
        String type = e.getType();
        conn.pageEvent(); // unfiltered: a pagehide into a reload or a hidden tab must save resume state too
        if (VISIBILITY.equals(type) ? "visible".equals(Js.string(Window.current().getDocument(), "visibilityState"))
                : !type.startsWith("page") || Js.isTrue(e, "persisted")) {
            conn.pageChanged(type);
        }
    }

    /** True unless the browser is sure it is offline. */
    static boolean online() {
        return Navigator.isOnline();
    }
}
