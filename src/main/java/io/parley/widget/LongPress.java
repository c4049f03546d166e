package io.parley.widget;

import org.teavm.jso.JSBody;
import org.teavm.jso.dom.html.HTMLElement;

/**
 * Touch screens have no hover: pressing a message for 500 ms without moving (touch or pen) opens
 * its Copy/Recall menu by focusing the first action, which :focus-within then shows. The native
 * context menu of that press is suppressed. Mouse and keyboard keep hover and focus.
 */
final class LongPress {
    private LongPress() {
    }

    @JSBody(params = "l", script = "var _t, _x, _y, _on; var _c = function () { clearTimeout(_t); };"
            + " l.addEventListener('pointerdown', function (_e) { _c(); _on = 0; var _r = _e.target.closest('.pw-msg');"
            + " if (_r && _e.pointerType != 'mouse') { _x = _e.clientX; _y = _e.clientY; _t = setTimeout(function () {"
            + " var _b = _r.querySelector('.pw-act:not([hidden])'); if (_b) { _on = 1; _b.focus(); } }, 500); } });"
            + " l.addEventListener('pointermove', function (_e) { if (Math.hypot(_e.clientX - _x, _e.clientY - _y) > 10) _c(); });"
            + " l.addEventListener('pointerup', _c); l.addEventListener('pointercancel', _c);"
            + " l.addEventListener('contextmenu', function (_e) { if (_on) _e.preventDefault(); });")
    static native void install(HTMLElement list);
}
