package io.parley.widget;

import static org.junit.Assert.assertEquals;

import io.parley.testsupport.BrowserFlags;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/**
 * Forced colours for real, not emulated: Chromium started with --force-high-contrast (headless, this
 * version: forced-colors matches and the system colours are applied as in Windows high contrast). The
 * same icon checks as the emulated run, plus: our colours give way to the system's, every bubble keeps
 * an edge, and the list is readable (text and background are the system pair, not ours).
 */
@BrowserFlags("--force-high-contrast")
public class WidgetHighContrastE2ETest extends WidgetTestBase {

    @After
    public void reset() {
        clearViewport();
    }

    @Test
    public void theWidgetKeepsItsShapesInRealForcedColours() {
        String me = uniq("patient");
        String peer = uniq("doctor");
        driver.get(url("/demo/patient.html?locale=en&open=1&pin=" + me + "&toChat=" + peer));
        awaitReady(0);
        sendText(0, "Do I need to fast before the blood test?");
        awaitLastBubble(0, "Do I need to fast before the blood test?");
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) js("var s = " + root(0) + ";"
                + " var sys = function (name) { var p = document.createElement('i'); p.style.color = name; document.body.appendChild(p);"
                + "   var v = getComputedStyle(p).color; p.remove(); return v; };"
                + " var b = getComputedStyle(s.querySelector('.pw-self .pw-bubble')); var h = getComputedStyle(s.querySelector('.pw-header'));"
                + " return { canvasText: sys('CanvasText'), canvas: sys('Canvas'), bubbleText: b.color, bubbleBg: b.backgroundColor,"
                + "   bubbleEdge: b.borderTopStyle + ' ' + b.borderTopColor, header: h.backgroundColor };");
        assertEquals(c.toString(), c.get("canvasText"), c.get("bubbleText"));
        assertEquals("our accent gave way to the system's canvas: " + c, c.get("canvas"), c.get("header"));
        assertEquals("the edge is the text colour: " + c, "solid " + c.get("canvasText"), c.get("bubbleEdge"));
        shot("widget-high-contrast-chat-1280x800", 1280, 800);
        shot("widget-high-contrast-chat-375x667", 375, 667);

        clearViewport();
        driver.get(url("/demo/patient.html?locale=en&pin=" + me + "&toChat=" + peer));
        waitTrue("var r = " + root(0) + "; return !!(r && r.querySelector('.pw-launcher'))"
                + " && getComputedStyle(r.querySelector('.pw')).fontSize === '14px';");
        WidgetForcedColorsE2ETest.iconsKeepTheirShapes("widget-high-contrast");
    }
}
