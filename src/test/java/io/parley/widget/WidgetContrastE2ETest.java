package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.parley.server.ParleyServer;
import io.parley.testsupport.Browser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The contrast of every text style the widget shows (WCAG 1.4.3: 4.5:1, 3:1 for large text) and of
 * the composer's edge and every focus ring (1.4.11: 3:1), in the light and the dark theme (dark both
 * from prefers-color-scheme and forced by the host's theme option). Chromium gives each element's
 * computed colours (normalised to RGBA through a canvas) and the background layers behind it; the
 * compositing and the ratio are computed here. On screen: history from the peer, our own unread,
 * recalled, failed and still-sending messages, the reconnect banner, Copy/Recall shown by focus.
 */
public class WidgetContrastE2ETest extends WidgetTestBase {

    @After
    public void reset() {
        WidgetAxeE2ETest.scheme("light");
        clearViewport();
    }

    /** Per text run: { what, fg: [r,g,b,a], layers: [[r,g,b,a] innermost first], px, bold, disabled }. */
    private static final String TEXTS = "var r = " + "(document.querySelectorAll('parley-widget')[0]).shadowRoot;"
            + " var cv = document.createElement('canvas'); cv.width = cv.height = 1;"
            + " var cx = cv.getContext('2d', { willReadFrequently: true });"
            + " var rgba = function (c) { cx.clearRect(0, 0, 1, 1); cx.fillStyle = '#000'; cx.fillStyle = c; cx.fillRect(0, 0, 1, 1);"
            + "   var d = cx.getImageData(0, 0, 1, 1).data; return [d[0], d[1], d[2], d[3] / 255]; };"
            + " var layers = function (el, own) { var out = own ? [rgba(own)] : [];"
            + "   for (var e = el; e; e = e.parentElement) { var b = rgba(getComputedStyle(e).backgroundColor);"
            + "     if (b[3] > 0) out.push(b); if (b[3] >= 1) break; } return out; };"
            + " var opacity = function (el) { var o = 1; for (var e = el; e; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o; };"
            + " var name = function (el) { var c = String(el.className).trim() || String(el.parentElement.className).trim() + '>';"
            + "   return el.tagName.toLowerCase() + '.' + c.replace(/\\s+/g, '.'); };"
            + " var out = [];"
            + " var add = function (el, what, cs, bgOwn) { var fg = rgba(cs.color); fg[3] *= opacity(el);"
            + "   out.push({ what: what, fg: fg, layers: layers(el, bgOwn), px: parseFloat(cs.fontSize),"
            + "     bold: +cs.fontWeight >= 700, disabled: !!el.closest(':disabled') }); };"
            + " r.querySelectorAll('*').forEach(function (el) {"
            + "   if (el.closest('.pw-sr') || !el.getClientRects().length) return;"
            + "   var cs = getComputedStyle(el); if (cs.visibility !== 'visible' || opacity(el) === 0) return;"
            + "   var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });"
            + "   if (own) add(el, name(el) + ' \"' + el.textContent.trim().substring(0, 24) + '\"', cs, null);"
            + "   ['::before', '::after'].forEach(function (p) { var ps = getComputedStyle(el, p); var c = ps.content;"
            + "     if (!c || c === 'none' || c === 'normal' || ps.display === 'none') return;"
            + "     var m = /attr\\(([a-z-]+)\\)/.exec(c); var t = m ? el.getAttribute(m[1]) : c.replace(/^\"|\" *(\\/.*)?$/g, '');"
            + "     if (!t || !t.trim()) return;"
            + "     add(el, name(el) + p + ' \"' + t.trim() + '\"', ps, ps.backgroundColor); }); });"
            + " return out;";

