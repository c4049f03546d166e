package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Keyboard and screen-reader paths: the list is one tab stop with arrow keys between rows, a focused
 * row's Copy/Recall are fully visible, follow-up rows are named groups (sender, time), history pages
 * land under aria-busy without being announced, and on a phone the floating panel is a modal dialog
 * (Tab wraps inside it, the host page is out of Chromium's accessibility tree, Esc and the close
 * button give the focus back to the launcher). The other side reading our messages is said once.
 */
public class WidgetKeyboardE2ETest extends WidgetTestBase {

    @After
    public void reset() {
        clearViewport();
    }

    private static String active() {
        return (String) js("var a = " + root(0) + ".activeElement; if (!a) return null;"
                + " var row = a.closest('.pw-msg, .pw-recalled');"
                + " return a.className + (row && row !== a ? ' in ' + row.getAttribute('data-mid')"
                + "   : row ? ' #' + row.getAttribute('data-mid') : '');");
    }

    private static void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    private static void shiftTab() {
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
    }

    @Test
    public void theListIsOneTabStopWithArrowKeysBetweenRows() {
        String me = uniq("doctor");
        String peer = uniq("patient");
        driver.get(url("/demo/patient.html?locale=en&open=1&pin=" + peer + "&toChat=" + me));
        awaitReady(0);
        seed("parleyChat", "Question", 10);
        driver.get(url("/demo/doctor.html?locale=en&pin=" + me + "&toChat=" + peer));
        awaitReady(0);
        seed("parleyChat", "Answer", 10);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") >= 10 && bubbles(0).contains("Answer 10"));

        // follow-ups from one sender: a named group each (sender and time), no title tooltips
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) js("return Array.from(" + root(0)
                + ".querySelectorAll('.pw-msg')).map(function (r) { return { role: r.getAttribute('role'),"
                + " label: r.getAttribute('aria-label'), cont: r.classList.contains('pw-cont'),"
                + " titles: r.querySelectorAll('[title]').length }; });");
        assertTrue(rows.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("cont"))));
        for (Map<String, Object> r : rows) {
            assertEquals(r.toString(), "group", r.get("role"));
            assertTrue(r.toString(), String.valueOf(r.get("label")).matches("(Ms\\. Zhang|Dr\\. Wang \\(me\\)), \\d\\d:\\d\\d"));
            assertEquals(r.toString(), 0L, r.get("titles"));
        }

        // Tab: list, then straight to the composer, however many messages
        js(root(0) + ".querySelector('.pw-list').focus();");
        press(Keys.TAB);
        assertEquals("pw-tool pw-attach", active());
        shiftTab();
        assertEquals("pw-list", active());

        // arrows: up from the list to the newest row, then row by row
        press(Keys.ARROW_UP);
        String newest = active();
        assertTrue(newest, newest.startsWith("pw-msg"));
        press(Keys.ARROW_UP);
        press(Keys.ARROW_UP);
        assertTrue(active().startsWith("pw-msg"));
        assertFalse(newest.equals(active()));
        press(Keys.ARROW_DOWN);
        press(Keys.ARROW_DOWN);
        String back = (String) js("return " + root(0) + ".activeElement.getAttribute('data-mid');");
        assertEquals("Answer 10", js("return " + root(0) + ".activeElement.querySelector('.pw-bubble').textContent;"));
        assertNotNull(back);

        // Tab from a row: its own Copy and Recall, fully visible inside the list, then the composer
        press(Keys.TAB);
        assertEquals("pw-act pw-copy in " + back, active());
        assertInsideList();
        press(Keys.TAB);
        assertEquals("pw-act pw-recall in " + back, active());
        assertInsideList();
        press(Keys.TAB);
        assertEquals("pw-tool pw-attach", active());

        // the top rows too (the first row's actions were the ones clipped by the list's edge)
        js(root(0) + ".querySelector('.pw-list').focus();");
        press(Keys.ARROW_UP);
        press(Keys.HOME);
        press(Keys.TAB);
        assertTrue(active(), active().startsWith("pw-act pw-copy"));
        assertInsideList();
        shot("widget-keyboard-copy-focused-1280x800", 1280, 800);
    }

    private static void assertInsideList() {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) js("var s = " + root(0) + "; var a = s.activeElement.getBoundingClientRect();"
                + " var l = s.querySelector('.pw-list').getBoundingClientRect();"
                + " return { ok: a.width > 0 && a.left >= l.left && a.right <= l.right && a.top >= l.top && a.bottom <= l.bottom"
                + "   && getComputedStyle(s.activeElement).opacity === '1', a: [a.left, a.top, a.right, a.bottom],"
                + "   l: [l.left, l.top, l.right, l.bottom] };");
        assertEquals(r.toString(), Boolean.TRUE, r.get("ok"));
    }

    @Test
    public void historyPagesLandBusyAndUnannounced() {
        String me = uniq("doctor");
        String peer = uniq("patient");
        driver.get(url("/demo/patient.html?locale=en&open=1&pin=" + peer + "&toChat=" + me));
        awaitReady(0);
        seed("parleyChat", "Earlier", 30);
        driver.get(url("/demo/doctor.html?locale=en&pageSize=10&pin=" + me + "&toChat=" + peer));
        awaitReady(0);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") > 0);
        js("var l = " + root(0) + ".querySelector('.pw-list'); window.__busy = [l.getAttribute('aria-busy')];"
                + " new MutationObserver(function () { __busy.push(l.getAttribute('aria-busy')); })"
                + " .observe(l, { attributes: true, attributeFilter: ['aria-busy'] });"
                + " window.__logged = 0; new MutationObserver(function (ms) { ms.forEach(function (m) { __logged += m.addedNodes.length; }); })"
                + " .observe(" + root(0) + ".querySelector('.pw-sr[role=log]'), { childList: true });");
        for (int i = 0; i < 3; i++) {
            js(root(0) + ".querySelector('.pw-list').scrollTop = 0;");
            Browser.waitFor(driver, d -> "false".equals(js("return " + root(0) + ".querySelector('.pw-list').getAttribute('aria-busy');"))
                    && !"loading".equals(js("return " + root(0) + ".querySelector('.pw').getAttribute('data-history');")));
        }
        Browser.waitFor(driver, d -> "end".equals(js("return " + root(0) + ".querySelector('.pw').getAttribute('data-history');")));
        @SuppressWarnings("unchecked")
        List<String> busy = (List<String>) js("return __busy;");
        assertTrue(busy.toString(), busy.contains("true"));
        assertEquals("false", busy.get(busy.size() - 1));
        assertEquals("history is not news for the log", 0L, js("return __logged;"));
    }

    @Test
    public void thePhonePanelIsAModalDialog() {
        viewport(375, 667, true);
        driver.get(url("/demo/patient.html?locale=en&pin=" + uniq("patient") + "&toChat=" + uniq("doctor")));
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var r = " + root(0) + "; return !!(r && r.querySelector('.pw-launcher'));")));
        js(root(0) + ".querySelector('.pw-launcher').focus();");
        press(Keys.ENTER);
        awaitReady(0);
        Browser.waitFor(driver, d -> "true".equals(js("return " + root(0) + ".querySelector('.pw-panel').getAttribute('aria-modal');")));
        assertEquals("dialog", js("return " + root(0) + ".querySelector('.pw-panel').getAttribute('role');"));
        assertEquals("pw-input", active());

        // Tab and Shift+Tab wrap inside the panel: focus never reaches the page behind
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            press(Keys.TAB);
            assertEquals("focus left the dialog after " + seen, "PARLEY-WIDGET", js("return document.activeElement.tagName;"));
            seen.add(active());
        }
        assertTrue(seen.toString(), seen.contains("pw-close"));
        for (int i = 0; i < 12; i++) {
            shiftTab();
            assertEquals("PARLEY-WIDGET", js("return document.activeElement.tagName;"));
        }

        // the host page behind is not in the accessibility tree while the dialog is open
        assertTrue(hostButtonIgnored());

        // Esc: closed, focus on the launcher, the page back in the tree
        press(Keys.ESCAPE);
        Browser.waitFor(driver, d -> "pw-launcher".equals(active()));
        assertFalse(hostButtonIgnored());
        assertEquals(null, js("return " + root(0) + ".querySelector('.pw-panel').getAttribute('aria-modal');"));
        // and the close button does the same
        press(Keys.ENTER);
        Browser.waitFor(driver, d -> "pw-input".equals(active()));
        js(root(0) + ".querySelector('.pw-close').focus();");
        press(Keys.ENTER);
        Browser.waitFor(driver, d -> "pw-launcher".equals(active()));
        shot("widget-modal-closed-375x667", 375, 667);
    }

    /** Records every line the hidden log (the screen reader's voice) gets from now on, in window.__said. */
    private static void listenToTheLog() {
        js("window.__said = []; new MutationObserver(function (ms) { ms.forEach(function (m) {"
                + " m.addedNodes.forEach(function (n) { __said.push(n.textContent); }); }); })"
                + " .observe(" + root(0) + ".querySelector('.pw-sr[role=log]'), { childList: true });");
    }

    private static boolean receiptsAll(String text, int n) {
        return Boolean.TRUE.equals(js("var t = arguments[0], r = Array.from(" + root(0) + ".querySelectorAll('.pw-self .pw-rcpt'));"
                + " return r.length === arguments[1] && r.every(function (e) { return !e.hidden && e.textContent === t; });",
                text, n));
    }

    @Test
    public void theOtherSideReadingOurMessagesIsSaidOnce() throws Exception {
        for (String[] l : new String[][] {{"en", "Unread", "Read"}, {"zh-CN", "\u672a\u8bfb", "\u5df2\u8bfb"}}) {
            String p = uniq("patient");
            String dr = uniq("doctor");
            String patientUrl = url("/demo/patient.html?open=1&locale=" + l[0] + "&pin=" + p + "&toChat=" + dr);
            driver.get(patientUrl);
            String patientTab = driver.getWindowHandle();
            awaitReady(0);
            for (String t : List.of("First", "Second", "Third")) {
                sendText(0, t);
                awaitLastBubble(0, t);
            }
            Browser.waitFor(driver, d -> receiptsAll(l[1], 3));
            listenToTheLog();

            // the doctor opens the chat and sees all three: one read receipt, one line for the screen reader
            String doctorTab = openTab(url("/demo/doctor.html?locale=" + l[0] + "&pin=" + dr + "&toChat=" + p));
            awaitReady(0);
            awaitLastBubble(0, "Third");
            driver.switchTo().window(patientTab);
            Browser.waitFor(driver, d -> receiptsAll(l[2], 3));
            Thread.sleep(300); // a few frames: a second line would have landed by now
            assertEquals(l[0], List.of(l[2]), js("return __said;"));
            assertTrue(String.valueOf(js("return " + root(0) + ".querySelector('.pw-sr[role=log]').textContent;")).contains(l[2]));
            closeTab(doctorTab, patientTab);

            // already read when the page loads: a state, not news
            driver.get(patientUrl);
            awaitReady(0);
            listenToTheLog();
            Browser.waitFor(driver, d -> receiptsAll(l[2], 3));
            Thread.sleep(300);
            assertEquals(l[0], List.of(), js("return __said;"));
        }
    }

    /** Whether Chromium's accessibility tree ignores the host page's "consult a doctor" button. */
    @SuppressWarnings("unchecked")
    private static boolean hostButtonIgnored() {
        Map<String, Object> tree = driver.executeCdpCommand("Accessibility.getFullAXTree", Map.of());
        for (Map<String, Object> n : (List<Map<String, Object>>) tree.get("nodes")) {
            Map<String, Object> name = (Map<String, Object>) n.get("name");
            Map<String, Object> role = (Map<String, Object>) n.get("role");
            if (role != null && "button".equals(role.get("value")) && name != null && "咨询医生".equals(name.get("value"))) {
                return Boolean.TRUE.equals(n.get("ignored"));
            }
        }
        // not in the tree at all: ignored too
        return true;
    }
}
