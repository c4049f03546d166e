package io.parley.widget.media;

import io.parley.sdk.Dom;
import io.parley.sdk.Js;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The modal shell shared by the camera dialog and the image viewer: a backdrop, a labelled
 * role="dialog" with aria-modal, Tab kept inside, Esc closing, and focus handed back to the
 * element that opened it. Works inside a shadow root (focus is read from the dialog's own root).
 */
final class Modal {
    final HTMLElement overlay;
    final HTMLElement dialog;
    final HTMLElement title;
    private final JSObject returnTo;
    private final Runnable onClose;
    private boolean closed;

    /**
     * @param container where the overlay goes (the widget's shadow root or an element in it)
     * @param opener focus returns here on close; null: whatever had focus when it opened
     * @param backdropCloses a click outside the dialog closes it (the viewer, not the camera)
     * @param onClose the owner's clean-up, run once before the overlay is removed
     */
    Modal(JSObject container, String cls, String label, JSObject opener, boolean backdropCloses, Runnable onClose) {
        this.returnTo = opener != null ? opener : Dom.active(container);
        this.onClose = onClose;
        overlay = Dom.add(container, "div", "pm-modal " + cls, null);
        dialog = Dom.add(overlay, "div", "pm-dialog", null);
        Dom.attr(dialog, "role", "dialog");
        Dom.attr(dialog, "aria-modal", "true");
        Dom.attr(dialog, "tabindex", "-1");
        title = Dom.add(dialog, "h2", "pm-title", label);
        String id = Dom.id("pm-t");
        Dom.attr(title, "id", id);
        Dom.attr(dialog, "aria-labelledby", id);
        Dom.Events events = this::on;
        Dom.on(overlay, "keydown", events, 0);
        Dom.on(overlay, "mousedown", events, 1);
        if (backdropCloses) {
            Dom.on(overlay, "click", events, 2);
        }
    }

    private void on(int what, JSObject e) {
        if (what == 0) {
            String k = Dom.key(e);
            if ("Escape".equals(k) || "Esc".equals(k)) {
                Dom.preventDefault(e);
                close();
            } else if ("Tab".equals(k)) {
                trap(dialog, e);
            }
        } else if (Js.same(Dom.target(e), overlay)) {
            if (what == 1) {
                Dom.preventDefault(e); // a press on the backdrop must not move focus out of the dialog
            } else {
                close();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.run();
        Dom.remove(overlay);
        Dom.focus(returnTo);
    }

    /** Wraps Tab / Shift+Tab at the ends of the dialog's visible, enabled controls. */
    @JSBody(params = { "d", "ev" }, script = "var _f = Array.prototype.filter.call(d.querySelectorAll("
            + "'button, [href], input, select, textarea, video[controls], [tabindex]'), function (_n) {"
            + " return !_n.disabled && _n.tabIndex >= 0 && _n.getClientRects().length > 0; });"
            + " var _a = d.getRootNode().activeElement; var _i = _f.indexOf(_a);"
            + " if (!_f.length) { ev.preventDefault(); d.focus(); return; }"
            + " if (ev.shiftKey ? _i <= 0 : (_i < 0 || _i === _f.length - 1)) {"
            + " ev.preventDefault(); _f[ev.shiftKey ? _f.length - 1 : 0].focus(); }")
    private static native void trap(JSObject d, JSObject ev);
}
