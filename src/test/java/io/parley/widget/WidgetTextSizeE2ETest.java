package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/**
 * The user's text size: the widget's sizes follow the browser's default font (em from
 * font-size: medium, which the host page's CSS cannot change), and at 200 % nothing is cut: the empty composer shows its whole placeholder, the
 * panel does not scroll sideways at 375 px. Reduced motion stops the spinners.
 */
public class WidgetTextSizeE2ETest extends WidgetTestBase {

    @After
    public void reset() {
        driver.executeCdpCommand("Page.setFontSizes", Map.of("fontSizes", Map.of("standard", 16)));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        clearViewport();
    }

    @Test
    public void twiceTheDefaultTextScalesTheWidgetAndClipsNothing() {
        viewport(375, 667, true);
        driver.get(url("/demo/patient.html?locale=en&open=1&pin=" + uniq("patient") + "&toChat=" + uniq("doctor")));
        awaitReady(0);
        sendText(0, "How long should I take it?");
        awaitLastBubble(0, "How long should I take it?");
        String size = "return getComputedStyle(" + root(0) + ".querySelector('.pw-bubble')).fontSize;";
        assertEquals("15px", js(size));
        // the user's default text size doubled (the browser's font setting, through CDP)
        driver.executeCdpCommand("Page.enable", Map.of());
        driver.executeCdpCommand("Page.setFontSizes", Map.of("fontSizes", Map.of("standard", 32)));
        driver.navigate().refresh();
        Browser.waitFor(driver, d -> "30px".equals(js("var r = " + root(0) + "; var b = r && r.querySelector('.pw-bubble');"
                + " return b ? getComputedStyle(b).fontSize : null;")));
        assertEquals("28px", js("return getComputedStyle(" + root(0) + ".querySelector('.pw')).fontSize;"));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) js("var s = " + root(0) + "; var t = s.querySelector('.pw-input');"
                + " var p = s.querySelector('.pw-panel');"
                + " return { ph: t.getAttribute('placeholder'), fits: t.scrollHeight <= t.clientHeight + 1,"
                + "   h: t.clientHeight, sh: t.scrollHeight, sideways: p.scrollWidth - p.clientWidth,"
                + "   list: s.querySelector('.pw-list').scrollWidth - s.querySelector('.pw-list').clientWidth };");
        assertEquals(r.toString(), Boolean.TRUE, r.get("fits"));
        assertEquals(r.toString(), 0L, ((Number) r.get("sideways")).longValue());
        assertEquals(r.toString(), 0L, ((Number) r.get("list")).longValue());
        shot("widget-text-200pct-375x667", 375, 667);

        // the host page's own font sizes (html's included) do not reach in
        js("document.documentElement.style.fontSize = '62.5%'; document.body.style.fontSize = '40px';");
        assertEquals("30px", js(size));
    }

    @Test
    public void reducedMotionStopsTheSpinners() {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
        driver.get(url("/demo/doctor.html?locale=en&pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
        awaitReady(0);
        js("window.parleyChat.sdk.close();");
        sendText(0, "spinner");
        Browser.waitFor(driver, d -> count(0, ".pw-spinner") > 0 || count(0, ".pw-resend") > 0);
        assertEquals("none", js("var s = document.createElement('span'); s.className = 'pw-spinner';"
                + " " + root(0) + ".querySelector('.pw-rows').appendChild(s);"
                + " var a = getComputedStyle(s).animationName; s.remove(); return a;"));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        assertTrue(!"none".equals(js("var s = document.createElement('span'); s.className = 'pw-spinner';"
                + " " + root(0) + ".querySelector('.pw-rows').appendChild(s);"
                + " var a = getComputedStyle(s).animationName; s.remove(); return a;")));
    }
}
