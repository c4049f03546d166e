package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.testsupport.HostSite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;

/**
 * The long-press menu on a touch screen (Chromium with touch emulation, real touch input through
 * CDP, a real server): a long press opens one role=menu beside the bubble; Copy copies, Recall
 * recalls on the server; a short tap, a moving press, a tap outside and Escape don't leave it open;
 * the invisible hover actions cannot be tapped.
 */
public class WidgetTouchMenuE2ETest extends WidgetTestBase {
    private static final String MENU = "(function () { var m = " + root(0) + ".querySelector('.pw-menu');"
            + " return m && !m.hidden ? m : null; })()";

    @After
    public void noTouch() {
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        clearViewport();
    }

    private static String row(String text) {
        return "(function () { var rows = " + root(0) + ".querySelectorAll('.pw-msg');"
                + " for (var i = rows.length - 1; i >= 0; i--) { var b = rows[i].querySelector('.pw-bubble');"
                + " if (b && b.textContent === '" + text + "') return rows[i]; } return null; })()";
    }

    @SuppressWarnings("unchecked")
    private static double[] centre(String elementExpr) {
        Map<String, Object> r = (Map<String, Object>) js("var el = " + elementExpr + "; var b = el.getBoundingClientRect();"
                + " return { x: b.left + b.width / 2, y: b.top + b.height / 2, w: b.width };");
        assertTrue("shown: " + elementExpr, ((Number) r.get("w")).doubleValue() > 0);
        return new double[] { ((Number) r.get("x")).doubleValue(), ((Number) r.get("y")).doubleValue() };
    }

