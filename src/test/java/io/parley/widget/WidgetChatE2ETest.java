package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Two widgets on two pages (the patient's mobile page and the doctor's desk) through a real
 * server: live chat both ways, roles and sides, links, special types, XSS corpus, history
 * paging without scroll jumps, the new-messages pill.
 */
public class WidgetChatE2ETest extends WidgetTestBase {

    private static String patientTab;
    private static String doctorTab;

    /** Opens the patient page (panel open) and the doctor page in two tabs of one window. */
    private static void openPair(String p, String dr, String patientQuery, String doctorQuery) {
        Browser.resize(driver, 1280, 800);
        String[] tabs = openPatientAndDoctor(url("/demo/patient.html?open=1&pin=" + p + "&toChat=" + dr + patientQuery),
                url("/demo/doctor.html?pin=" + dr + "&toChat=" + p + doctorQuery));
        patientTab = tabs[0];
        doctorTab = tabs[1];
    }

    private static void closeDoctorTab() {
        closeTab(doctorTab, patientTab);
    }

    @Test
    public void patientAndDoctorChatBothWaysWithRolesLinksAndSpecialTypes() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        openPair(p, dr, "", "");

        sendText(0, "您好，请问哪里不舒服？");
        awaitLastBubble(0, "您好，请问哪里不舒服？");

        driver.switchTo().window(patientTab);
        awaitLastBubble(0, "您好，请问哪里不舒服？");
        sendText(0, "最近心悸，报告在 https://example.com/r?id=7. 请看");
        awaitLastBubble(0, "最近心悸，报告在 https://example.com/r?id=7. 请看");