    /** Per control: { what, edge: [r,g,b,a], layers } for the composer's border and each focused element's ring. */
    private static final String EDGES = "var r = (document.querySelectorAll('parley-widget')[0]).shadowRoot;"
            + " var cv = document.createElement('canvas'); cv.width = cv.height = 1;"
            + " var cx = cv.getContext('2d', { willReadFrequently: true });"
            + " var rgba = function (c) { cx.clearRect(0, 0, 1, 1); cx.fillStyle = '#000'; cx.fillStyle = c; cx.fillRect(0, 0, 1, 1);"
            + "   var d = cx.getImageData(0, 0, 1, 1).data; return [d[0], d[1], d[2], d[3] / 255]; };"
            + " var layers = function (el) { var out = [];"
            + "   for (var e = el; e; e = e.parentElement) { var b = rgba(getComputedStyle(e).backgroundColor);"
            + "     if (b[3] > 0) out.push(b); if (b[3] >= 1) break; } return out; };"
            + " var name = function (el) { return el.tagName.toLowerCase() + '.' + String(el.className).trim().replace(/\\s+/g, '.'); };"
            + " var out = []; var input = r.querySelector('.pw-input');"
            + " out.push({ what: 'composer border', edge: rgba(getComputedStyle(input).borderTopColor), layers: layers(input.parentElement) });"
            + " r.querySelectorAll('button:not([hidden]), textarea, [tabindex=\"0\"], a[href]').forEach(function (el) {"
            + "   if (!el.getClientRects().length || el.disabled) return;"
            + "   el.focus(); if (r.activeElement !== el || !el.matches(':focus-visible')) return;"
            + "   var cs = getComputedStyle(el);"
            + "   if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) {"
            + "     var off = parseFloat(cs.outlineOffset); var at = off >= 0 ? el.parentElement : el;"
            + "     var gap = off > 0 && /rgb\\(255, 255, 255\\) 0px 0px 0px (\\d+)px/.exec(cs.boxShadow);"
            + "     out.push({ what: 'focus ring ' + name(el), edge: rgba(cs.outlineColor),"
            + "       layers: gap && +gap[1] >= off ? [[255, 255, 255, 1]] : layers(at) });"
            + "   } else { out.push({ what: 'focus edge ' + name(el), edge: rgba(cs.borderTopColor), layers: layers(el.parentElement),"
            + "     ring: cs.boxShadow }); } });"
            + " return out;";

