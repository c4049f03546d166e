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
 * panel does not scroll sideways at 375 px; at 400 % zoom (320x200 CSS px) nothing is cut off or covered
 * and the list keeps room beside a long draft; axe finds no WCAG 2.1 AA violation in either. Reduced
 * motion stops the spinners.
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
        List<String> bad = clipped();
        assertEquals("200 % text at 375 px: " + bad, List.of(), bad);
        dark();
        assertEquals(List.of(), clipped());
        assertEquals(List.of(), WidgetAxeE2ETest.violations("200 % text, dark"));
        shot("widget-text-200pct-375x667-dark", 375, 667);
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));

        // the host page's own font sizes (html's included) do not reach in
        js("document.documentElement.style.fontSize = '62.5%'; document.body.style.fontSize = '40px';");
        assertEquals("30px", js(size));
    }

    /**
     * What is cut off, covered or scrolls sideways in the open panel: the header's and the composer's
     * controls each fully inside the panel and the viewport and the topmost thing at their centre, the
     * panel, list and composer without sideways scroll, room in the list for a line of a message, the
     * newest bubble partly on screen (the list scrolls to the rest), the empty composer's placeholder whole
     * and no word of it wider than the field (a wider one breaks mid-word). An empty list is the answer.
     */
    @SuppressWarnings("unchecked")
    static List<String> clipped() {
        return (List<String>) js("var s = " + root(0) + "; var bad = [];"
                + " var box = function (r) { return [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)].join(','); };"
                + " var inside = function (a, b) { return a.left >= b.left - .5 && a.right <= b.right + .5"
                + "   && a.top >= b.top - .5 && a.bottom <= b.bottom + .5; };"
                + " var p = s.querySelector('.pw-panel'), pr = p.getBoundingClientRect();"
                + " if (!inside(pr, { left: 0, top: 0, right: innerWidth, bottom: innerHeight })) bad.push('panel ' + box(pr));"
                + " ['.pw-header', '.pw-avatar', '.pw-close', '.pw-composer', '.pw-attach', '.pw-cam', '.pw-input', '.pw-send']"
                + " .forEach(function (sel) { var e = s.querySelector(sel); if (!e) return; var r = e.getBoundingClientRect();"
                + "   if (!r.width || !r.height || !inside(r, pr)) { bad.push(sel + ' at ' + box(r)); return; }"
                + "   var hit = s.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                + "   if (!hit || !(hit === e || e.contains(hit))) bad.push(sel + ' covered by ' + (hit && hit.className)); });"
                + " var l = s.querySelector('.pw-list');"
                + " [p, l, s.querySelector('.pw-composer'), s.querySelector('.pw-header')].forEach(function (e) {"
                + "   if (e.scrollWidth > e.clientWidth) bad.push(e.className + ' scrolls sideways ' + e.scrollWidth + '>' + e.clientWidth); });"
                + " if (l.clientHeight < 40) bad.push('list only ' + l.clientHeight + ' px high');"
                + " var b = s.querySelectorAll('.pw-msg .pw-bubble'); b = b[b.length - 1];"
                + " if (b) { var br = b.getBoundingClientRect(), lr = l.getBoundingClientRect();"
                + "   if (Math.min(br.bottom, lr.bottom) - Math.max(br.top, lr.top) < 20 || br.right > lr.right + .5)"
                + "     bad.push('newest bubble at ' + box(br) + ' in ' + box(lr)); }"
                // the placeholder in a mirror of the field's text box that may break lines only where the
                // language allows (not inside a word): wider than the box means the field splits a word
                + " var t = s.querySelector('.pw-input'); if (!t.value) {"
                + "   if (t.scrollHeight > t.clientHeight + 1) bad.push('placeholder cut: ' + t.scrollHeight + '>' + t.clientHeight);"
                + "   var cs = getComputedStyle(t); var m = document.createElement('div');"
                + "   m.style.cssText = 'position:absolute;visibility:hidden;white-space:pre-wrap;overflow-wrap:normal;word-break:normal;"
                + "     width:' + (t.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)) + 'px;font:' + cs.font;"
                + "   m.textContent = t.placeholder; t.parentNode.appendChild(m);"
                + "   if (m.scrollWidth > m.clientWidth) bad.push('placeholder word split: ' + m.scrollWidth + ' px in ' + m.clientWidth);"
                + "   m.remove(); }"
                + " return bad;");
    }

    private static void dark() {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    }

    /** 400 % browser zoom of a 1280x800 window: a 320x200 CSS px viewport, 4 device pixels to each. */
    private static void zoom400() {
        Browser.resize(driver, 1280, 1000);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 320, "height", 200,
                "deviceScaleFactor", 4, "mobile", false));
    }

    @Test
    public void fourHundredPercentZoomClipsNothing() throws Exception {
        String me = uniq("patient");
        String peer = uniq("doctor");
        for (String locale : new String[] {"en", "zh-CN"}) {
            clearViewport();
            driver.get(url("/demo/patient.html?locale=" + locale + "&open=1&pin=" + me + "&toChat=" + peer));
            awaitReady(0);
            sendText(0, "Can I take the tablets with food, or should I wait an hour after eating?");
            awaitLastBubble(0, "Can I take the tablets with food, or should I wait an hour after eating?");
            zoom400();
            driver.navigate().refresh();
            awaitReady(0);
            waitTrue("return " + root(0) + ".querySelector('.pw-panel').getBoundingClientRect().width <= 320;");
            List<String> bad = clipped();
            Browser.screenshot(driver, "widget-zoom-400pct-" + locale);
            assertEquals("400 % zoom, " + locale + ": " + bad, List.of(), bad);
            assertEquals(List.of(), WidgetAxeE2ETest.violations("400 % zoom, " + locale));
            dark();
            assertEquals(List.of(), WidgetAxeE2ETest.violations("400 % zoom, dark, " + locale));
            Browser.screenshot(driver, "widget-zoom-400pct-" + locale + "-dark");
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            // a long draft grows the composer, but the list keeps room and the send button stays on screen
            type(0, "Line one\nLine two\nLine three\nLine four\nLine five\nLine six");
            Thread.sleep(100);
            bad = clipped();
            Browser.screenshot(driver, "widget-zoom-400pct-draft-" + locale);
            assertEquals("400 % zoom with a long draft, " + locale + ": " + bad, List.of(), bad);
            type(0, "");
        }
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