    private static void touch(String type, double x, double y) {
        driver.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", type,
                "touchPoints", "touchEnd".equals(type) ? List.of() : List.of(Map.of("x", x, "y", y))));
    }

    /** A finger held on the element for ms, moving dy pixels on the way. */
    private static void press(String elementExpr, long ms, double dy) throws InterruptedException {
        double[] c = centre(elementExpr);
        touch("touchStart", c[0], c[1]);
        if (dy != 0) {
            Thread.sleep(100);
            touch("touchMove", c[0], c[1] + dy);
        }
        Thread.sleep(ms);
        touch("touchEnd", c[0], c[1] + dy);
    }

    private static void tap(String elementExpr) throws InterruptedException {
        press(elementExpr, 50, 0);
    }

    private static void awaitJs(String script) {
        try {
            waitTrue(script);
        } catch (RuntimeException e) {
            System.out.println("[touch-menu] waited for: " + script + "\n root: "
                    + js("var r = " + root(0) + "; return r ? r.innerHTML.substring(0, 3000) : 'no widget'"));
            throw e;
        }
    }

    private static boolean menuOpen() {
        return js("return " + MENU + ";") != null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> menuItems() {
        return (List<String>) js("return Array.from(" + MENU + ".querySelectorAll('[role=menuitem]'))"
                + ".filter(function (b) { return !b.hidden; }).map(function (b) { return b.textContent; });");
    }

    /** The menu comes with parley-media.js: when that cannot load, a long press says so and throws nothing. */
    @Test
    public void aLongPressWithoutTheMediaChunkShowsAMessageAndThrowsNothing() throws Exception {
        String pin = uniq("patient");
        String token = server.tokenService().sign(pin, "clinic.web", System.currentTimeMillis() / 1000 + 600);
        try (HostSite site = HostSite.start()) {
            site.hide("/parley-media.js");
            String html = watchedClinicPage(pin, token);
            driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
            viewport(375, 667, true);
            driver.get(site.page("/no-media-menu.html", html, StandardCharsets.UTF_8).toString());
            awaitReady(0);
            sendText(0, "Hold me 7");
            awaitLastBubble(0, "Hold me 7");
            press(row("Hold me 7") + ".querySelector('.pw-bubble')", 800, 0);
            awaitJs("var t = " + root(0) + ".querySelector('.pw-toast.pw-on'); return !!t && t.textContent.length > 0;");
            assertEquals("Couldn't load the message menu. Check your connection and try again.",
                    js("return " + root(0) + ".querySelector('.pw-toast').textContent;"));
            assertEquals("no menu", false, menuOpen());
            assertMediaChunkFailureContained();
        }
    }

    @Test
    public void longPressOpensTheMenuCopyAndRecallWorkShortTapsAndMovesDoNothing() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        String patientTab = driver.getWindowHandle();
        openTab(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        sendText(0, "From the doctor");
        awaitLastBubble(0, "From the doctor");
        driver.close();
        driver.switchTo().window(patientTab);

        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(
                Map.of("name", "pointer", "value", "coarse"), Map.of("name", "hover", "value", "none"))));
        viewport(375, 667, true);
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr));
        awaitReady(0);
        assertEquals("a touch screen: coarse pointer, no hover", Boolean.TRUE,
                js("return matchMedia('(pointer: coarse)').matches && matchMedia('(hover: none)').matches;"));
        awaitLastBubble(0, "From the doctor");
        sendText(0, "Touch me 42");
        awaitLastBubble(0, "Touch me 42");
        awaitJs("return " + row("Touch me 42") + ".querySelector('.pw-recall').hidden === false;");
        js(root(0) + ".activeElement && " + root(0) + ".activeElement.blur();");

        // a short tap: no menu, and the invisible Copy/Recall buttons take no taps
        tap(row("Touch me 42") + ".querySelector('.pw-bubble')");
        Thread.sleep(800);
        assertEquals("a short tap opens nothing", false, menuOpen());
        assertEquals("invisible actions are not tappable", "none",
                js("return getComputedStyle(" + row("Touch me 42") + ".querySelector('.pw-copy')).pointerEvents;"));
        assertEquals(0.0, ((Number) js("return +getComputedStyle(" + row("Touch me 42")
                + ".querySelector('.pw-copy')).opacity;")).doubleValue(), 0.0);

        // a press that moves is a scroll, not a long press
        press(row("Touch me 42") + ".querySelector('.pw-bubble')", 700, 30);
        Thread.sleep(200);
        assertEquals("a moving press opens nothing", false, menuOpen());

        // a long press: the menu, right under the message (not over its receipt) or above it, inside the panel, focus on its first item
        press(row("Touch me 42") + ".querySelector('.pw-bubble')", 700, 0);
        awaitJs("return !!" + MENU + ";");
        assertEquals(List.of("Copy", "Recall"), menuItems());
        assertEquals("menu", js("return " + MENU + ".getAttribute('role');"));
        assertEquals(1L, count(0, ".pw-menu"));
        assertEquals("Copy", js("return " + root(0) + ".activeElement.textContent;"));
        assertEquals("menuitem", js("return " + root(0) + ".activeElement.getAttribute('role');"));
        assertEquals("the menu sits within the panel and next to the bubble", Boolean.TRUE, js("var m = " + MENU
                + ".getBoundingClientRect(); var p = " + root(0) + ".querySelector('.pw-panel').getBoundingClientRect();"
                + " var b = " + row("Touch me 42") + ".querySelector('.pw-bubble').getBoundingClientRect();"
                + " var r = " + row("Touch me 42") + ".querySelector('.pw-rcpt');"
                + " var u = r && !r.hidden ? r.getBoundingClientRect() : b;"
                + " return m.left >= p.left && m.right <= p.right && m.top >= p.top && m.bottom <= p.bottom"
                + " && (m.top >= u.bottom && m.top - u.bottom <= 12 || m.bottom <= b.top && b.top - m.bottom <= 12);"));
        shot("widget-touch-menu-375x667", 375, 667);

        // Copy: to the clipboard, and the menu closes
        String origin = url("/").replaceAll("/$", "");
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        tap(MENU + ".querySelector('.pw-menu-item')");
        awaitJs("return " + root(0) + ".querySelector('.pw-toast').textContent === 'Copied';");
        assertEquals(false, menuOpen());
        Object clip = jsAsync("var done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });");
        assertEquals("Touch me 42", clip);

        // someone else's message: Copy only; a tap outside closes the menu
        press(row("From the doctor") + ".querySelector('.pw-bubble')", 700, 0);
        awaitJs("return !!" + MENU + ";");
        assertEquals(List.of("Copy"), menuItems());
        tap(root(0) + ".querySelector('.pw-header')");
        awaitJs("return !" + MENU + ";");

        // Escape closes the menu, not the panel, and gives the focus back
        press(row("From the doctor") + ".querySelector('.pw-bubble')", 700, 0);
        awaitJs("return !!" + MENU + ";");
        driver.executeCdpCommand("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "Escape",
                "code", "Escape", "windowsVirtualKeyCode", 27));
        awaitJs("return !" + MENU + ";");
        assertEquals("the panel stays open", Boolean.TRUE,
                js("return " + root(0) + ".querySelector('.pw').className.indexOf('pw-closed') < 0;"));
        assertEquals("focus back on the list", Boolean.TRUE,
                js("return " + root(0) + ".activeElement === " + root(0) + ".querySelector('.pw-list');"));

        // Recall through the menu: done on the real server
        press(row("Touch me 42") + ".querySelector('.pw-bubble')", 700, 0);
        awaitJs("return !!" + MENU + ";");
        tap(MENU + ".querySelectorAll('.pw-menu-item')[1]");
        // one tap asks: the menu stays, its item now confirms; nothing is recalled yet
        awaitJs("return " + MENU + ".querySelectorAll('.pw-menu-item')[1].textContent === 'Confirm recall';");
        assertEquals(0L, count(0, ".pw-recalled"));
        assertEquals(true, menuOpen());
        tap(MENU + ".querySelectorAll('.pw-menu-item')[1]");
        awaitJs("var l = " + root(0) + ".querySelector('.pw-recalled'); return !!l && l.textContent === 'You recalled a message';");
        assertEquals(false, menuOpen());
        driver.navigate().refresh();
        awaitReady(0);
        awaitJs("var l = " + root(0) + ".querySelector('.pw-recalled'); return !!l && l.textContent === 'You recalled a message';");
        assertTrue("gone from the server's history", !((String) js("return " + root(0)
                + ".querySelector('.pw-list').textContent;")).contains("Touch me 42"));
    }
}
