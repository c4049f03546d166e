package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

/**
 * The header names who the chat is with (roles, else the peer's pin; a group's name; the host's title),
 * shows their avatar or initial, and "typing…" while they type. Names are text, never HTML.
 */
public class WidgetHeaderE2ETest extends WidgetTestBase {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> header() {
        return (Map<String, Object>) js("var h = " + root(0) + ".querySelector('.pw-header');"
                + " var img = h.querySelector('.pw-avatar img'), sub = h.querySelector('.pw-sub');"
                + " return { title: h.querySelector('.pw-title').firstChild.textContent, sub: sub.textContent,"
                + " subShown: getComputedStyle(sub).display !== 'none', img: img ? img.getAttribute('src') : null,"
                + " initial: h.querySelector('.pw-avatar').textContent, html: h.querySelector('.pw-title').innerHTML };");
    }

    private static String headerSub() {
        return (String) js("return " + root(0) + ".querySelector('.pw-header .pw-sub').textContent;");
    }

    @Test
    public void oneToOneHeaderNamesThePeerWithAvatarAndTyping() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/doctor.html?pin=" + dr + "&toChat=" + p));
        String doctorTab = driver.getWindowHandle();
        awaitReady(0);
        Map<String, Object> h = header();
        assertEquals("张女士", h.get("title"));
        assertTrue(String.valueOf(h.get("img")), String.valueOf(h.get("img")).endsWith("avatar-patient.svg"));
        assertEquals("", h.get("sub"));
        assertEquals("no status line while nobody types", Boolean.FALSE, h.get("subShown"));

        String patientTab = openTab(url("/demo/patient.html?open=1&pin=" + p + "&toChat=" + dr));
        awaitReady(0);
        assertEquals("王医生", header().get("title"));
        type(0, "我想问一下");

        driver.switchTo().window(doctorTab);
        Browser.waitFor(driver, d -> "正在输入…".equals(headerSub()));
        assertEquals(Boolean.TRUE, header().get("subShown"));
        shot("widget-header-typing-1280x800", 1280, 800);
        shot("widget-header-typing-375x667", 375, 667);
        clearViewport();