    @Test
    public void everyTextStyleAndFocusRingMeetsWcagContrastInBothThemes() throws Exception {
        String me = uniq("doctor");
        String peer = uniq("patient");
        driver.get(url("/demo/patient.html?locale=en&open=1&pin=" + peer + "&toChat=" + me));
        awaitReady(0);
        seed("parleyChat", "Good morning doctor", 2);
        driver.get(url("/demo/doctor.html?locale=en&sendTimeoutMs=3000&pin=" + me + "&toChat=" + peer));
        awaitReady(0);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") == 2);
        sendText(0, "to be recalled");
        awaitLastBubble(0, "to be recalled");
        Browser.waitFor(driver, d -> Boolean.FALSE.equals(js("var rows = " + root(0) + ".querySelectorAll('.pw-msg');"
                + " return rows[rows.length - 1].querySelector('.pw-recall').hidden;")));
        recallLast();
        Browser.waitFor(driver, d -> count(0, ".pw-recalled") == 1);
        seed("parleyChat", "Take one tablet", 1);
        Browser.waitFor(driver, d -> count(0, ".pw-receipt") >= 1);

        int port = server.port();
        server.stop();
        List<String> bad = new ArrayList<>();
        int checked = 0;
        try {
            Browser.waitFor(driver, d -> count(0, ".pw-banner") == 1);
            sendText(0, "this one fails");
            Browser.waitFor(driver, d -> count(0, ".pw-resend") == 1);
            for (String theme : List.of("light", "dark", "forced-dark")) {
                if (theme.equals("forced-dark")) {
                    WidgetAxeE2ETest.scheme("light");
                    js("document.querySelector('parley-widget').setAttribute('data-theme', 'dark');");
                } else {
                    WidgetAxeE2ETest.scheme(theme);
                }
                // one still sending (measured before its 3 s timeout), Copy/Recall shown by keyboard focus
                sendText(0, "still sending " + theme);
                Browser.waitFor(driver, d -> count(0, ".pw-sending") == 1);
                // the way a keyboard user gets there: the row, then Tab to its first action
                js("var rows = " + root(0) + ".querySelectorAll('.pw-msg:not(.pw-sending):not(.pw-failed)');"
                        + " rows[rows.length - 1].focus();");
                new Actions(driver).sendKeys(Keys.TAB).perform();
                Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var a = " + root(0) + ".activeElement;"
                        + " return !!a && a.classList.contains('pw-copy') && a.matches(':focus-visible');")));
                checked += check(theme, bad);
                Browser.waitFor(driver, d -> count(0, ".pw-sending") == 0);
            }
        } finally {
            server = ParleyServer.start(server.config().toBuilder().port(port).build());
            js("document.querySelector('parley-widget').removeAttribute('data-theme');");
        }
        new WebDriverWait(driver, Duration.ofSeconds(40)).until(d -> count(0, ".pw-banner") == 0);
        // the floating panel: its close button sits on the accent header
        Browser.waitFor(driver, d -> count(0, ".pw-banner") == 0);
        driver.get(url("/demo/patient.html?locale=en&open=1&pin=" + peer + "&toChat=" + me));
        awaitReady(0);
        for (String theme : List.of("light", "dark")) {
            WidgetAxeE2ETest.scheme(theme);
            keyboardFocusInWidget();
            checked += check(theme + " floating", bad);
        }
        assertTrue("too few styles measured: " + checked, checked > 25);
        assertEquals("contrast below WCAG AA:\n" + String.join("\n", bad), 0, bad.size());
    }

    /** Tabs until a control inside the widget shows keyboard focus: programmatic focus then shows rings too. */
    private static void keyboardFocusInWidget() {
        for (int i = 0; i < 8; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            if (Boolean.TRUE.equals(js("var a = " + root(0) + ".activeElement; return !!a && a.matches(':focus-visible');"))) {
                return;
            }
        }
        fail("Tab never reached a control inside the widget that shows keyboard focus");
    }

    private static void recallLast() {
        js("var rows = " + root(0) + ".querySelectorAll('.pw-msg'); var b = rows[rows.length - 1].querySelector('.pw-recall');"
                + " b.click(); b.click();");
    }

    @SuppressWarnings("unchecked")
    private static int check(String theme, List<String> bad) {
        List<String> kinds = new ArrayList<>();
        int n = 0;
        for (Map<String, Object> t : (List<Map<String, Object>>) js(TEXTS)) {
            if (Boolean.TRUE.equals(t.get("disabled"))) {
                continue; // WCAG exempts inactive controls
            }
            double px = ((Number) t.get("px")).doubleValue();
            boolean large = px >= 24 || (px >= 18.66 && Boolean.TRUE.equals(t.get("bold")));
            double need = large ? 3 : 4.5;
            double ratio = ratio((List<Number>) t.get("fg"), (List<List<Number>>) t.get("layers"));
            kinds.add((String) t.get("what"));
            n++;
            if (ratio < need) {
                bad.add(theme + " text " + t.get("what") + String.format(" %.2f:1 < %.1f", ratio, need));
            }
        }
        for (String must : theme.endsWith("floating") ? List.<String>of() : List.of("pw-receipt", "pw-failed-text", "pw-recalled", "pw-banner", "pw-day",
                "pw-name::after", "pw-act.pw-copy", "pw-sending", "pw-resend")) {
            assertTrue(theme + ": " + must + " not measured in " + kinds,
                    kinds.stream().anyMatch(k -> k.contains(must)) || must.equals("pw-sending") && bubbleOf(kinds));
        }
        for (Map<String, Object> e : (List<Map<String, Object>>) js(EDGES)) {
            double ratio = ratio((List<Number>) e.get("edge"), (List<List<Number>>) e.get("layers"));
            n++;
            kinds.add((String) e.get("what"));
            if (ratio < 3) {
                bad.add(theme + " " + e.get("what") + String.format(" %.2f:1 < 3", ratio));
            }
        }
        for (String must : theme.endsWith("floating") ? List.of("focus ring button.pw-close", "composer border")
                : List.of("focus ring button.pw-act.pw-copy", "focus ring div.pw-list", "focus edge textarea.pw-input")) {
            assertTrue(theme + ": " + must + " not measured in " + kinds, kinds.contains(must));
        }
        return n;
    }

    private static boolean bubbleOf(List<String> kinds) {
        return kinds.stream().anyMatch(k -> k.contains("still sending"));
    }

    /** WCAG contrast of fg (with alpha) over the stacked background layers (innermost first) over white. */
    static double ratio(List<Number> fg, List<List<Number>> layers) {
        double[] bg = { 255, 255, 255 };
        for (int i = layers.size() - 1; i >= 0; i--) {
            bg = over(layers.get(i), bg);
        }
        double[] f = over(fg, bg);
        double a = luminance(f);
        double b = luminance(bg);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    private static double[] over(List<Number> c, double[] under) {
        double a = c.get(3).doubleValue();
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = c.get(i).doubleValue() * a + under[i] * (1 - a);
        }
        return out;
    }

    static double luminance(double[] rgb) {
        double[] l = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = rgb[i] / 255;
            l[i] = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    }
}
