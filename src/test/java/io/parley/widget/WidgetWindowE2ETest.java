package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The windowed message list: the reading position holds when a row above the viewport changes
 * height (an image arriving), the DOM stays bounded with at most 8 elements per row, and a long
 * conversation looks right at the bottom and in the middle (screenshots at 1280×800 and 375×667).
 */
public class WidgetWindowE2ETest extends WidgetTestBase {

    private static final String IMG = "var img = " + "(document.querySelector('parley-widget') || {}).shadowRoot"
            + ".querySelector('a.pw-image img');";

    @Test
    public void anImageLoadingAboveTheViewportDoesNotMoveTheReadingPosition() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        seed("parleyChat", "before", 3);
        // from now on every HTTP response takes 5 s (WebSocket frames are not delayed): the image arrives late
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 5000,
                "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            // no width/height: nothing can reserve its box, it grows when it arrives
            Object sent = jsAsync("var done = arguments[arguments.length - 1]; window.parleyChat.sdk.sendImageMsg({ url:"
                    + " location.origin + '/demo/avatar-doctor.svg?late=' + Date.now(), size: 812 },"
                    + " function (r) { done(r.code === 0 ? 'ok' : JSON.stringify(r)); });");
            assertEquals("ok", sent);
            seed("parleyChat", "after", 20);
            awaitLastBubble(0, "after 20");
            // the reader scrolls up a little: the image's row stays above the viewport (inside the window)
            jsAsync("var done = arguments[arguments.length - 1]; var l = " + root(0) + ".querySelector('.pw-list');"
                    + " l.scrollTop = l.scrollHeight - l.clientHeight - 200;"
                    + " requestAnimationFrame(function () { requestAnimationFrame(function () { done(1); }); });");
            @SuppressWarnings("unchecked")
            Map<String, Object> before = (Map<String, Object>) js(IMG + " var r = " + root(0) + ";"
                    + " var lt = r.querySelector('.pw-list').getBoundingClientRect().top;"
                    + " var a = Array.from(r.querySelectorAll('.pw-msg')).filter(function (m) {"
                    + "   return m.getBoundingClientRect().top >= lt; })[0]; window.__anchor = a.querySelector('.pw-bubble');"
                    + " return { img: !!img, loaded: !!img && img.complete && img.naturalWidth > 0,"
                    + "   above: !!img && img.getBoundingClientRect().bottom <= lt, h: img ? img.getBoundingClientRect().height : -1,"
                    + "   text: window.__anchor.textContent, top: window.__anchor.getBoundingClientRect().top };");
            assertEquals("the image's row is in the window: " + before, true, before.get("img"));
            assertEquals("the image is still on its way: " + before, false, before.get("loaded"));
            assertEquals("the image is above the viewport: " + before, true, before.get("above"));
            waitTrue(IMG + " return !!img && img.complete && img.naturalWidth > 0;");
            jsAsync("var done = arguments[arguments.length - 1];"
                    + " requestAnimationFrame(function () { requestAnimationFrame(function () { done(1); }); });");
            @SuppressWarnings("unchecked")
            Map<String, Object> after = (Map<String, Object>) js(IMG + " var a = window.__anchor;"
                    + " return { h: img.getBoundingClientRect().height, connected: a.isConnected, text: a.textContent,"
                    + "   top: a.getBoundingClientRect().top };");
            System.out.println("[widget] image above the viewport: " + before + " -> " + after);
            assertTrue("the image's row grew: " + before + " -> " + after, num(after.get("h")) > num(before.get("h")) + 10);
            assertEquals(true, after.get("connected"));
            assertEquals(before.get("text"), after.get("text"));
            assertEquals("the message the reader looks at moved", num(before.get("top")), num(after.get("top")), 1.0);
        } finally {
            driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            driver.executeCdpCommand("Network.disable", Map.of());
        }
    }

    @Test
    public void aLongConversationStaysSmallInTheDomAndLooksRight() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        String[] tabs = openPatientAndDoctor(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr),
                url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        String patientTab = tabs[0];
        String doctorTab = tabs[1];
        // eight rounds of five questions and five answers: runs with names, avatars and times
        for (int round = 0; round < 8; round++) {
            driver.switchTo().window(patientTab);
            seed("parleyChat", "question " + round + "/", 5);
            driver.switchTo().window(doctorTab);
            awaitLastBubble(0, "question " + round + "/ 5");
            js("var s = window.parleyChat.sdk; for (var i = 1; i <= 5; i++) s.sendTextMsg(i === 3"
                    + " ? 'answer ' + arguments[0] + '/' + i + ': a longer reply that wraps over a few lines, with a link'"
                    + " + ' https://example.com/care/' + i + ' and some more words so the bubble grows'"
                    + " : 'answer ' + arguments[0] + '/' + i);", round);
            awaitLastBubble(0, "answer " + round + "/5");
        }
        List<String> all = allBubbles(0);
        assertEquals(80, all.size());
        long dom = count(0, "*");
        long rows = count(0, ".pw-msg");
        @SuppressWarnings("unchecked")
        Map<String, Object> perRow = (Map<String, Object>) js("var rs = Array.from(" + root(0) + ".querySelectorAll('.pw-msg'));"
                + " return { max: Math.max.apply(null, rs.map(function (r) { return 1 + r.querySelectorAll('*').length; })) };");
        System.out.printf("[widget] 80 messages: %d elements in the shadow root, %d rows in the DOM, at most %s elements"
                + " per row (links included)%n", dom, rows, perRow.get("max"));
        assertTrue("the list is windowed: " + rows + " rows", rows < 80);
        assertTrue("at most 8 elements per row", num(perRow.get("max")) <= 8);
        shot("widget-window-bottom-1280x800", 1280, 800);
        js("var l = " + root(0) + ".querySelector('.pw-list'); l.scrollTop = (l.scrollHeight - l.clientHeight) / 2;");
        shot("widget-window-middle-1280x800", 1280, 800);
        clearViewport();
        // the phone: the patient's full-screen panel
        driver.close();
        driver.switchTo().window(patientTab);
        awaitLastBubble(0, "answer 7/5");
        shot("widget-window-bottom-375x667", 375, 667);
        js("var l = " + root(0) + ".querySelector('.pw-list'); l.scrollTop = (l.scrollHeight - l.clientHeight) / 2;");
        shot("widget-window-middle-375x667", 375, 667);
        clearViewport();
        assertTrue("the patient's list is windowed too", count(0, ".pw-msg") < 80);
    }

    @Test
    public void onlyNewMessagesFromOthersAreAnnouncedNotHistoryNorRowsScrolledBackIn() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr));
        String patientTab = driver.getWindowHandle();
        awaitReady(0);
        seed("parleyChat", "old", 60);
        openTab(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        awaitLastBubble(0, "old 60");
        String lines = "return Array.from(" + root(0) + ".querySelectorAll('.pw-sr > *')).map(function (e) {"
                + " return e.textContent; });";
        @SuppressWarnings("unchecked")
        Map<String, Object> list = (Map<String, Object>) js("var l = " + root(0) + ".querySelector('.pw-list');"
                + " var s = " + root(0) + ".querySelector('.pw-sr');"
                + " return { role: l.getAttribute('role'), live: l.getAttribute('aria-live'), srRole: s.getAttribute('role') };");
        assertEquals("the windowed list is no live region: " + list, null, list.get("live"));
        assertTrue("the windowed list is no log: " + list, !"log".equals(list.get("role")));
        assertEquals("log", list.get("srRole"));
        assertEquals("the first history page is not announced", List.of(), js(lines));
        // up to the oldest page and back down: rows leave and re-enter the window, pages land
        for (int i = 0; i < 40 && !"old 1".equals(js("var b = " + root(0) + ".querySelector('.pw-msg .pw-bubble');"
                + " return b && b.textContent;")); i++) {
            js(root(0) + ".querySelector('.pw-list').scrollTop = 0;");
            Thread.sleep(150);
        }
        assertEquals("older pages landed up to the first message", "old 1",
                js("var b = " + root(0) + ".querySelector('.pw-msg .pw-bubble'); return b && b.textContent;"));
        js("var l = " + root(0) + ".querySelector('.pw-list'); l.scrollTop = l.scrollHeight;");
        Thread.sleep(300);
        assertEquals("older pages and rows scrolled back in are not announced", List.of(), js(lines));
        driver.switchTo().window(patientTab);
        js("window.parleyChat.sdk.sendTextMsg('fresh news');");
        driver.switchTo().window(driver.getWindowHandles().stream().filter(h -> !h.equals(patientTab)).findFirst().get());
        awaitLastBubble(0, "fresh news");
        Browser.waitFor(driver, d -> ((List<?>) js(lines)).size() == 1);
        @SuppressWarnings("unchecked")
        List<String> said = (List<String>) js(lines);
        assertTrue("the new message is announced with its sender: " + said, said.get(0).endsWith(": fresh news"));
        // the doctor's own message is not read back to them
        js("window.parleyChat.sdk.sendTextMsg('my reply');");
        awaitLastBubble(0, "my reply");
        Thread.sleep(200);
        assertEquals(1, ((List<?>) js(lines)).size());
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