        // the message ends the typing state
        driver.switchTo().window(patientTab);
        js(root(0) + ".querySelector('.pw-send').click();");
        awaitLastBubble(0, "我想问一下");
        driver.switchTo().window(doctorTab);
        awaitLastBubble(0, "我想问一下");
        Browser.waitFor(driver, d -> "".equals(headerSub()));
        driver.switchTo().window(patientTab);
        driver.close();
        driver.switchTo().window(doctorTab);
    }

    @Test
    public void withoutARoleThePinIsTheTitleAndEnglishSaysTyping() throws Exception {
        String p = uniq("lily");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        // the peer's appId has no role on the doctor's page: its pin names it, with its initial
        driver.get(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p + "&toAppId=other.app"));
        String doctorTab = driver.getWindowHandle();
        awaitReady(0);
        Map<String, Object> h = header();
        assertEquals(p, h.get("title"));
        assertEquals(null, h.get("img"));
        assertEquals("L", h.get("initial"));

        String peerTab = openTab(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&appId=other.app&toChat=" + dr));
        awaitReady(0);
        type(0, "hi");
        driver.switchTo().window(doctorTab);
        Browser.waitFor(driver, d -> "typing…".equals(headerSub()));
        driver.switchTo().window(peerTab);
        driver.close();
        driver.switchTo().window(doctorTab);
    }

    @Test
    public void hostTitleOverridesAndIsNeverHtml() throws Exception {
        String evil = "<img src=x onerror=\"window.pwned=1\">Dr <b>Who</b>";
        driver.get(url("/demo/doctor.html?pin=" + uniq("doctor") + "&toChat=" + uniq("patient")
                + "&title=" + URLEncoder.encode(evil, StandardCharsets.UTF_8)));
        awaitReady(0);
        Map<String, Object> h = header();
        assertEquals(evil, h.get("title"));
        assertEquals("<", h.get("initial"));
        assertTrue(String.valueOf(h.get("html")), String.valueOf(h.get("html")).startsWith("&lt;img"));
        assertEquals(0L, count(0, ".pw-title img, .pw-header img[src]"));
        assertEquals(null, js("return window.pwned || null;"));
    }

    @Test
    public void groupHeaderShowsTheGroupName() throws Exception {
        String p = uniq("patient");
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + uniq("doctor")));
        awaitReady(0);
        Object gid = jsAsync("var done = arguments[arguments.length - 1];"
                + " window.parleyChat.sdk.createGroup({ name: 'Care team', modifyFiled: 1, max: 10, nickName: 'Ms. Zhang',"
                + " invitees: [] }, function (r) { done(r.code === 0 ? String(r.gid) : JSON.stringify(r)); });");
        assertTrue(String.valueOf(gid), String.valueOf(gid).matches("\\d+"));
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&gid=" + gid + "&groupName=Care%20team"));
        awaitReady(0);
        Map<String, Object> h = header();
        assertEquals("Care team", h.get("title"));
        assertEquals("C", h.get("initial"));
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&gid=" + gid));
        awaitReady(0);
        assertEquals("without a group name: the generic title", "Consultation", header().get("title"));
    }

    /** A host page with one inline widget for pin (token signed with name) talking to toChat. */
    private static String namedPage(String pin, String name, String toChat) {
        String token = server.tokenService().sign(pin, "clinic.web", System.currentTimeMillis() / 1000 + 600, name);
        return "<!DOCTYPE html><html><head><meta charset=utf-8><title>Clinic</title>"
                + "<script src=\"/parley-widget.js\"></script></head><body><div id=\"chat\" style=\"height:600px\"></div>"
                + "<script>window.chat = ParleyWidget.mount('#chat', { url: 'ws://localhost:" + server.port() + "/ws',"
                + " token: '" + token + "', pin: '" + pin + "', appId: 'clinic.web', toChat: '" + toChat + "',"
                + " toAppId: 'clinic.web', locale: 'en' });</script></body></html>";
    }

    /**
     * The doctor's token names them; they connected once and never wrote. The patient's header shows
     * that name (from the conversation's member list), not the doctor's pin.
     */
    @Test
    public void theHeaderNamesAPeerWhoHasNotWrittenByTheirTokensName() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        try (io.parley.testsupport.HostSite site = io.parley.testsupport.HostSite.start()) {
            driver.get(site.page("/doctor.html", namedPage(dr, "Dr. Wang Li", p), StandardCharsets.UTF_8).toString());
            awaitReady(0);
            driver.get(site.page("/patient.html", namedPage(p, "Ms. Zhang", dr), StandardCharsets.UTF_8).toString());
            awaitReady(0);
            // the doctor's widget opened the conversation; its member list names them
            waitTrue("return " + root(0) + ".querySelector('.pw-header .pw-title').firstChild.textContent === 'Dr. Wang Li';");
            assertEquals("D", header().get("initial"));
            sendText(0, "Good morning");
            awaitLastBubble(0, "Good morning");
            assertEquals("Dr. Wang Li", header().get("title"));
            // our own message, once stored, names us by our token's name as the doctor sees it (not our pin)
            assertEquals("Ms. Zhang", js("var rows = " + root(0) + ".querySelectorAll('.pw-msg');"
                    + " return rows[rows.length - 1].querySelector('.pw-name').textContent;"));
            // and after a reload, from the start
            driver.navigate().refresh();
            awaitReady(0);
            waitTrue("return " + root(0) + ".querySelector('.pw-header .pw-title').firstChild.textContent === 'Dr. Wang Li';");
            shot("widget-header-token-name-375", 375, 667);
            clearViewport();
        }
    }
}