        driver.switchTo().window(doctorTab);
        awaitLastBubble(0, "最近心悸，报告在 https://example.com/r?id=7. 请看");
        // sides and names: the doctor's own message on the right, the patient's on the left, role names
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) js("return Array.from(" + root(0)
                + ".querySelectorAll('.pw-msg')).map(function (r) { return { cls: r.className,"
                + " name: r.querySelector('.pw-name').textContent, x: r.querySelector('.pw-bubble').getBoundingClientRect().left }; });");
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).get("cls").toString().contains("pw-right"));
        assertEquals("王医生（我）", rows.get(0).get("name"));
        assertTrue(rows.get(1).get("cls").toString().contains("pw-left"));
        assertEquals("张女士", rows.get(1).get("name"));
        assertTrue(((Number) rows.get(0).get("x")).doubleValue() > ((Number) rows.get(1).get("x")).doubleValue());
        // the URL is a safe link; the sentence's full stop is not part of it
        @SuppressWarnings("unchecked")
        Map<String, Object> link = (Map<String, Object>) js("var a = " + root(0) + ".querySelector('.pw-msg:last-child a.pw-link');"
                + " return { href: a.href, text: a.textContent, rel: a.rel, target: a.target };");
        assertEquals("https://example.com/r?id=7", link.get("text"));
        assertEquals("https://example.com/r?id=7", link.get("href"));
        assertEquals("noopener noreferrer", link.get("rel"));
        assertEquals("_blank", link.get("target"));

        // special types: the built-in order card, a host renderer, an unknown type's fallback
        driver.findElement(org.openqa.selenium.By.id("send-order")).click();
        driver.findElement(org.openqa.selenium.By.id("send-rx")).click();
        js("window.parleyChat.sdk.sendCustomMsg('mystery', { title: 'A mystery box', secret: '{\"raw\":1}' });");
        Browser.waitFor(driver, d -> count(0, ".pw-msg") == 5);

        driver.switchTo().window(patientTab);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") == 5);
        Browser.waitFor(driver, d -> count(0, ".pw-order") == 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> order = (Map<String, Object>) js("var o = " + root(0) + ".querySelector('.pw-order');"
                + " var a = o.querySelector('a'); return { text: o.textContent, rel: a.rel, target: a.target, href: a.href };");
        assertTrue(order.get("text").toString().contains("¥30.00"));
        assertEquals("noopener noreferrer", order.get("rel"));
        assertEquals("_blank", order.get("target"));
        assertTrue(order.get("href").toString().startsWith("http://"));
        String rx = (String) js("return " + root(0) + ".querySelectorAll('.pw-msg')[3].querySelector('.pw-card').textContent;");
        assertTrue(rx, rx.startsWith("处方：美托洛尔"));
        String fallback = (String) js("return " + root(0) + ".querySelectorAll('.pw-msg')[4].querySelector('.pw-fallback').textContent;");
        assertTrue(fallback, fallback.contains("mystery") && fallback.contains("A mystery box"));
        assertFalse("never raw JSON", fallback.contains("{"));

        // screenshots: the desk at 1280×800, the patient's phone at 375×667
        driver.switchTo().window(doctorTab);
        shot("widget-doctor-1280x800", 1280, 800);
        clearViewport();
        driver.switchTo().window(patientTab);
        shot("widget-patient-375x667", 375, 667);
        assertEquals(Boolean.TRUE, js("var r = " + root(0) + ".querySelector('.pw-panel').getBoundingClientRect();"
                + " return r.width === 375 && r.top === 0 && r.height === 667;"));
        shot("widget-patient-1280x800", 1280, 800);
        clearViewport();
        closeDoctorTab();
    }

    @Test
    public void xssPayloadsRenderAsTextAndNeverRun() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        openPair(p, dr, "&locale=en", "&locale=en");
        List<String> corpus = Arrays.asList(
                "<script>window.__xss=1</script>",
                "<img src=x onerror=\"window.__xss=2\">",
                "<svg onload=window.__xss=3>",
                "\"><iframe src=\"javascript:window.__xss=4\"></iframe>",
                "javascript:window.__xss=5",
                "<a href=\"javascript:window.__xss=6\">click</a>",
                "{{constructor.constructor('window.__xss=7')()}}",
                "${window.__xss=8}",
                "<style>*{display:none}</style><b>bold?</b>",
                "http://example.com/\"><img src=x onerror=window.__xss=9>",
                "&lt;img src=x onerror=window.__xss=10&gt; &amp;",
                "<details open ontoggle=window.__xss=11>",
                "https://evil.example/<script>window.__xss=12</script>");
        for (String s : corpus) {
            js("window.parleyChat.sdk.sendTextMsg(arguments[0]);", s);
        }
        Browser.waitFor(driver, d -> count(0, ".pw-msg:not(.pw-sending)") == corpus.size());
        driver.switchTo().window(patientTab);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") == corpus.size());
        assertEquals(corpus, bubbles(0));
        assertEquals("no payload ran", null, js("return window.__xss === undefined ? null : window.__xss;"));
        assertEquals(0L, count(0, ".pw-bubble script, .pw-bubble img, .pw-bubble svg, .pw-bubble iframe,"
                + " .pw-bubble style, .pw-bubble b, .pw-bubble details"));
        @SuppressWarnings("unchecked")
        List<String> hrefs = (List<String>) js("return Array.from(" + root(0) + ".querySelectorAll('.pw-bubble a'))"
                + ".map(function (a) { return a.getAttribute('href'); });");
        for (String href : hrefs) {
            assertTrue(href, href.startsWith("http://") || href.startsWith("https://"));
        }
        assertEquals(2, hrefs.size());
        // reload: history renders the same corpus as text too
        driver.navigate().refresh();
        awaitReady(0);
        assertEquals(corpus, bubbles(0));
        assertEquals(null, js("return window.__xss === undefined ? null : window.__xss;"));
        closeDoctorTab();
    }

    @Test
    public void historyPagingKeepsTheAnchorMessageStillAndShowsTheEnd() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        openPair(p, dr, "&pageSize=15", "");
        seed("parleyChat", "msg", 70);
        closeDoctorTab();
        driver.navigate().refresh();
        awaitReady(0);
        assertEquals(15, bubbles(0).size());
        assertEquals("msg 70", bubbles(0).get(14));
        assertTrue("starts at the bottom", ((Number) js("var l = " + root(0) + ".querySelector('.pw-list');"
                + " return l.scrollHeight - l.scrollTop - l.clientHeight;")).doubleValue() < 2);

        List<Double> shifts = new ArrayList<>();
        int expected = 15;
        while (expected < 70) {
            // the reader scrolls to the top: the first message's bubble is what they look at
            @SuppressWarnings("unchecked")
            Map<String, Object> before = (Map<String, Object>) js("var r = " + root(0) + "; var l = r.querySelector('.pw-list');"
                    + " l.scrollTop = 0; var row = r.querySelector('.pw-msg'); var a = row.querySelector('.pw-bubble');"
                    + " var b = a.getBoundingClientRect(); window.__anchor = a;"
                    + " return { mid: row.getAttribute('data-mid'), text: a.textContent, top: b.top, left: b.left, h: b.height };");
            int want = Math.min(70, expected + 15);
            // the list is windowed: the page has landed when its newest message is rendered above the anchor
            String landed = "msg " + (70 - expected);
            Browser.waitFor(driver, d -> bubbles(0).contains(landed)
                    && !"loading".equals(js("return " + root(0) + ".querySelector('.pw').getAttribute('data-history');")));
            @SuppressWarnings("unchecked")
            Map<String, Object> after = (Map<String, Object>) js("var a = window.__anchor; var b = a.getBoundingClientRect();"
                    + " return { mid: a.closest('.pw-msg').getAttribute('data-mid'), text: a.textContent, top: b.top, left: b.left,"
                    + " h: b.height, connected: a.isConnected };");
            assertEquals(true, after.get("connected"));
            assertEquals(before.get("mid"), after.get("mid"));
            assertEquals(before.get("text"), after.get("text"));
            double shift = num(after.get("top")) - num(before.get("top"));
            shifts.add(shift);
            assertEquals("anchor message moved by " + shift + " px", num(before.get("top")), num(after.get("top")), 0.5);
            assertEquals(num(before.get("left")), num(after.get("left")), 0.5);
            assertEquals(num(before.get("h")), num(after.get("h")), 0.5);
            expected = want;
        }
        System.out.println("[widget] anchor shifts per page (px): " + shifts);
        List<String> all = allBubbles(0);
        assertEquals(70, all.size());
        for (int i = 0; i < 70; i++) {
            assertEquals("msg " + (i + 1), all.get(i));
        }
        Browser.waitFor(driver, d -> "end".equals(js("return " + root(0) + ".querySelector('.pw').getAttribute('data-history');")));
        js(root(0) + ".querySelector('.pw-list').scrollTop = 0;");
        String end = (String) js("return " + root(0) + ".querySelector('.pw-no-more').textContent;");
        assertEquals("没有更多消息了", end);
        // windowed: the rows at the top are built by the frame after the scroll
        Browser.waitFor(driver, d -> "msg 1".equals(bubbles(0).get(0)));
        shot("widget-history-end-1280x800", 1280, 800);
        clearViewport();
    }

    @Test
    public void pillAppearsWhenScrolledUpAndJumpsDown() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        openPair(p, dr, "", "");
        seed("parleyChat", "older", 30);
        driver.switchTo().window(patientTab);
        Browser.waitFor(driver, d -> bubbles(0).size() == 30);
        // at the bottom: a new message scrolls into view by itself
        driver.switchTo().window(doctorTab);
        sendText(0, "at the bottom");
        driver.switchTo().window(patientTab);
        awaitLastBubble(0, "at the bottom");
        Browser.waitFor(driver, d -> distanceToBottom() < 2);
        assertEquals(0L, count(0, ".pw-pill"));

        // scrolled up: no jump, a pill counts what arrived
        js(root(0) + ".querySelector('.pw-list').scrollTop = 300;");
        Browser.waitFor(driver, d -> distanceToBottom() > 100);
        double top = scrollTop();
        driver.switchTo().window(doctorTab);
        sendText(0, "while you read 1");
        sendText(0, "while you read 2");
        driver.switchTo().window(patientTab);
        awaitLastBubble(0, "while you read 2");
        Browser.waitFor(driver, d -> count(0, ".pw-pill") == 1);
        assertEquals(top, scrollTop(), 0.5);
        Browser.waitFor(driver, d -> "2 条新消息".equals(
                ((String) js("return " + root(0) + ".querySelector('.pw-pill').textContent;")).trim().replace("\u2193", "").trim()));
        shot("widget-pill-1280x800", 1280, 800);
        clearViewport();
        shadow().findElement(org.openqa.selenium.By.cssSelector(".pw-pill")).click();
        Browser.waitFor(driver, d -> count(0, ".pw-pill") == 0);
        assertTrue(distanceToBottom() < 2);
        closeDoctorTab();
    }

    @Test
    public void closedLauncherCountsUnreadAndLoadsHistoryOnlyWhenOpened() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/patient.html?pin=" + p + "&toChat=" + dr));
        patientTab = driver.getWindowHandle();
        Browser.waitFor(driver, d -> "open".equals(js("var r = " + root(0) + "; var p = r && r.querySelector('.pw');"
                + " return p ? p.getAttribute('data-conn') : null;")));
        doctorTab = openTab(url("/demo/doctor.html?pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        sendText(0, "one");
        awaitLastBubble(0, "one");
        sendText(0, "two");
        awaitLastBubble(0, "two");
        driver.switchTo().window(patientTab);
        Browser.waitFor(driver, d -> "2".equals(js("var b = " + root(0) + ".querySelector('.pw-badge'); return b && b.textContent;")));
        assertEquals("打开聊天，2 条未读", js("return " + root(0) + ".querySelector('.pw-launcher').getAttribute('aria-label');"));
        // nothing was pulled while closed
        assertEquals("idle", js("return " + root(0) + ".querySelector('.pw').getAttribute('data-history');"));
        shot("widget-launcher-unread-1280x800", 1280, 800);
        clearViewport();
        shadow().findElement(org.openqa.selenium.By.cssSelector(".pw-launcher")).click();
        awaitReady(0);
        assertEquals(List.of("one", "two"), bubbles(0));
        assertEquals(0L, count(0, ".pw-badge"));
        assertEquals("打开聊天", js("return " + root(0) + ".querySelector('.pw-launcher').getAttribute('aria-label');"));
        closeDoctorTab();
    }

    private static double distanceToBottom() {
        return num(js("var l = " + root(0) + ".querySelector('.pw-list'); return l.scrollHeight - l.scrollTop - l.clientHeight;"));
    }

    private static double scrollTop() {
        return num(js("return " + root(0) + ".querySelector('.pw-list').scrollTop;"));
    }

    static double num(Object o) {
        assertNotNull(o);
        return ((Number) o).doubleValue();
    }
}
