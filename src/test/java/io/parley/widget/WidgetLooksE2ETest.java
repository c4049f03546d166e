package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import org.junit.Test;

/**
 * Looks and touch: a long press opens a message's Copy/Recall menu on touch screens (not on a
 * moved, short or mouse press); the inline panel draws no second border inside a bordered host
 * box; the attach button shows a picture icon.
 */
public class WidgetLooksE2ETest extends WidgetTestBase {

    /** pointerdown on the last bubble with the given pointer type; then moves by dx after 50 ms. */
    private static void press(String pointerType, int dx) {
        js("var b = " + root(0) + ".querySelector('.pw-msg:last-child .pw-bubble'); var r = b.getBoundingClientRect();"
                + " var o = { pointerType: arguments[0], pointerId: 7, isPrimary: true, bubbles: true, composed: true,"
                + " clientX: r.left + 5, clientY: r.top + 5 };"
                + " document.activeElement && document.activeElement.blur && document.activeElement.blur();"
                + " var a = " + root(0) + ".activeElement; if (a) a.blur();"
                + " b.dispatchEvent(new PointerEvent('pointerdown', o));"
                + " if (arguments[1]) setTimeout(function () { o.clientX += arguments[1] || 0;"
                + "   b.dispatchEvent(new PointerEvent('pointermove', Object.assign({}, o, { clientX: r.left + 5 + " + dx + " }))); }, 50);",
                pointerType, dx);
    }

    private static String focusedAction() {
        return (String) js("var a = " + root(0) + ".activeElement;"
                + " return a && a.classList.contains('pw-act') && getComputedStyle(a).opacity === '1' ? a.textContent : null;");
    }

    private static void release() {
        js("var b = " + root(0) + ".querySelector('.pw-msg:last-child .pw-bubble');"
                + " b.dispatchEvent(new PointerEvent('pointerup', { pointerType: 'touch', pointerId: 7, bubbles: true, composed: true }));");
    }

    @Test
    public void longTouchPressOpensCopyAndRecallButNotAMovedShortOrMousePress() throws Exception {
        String p = uniq("patient");
        viewport(375, 667, true);
        driver.get(url("/demo/patient.html?open=1&pin=" + p + "&toChat=" + uniq("doctor")));
        awaitReady(0);
        sendText(0, "长按我");
        awaitLastBubble(0, "长按我");
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var u = " + root(0) + ".querySelector('.pw-msg:last-child .pw-act');"
                + " return !!u && !u.hidden && getComputedStyle(u).opacity === '0';")));

        press("mouse", 0);
        Thread.sleep(800);
        assertEquals("a mouse press keeps hover", null, focusedAction());

        press("touch", 40);
        Thread.sleep(800);
        assertEquals("a press that moves is a scroll", null, focusedAction());
        release();

        press("touch", 0);
        Thread.sleep(150);
        release();
        Thread.sleep(650);
        assertEquals("a short tap is not a long press", null, focusedAction());

        press("touch", 0);
        Browser.waitFor(driver, d -> "复制".equals(focusedAction()));
        release();
        assertTrue("Recall is offered too", Boolean.TRUE.equals(js("var a = " + root(0)
                + ".querySelectorAll('.pw-msg:last-child .pw-act'); return a.length === 2 && !a[1].hidden"
                + " && getComputedStyle(a[1]).opacity === '1';")));
        shot("widget-longpress-375x667", 375, 667);
        clearViewport();
    }

    @Test
    public void inlinePanelDrawsNoSecondBorderInABorderedHostBox() throws Exception {
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/doctor.html?pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
        awaitReady(0);
        js("var c = document.getElementById('chat'); c.style.border = '2px solid #1e3a8a'; c.style.borderRadius = '0';");
        String panel = "getComputedStyle(" + root(0) + ".querySelector('.pw-panel'))";
        assertEquals("0px", js("return " + panel + ".borderTopWidth;"));
        shot("widget-bordered-host-1280x800", 1280, 800);
        shot("widget-bordered-host-375x667", 375, 667);
        clearViewport();
        // a host without a frame asks for one through the theme's custom property
        js("document.querySelector('parley-widget').style.setProperty('--pw-panel-border', '1px solid rgb(221, 221, 221)');");
        assertEquals("1px", js("return " + panel + ".borderTopWidth;"));
        // the attach button draws a picture (frame, mountain, sun), not a half-filled "contrast" square
        String bg = (String) js("return getComputedStyle(" + root(0) + ".querySelector('.pw-attach'), '::before').backgroundImage;");
        assertTrue(bg, bg.contains("radial-gradient") && bg.contains("conic-gradient"));
    }
}
