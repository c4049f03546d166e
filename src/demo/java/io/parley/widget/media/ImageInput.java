package io.parley.widget.media;

import io.parley.sdk.Dom;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * The three ways an image file gets into the chat besides the camera: the file picker (a hidden
 * {@code <input type=file accept="image/*" multiple>}), pasting from the clipboard, and dropping
 * onto a zone. Every image file found goes to {@link Listener#image}; non-image files are
 * ignored with {@link Listener#notice}. Text pastes are left alone.
 */
public final class ImageInput {
    /** Image (picture frame) icon path (24×24), for the widget's image button. */
    public static final String ICON = "M4 5h16v14H4z M4 16l5-5 4 4 2-2 5 5 M15.5 8.5a1.5 1.5 0 1 0 0 .01";

    public interface Listener {
        /** A File (or Blob) whose type is image/*; pass it to {@link ImagePrep#prepare}. */
        void image(JSObject file);

        /** Something the user should read: e.g. non-image files were ignored. */
        void notice(String message);
    }

    private static final int PICKED = 0;
    private static final int PASTE = 1;
    private static final int ENTER = 2;
    private static final int OVER = 3;
    private static final int LEAVE = 4;
    private static final int DROP = 5;
    private static final String ACTIVE = "pm-drop-active";

    private final MediaStrings s;
    private final Listener listener;
    private final Dom.Events events = this::on;
    private final HTMLElement input;
    private JSObject pasteTarget;
    private JSObject pasteFn;
    private HTMLElement zone;
    private JSObject[] dropFns;
    private int depth;

    /** {@code container}: where the hidden input lives (the widget's shadow root or an element in it). */
    public ImageInput(JSObject container, MediaStrings s, Listener listener) {
        this.s = s;
        this.listener = listener;
        input = Dom.add(container, "input", "pm-file", null);
        Dom.attr(input, "type", "file");
        Dom.attr(input, "accept", "image/*");
        Dom.attr(input, "multiple", "");
        Dom.attr(input, "tabindex", "-1");
        Dom.attr(input, "aria-hidden", "true");
        Dom.hidden(input, true);
        Dom.on(input, "change", events, PICKED);
    }

    /** Opens the system file picker; call it from a click handler (browsers need a user gesture). */
    public void openPicker() {
        Dom.click(input);
    }

    /** Takes images pasted anywhere inside {@code target} (e.g. the composer or the whole panel). */
    public void listenPaste(JSObject target) {
        unlistenPaste();
        pasteTarget = target;
        pasteFn = Dom.on(target, "paste", events, PASTE);
    }

    /**
     * Makes {@code zone} a drop target: while files are dragged over it, it carries the class
     * {@code pm-drop-active} and data-pm-drop with the "drop here" text the stylesheet shows.
     */
    public void listenDrop(HTMLElement zone) {
        unlistenDrop();
        this.zone = zone;
        Dom.attr(zone, "data-pm-drop", s.dropHere);
        dropFns = new JSObject[] {
            Dom.on(zone, "dragenter", events, ENTER),
            Dom.on(zone, "dragover", events, OVER),
            Dom.on(zone, "dragleave", events, LEAVE),
            Dom.on(zone, "drop", events, DROP)
        };
    }

    private void on(int what, JSObject e) {
        switch (what) {
            case PICKED:
                deliver(takeFiles(input));
                break;
            case PASTE: {
                JSObject[] files = files(clipboard(e));
                if (files.length > 0) {
                    Dom.preventDefault(e); // otherwise the file name may be pasted as text
                    deliver(files);
                }
                break;
            }
            case ENTER:
            case OVER:
                if (hasFiles(e)) {
                    Dom.preventDefault(e); // required, or the browser will not fire drop
                    if (what == ENTER) {
                        depth++;
                    } else {
                        copyEffect(e);
                    }
                    Dom.toggle(zone, ACTIVE, true);
                }
                break;
            case LEAVE:
                if (--depth <= 0) {
                    depth = 0;
                    Dom.toggle(zone, ACTIVE, false);
                }
                break;
            default: {
                depth = 0;
                Dom.toggle(zone, ACTIVE, false);
                JSObject[] files = files(transfer(e));
                if (files.length > 0) {
                    Dom.preventDefault(e); // or the browser navigates to the file
                    deliver(files);
                }
            }
        }
    }

    /** Removes the listeners and the hidden input. */
    public void dispose() {
        unlistenPaste();
        unlistenDrop();
        Dom.remove(input);
    }

    private void unlistenPaste() {
        if (pasteTarget != null) {
            Dom.unlisten(pasteTarget, "paste", pasteFn);
            pasteTarget = null;
        }
    }

    private void unlistenDrop() {
        if (zone != null) {
            String[] types = { "dragenter", "dragover", "dragleave", "drop" };
            for (int i = 0; i < types.length; i++) {
                Dom.unlisten(zone, types[i], dropFns[i]);
            }
            Dom.toggle(zone, ACTIVE, false);
            zone = null;
        }
    }

    private void deliver(JSObject[] files) {
        boolean skipped = false;
        for (JSObject f : files) {
            if (ImagePrep.type(f).startsWith("image/")) {
                listener.image(f);
            } else {
                skipped = true;
            }
        }
        if (skipped) {
            listener.notice(s.notImage);
        }
    }

    @JSBody(params = "e", script = "return e.clipboardData || null;")
    private static native JSObject clipboard(JSObject e);

    @JSBody(params = "e", script = "return e.dataTransfer || null;")
    private static native JSObject transfer(JSObject e);

    @JSBody(params = "e", script = "var _t = e.dataTransfer && e.dataTransfer.types;"
            + " if (!_t) return false; for (var _i = 0; _i < _t.length; _i++) { if (_t[_i] === 'Files') return true; }"
            + " return false;")
    private static native boolean hasFiles(JSObject e);

    @JSBody(params = "e", script = "try { e.dataTransfer.dropEffect = 'copy'; } catch (_x) {}")
    private static native void copyEffect(JSObject e);

    /** The files of a DataTransfer: from items (kind "file") first, else from files. */
    @JSBody(params = "dt", script = "var _r = []; if (!dt) return _r; var _it = dt.items;"
            + " if (_it) { for (var _i = 0; _i < _it.length; _i++) { if (_it[_i].kind === 'file') {"
            + " var _f = _it[_i].getAsFile(); if (_f) _r.push(_f); } } }"
            + " if (!_r.length && dt.files) { for (var _j = 0; _j < dt.files.length; _j++) _r.push(dt.files[_j]); }"
            + " return _r;")
    private static native JSObject[] files(JSObject dt);

    /** The picked files, and the input cleared so the same file can be picked again. */
    @JSBody(params = "input", script = "var _r = Array.prototype.slice.call(input.files || []); input.value = ''; return _r;")
    private static native JSObject[] takeFiles(JSObject input);
}
