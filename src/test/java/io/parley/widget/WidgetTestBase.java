package io.parley.widget;

import io.parley.testsupport.Browser;
import io.parley.testsupport.BrowserTestBase;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

/**
 * Widget tests: the shared server + Chromium set-up plus the widget's own reach. Widgets live in
 * open shadow roots: {@link #shadow()} reaches into the page's first (or n-th) widget.
 */
public abstract class WidgetTestBase extends BrowserTestBase {
    protected static SearchContext shadow() {
        return shadow(0);
    }

    protected static SearchContext shadow(int index) {
        return Browser.waitFor(driver, d -> {
            List<WebElement> hosts = d.findElements(By.tagName("parley-widget"));
            return hosts.size() > index ? hosts.get(index).getShadowRoot() : null;
        });
    }

    /**
     * The usual pair: patientUrl in the current tab and doctorUrl in a new one, each widget ready; stays on
     * the doctor's tab. Returns the two tabs' handles, {patient, doctor}.
     */
    protected static String[] openPatientAndDoctor(String patientUrl, String doctorUrl) {
        driver.get(patientUrl);
        String patient = driver.getWindowHandle();
        awaitReady(0);
        String doctor = openTab(doctorUrl);
        awaitReady(0);
        return new String[] {patient, doctor};
    }

    /**
     * A clinic page (served by a HostSite) that mounts the widget for pin, talking to doctor-7 in
     * English, and records page errors, unhandled rejections ({@code __pageErrors}) and console
     * warnings ({@code __warns}).
     */
    protected static String watchedClinicPage(String pin, String token) {
        return "<!DOCTYPE html><html><head><meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\"><title>Clinic</title><script>"
                + "window.__pageErrors = []; window.__warns = [];"
                + "window.addEventListener('error', function (e) { __pageErrors.push('error ' + e.message); });"
                + "window.addEventListener('unhandledrejection', function (e) { __pageErrors.push('rejection ' + e.reason); });"
                + "var _w = console.warn; console.warn = function () { __warns.push([].join.call(arguments, ' '));"
                + " _w.apply(console, arguments); };"
                + "</script><script src=\"/parley-widget.js\"></script></head>"
                + "<body><div id=\"chat\" style=\"height:600px\"></div><script>"
                + "window.chat = ParleyWidget.mount('#chat', { url: 'ws://localhost:" + server.port() + "/ws',"
                + " token: '" + token + "', pin: '" + pin + "', appId: 'clinic.web', toChat: 'doctor-7',"
                + " toAppId: 'clinic.web', locale: 'en' });"
                + "</script></body></html>";
    }

    /**
     * On a {@link #watchedClinicPage} whose parley-media.js failed to load: nothing reached the page as an
     * error or unhandled rejection, the console has one line naming the chunk, and text chat still works.
     */
    protected static void assertMediaChunkFailureContained() throws InterruptedException {
        Thread.sleep(500); // an unhandled rejection is reported after the microtask queue drains
        org.junit.Assert.assertEquals("[]", String.valueOf(js("return JSON.stringify(__pageErrors);")));
        @SuppressWarnings("unchecked")
        List<String> warns = (List<String>) js("return __warns;");
        org.junit.Assert.assertEquals(warns.toString(), 1, warns.size());
        org.junit.Assert.assertTrue(warns.toString(), warns.get(0).contains("parley-media.js"));
        sendText(0, "text still goes out");
        awaitLastBubble(0, "text still goes out");
    }

    /** Opens url in a new tab, which stays current; returns its handle. */
    protected static String openTab(String url) {
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(url);
        return driver.getWindowHandle();
    }

    /** Closes tab and goes back to the tab back. */
    protected static void closeTab(String tab, String back) {
        driver.switchTo().window(tab);
        driver.close();
        driver.switchTo().window(back);
    }

    /** JS that evaluates to the n-th widget's shadow root. */
    protected static String root(int index) {
        return "(document.querySelectorAll('parley-widget')[" + index + "] || {}).shadowRoot";
    }

    /** Waits for: styled, connected, first history page shown. */
    protected static void awaitReady(int index) {
        try {
            awaitReady0(index);
            // every demo page runs under a strict CSP: nothing of ours may be blocked
            Object violations = js("return JSON.stringify(window.parleyCspViolations || []);");
            if (!"[]".equals(violations)) {
                throw new AssertionError("CSP violations: " + violations);
            }
        } catch (RuntimeException e) {
            System.out.println("[widget-test] page errors: " + js("return JSON.stringify(window.parleyErrors || [])")
                    + " csp: " + js("return JSON.stringify(window.parleyCspViolations || [])")
                    + " root: " + js("var r = " + root(index) + "; return r ? r.innerHTML.substring(0, 3000) : 'no widget'"));
            throw e;
        }
    }

    private static void awaitReady0(int index) {
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var r = " + root(index) + ";"
                + " var p = r && r.querySelector('.pw');"
                + " var styled = r && r.querySelector('.pw') && getComputedStyle(r.querySelector('.pw')).fontSize === '14px';"
                + " return !!(p && styled && p.getAttribute('data-conn') === 'open'"
                + " && /^(more|end)$/.test(p.getAttribute('data-history')));")));
    }

    /** The visible text of each message bubble, in list order. */
    @SuppressWarnings("unchecked")
    protected static List<String> bubbles(int index) {
        return (List<String>) js("return Array.from(" + root(index) + ".querySelectorAll('.pw-msg .pw-bubble'))"
                + ".map(function (b) { return b.textContent; });");
    }

    /**
     * Every message's bubble text in list order, read by scrolling the (windowed) list from the top
     * to the bottom half a screen at a time; the scroll position is restored afterwards.
     */
    @SuppressWarnings("unchecked")
    protected static List<String> allBubbles(int index) {
        return (List<String>) jsAsync("var done = arguments[arguments.length - 1]; var r = " + root(index) + ";"
                + " var l = r.querySelector('.pw-list'); var keep = l.scrollTop; var seen = {}; var out = [];"
                + " var note = function () { r.querySelectorAll('.pw-msg').forEach(function (m) {"
                + "   var k = m.getAttribute('data-mid') || m.getAttribute('data-cmid'); var b = m.querySelector('.pw-bubble');"
                + "   if (!seen[k]) { seen[k] = 1; out.push({ k: +m.getAttribute('data-mid') || Infinity, t: b ? b.textContent : '' }); } }); };"
                + " var frames = function (n, fn) { if (n === 0) fn(); else requestAnimationFrame(function () { frames(n - 1, fn); }); };"
                + " l.scrollTop = 0; var step = function () { frames(3, function () { note();"
                + "   if (l.scrollTop + l.clientHeight >= l.scrollHeight - 1) { l.scrollTop = keep;"
                + "     out.sort(function (a, b) { return a.k - b.k; }); done(out.map(function (o) { return o.t; })); return; }"
                + "   l.scrollTop += Math.max(50, l.clientHeight / 2); step(); }); }; step();");
    }

    protected static void type(int index, String text) {
        js("var t = " + root(index) + ".querySelector('.pw-input'); t.focus(); t.value = arguments[0];"
                + " t.dispatchEvent(new Event('input', { bubbles: true }));", text);
    }

    protected static void pressEnter(int index, boolean shift) {
        js("var t = " + root(index) + ".querySelector('.pw-input');"
                + " t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13,"
                + " shiftKey: arguments[0], bubbles: true, cancelable: true, composed: true }));", shift);
    }

    protected static void sendText(int index, String text) {
        type(index, text);
        js(root(index) + ".querySelector('.pw-send').click();");
    }

    /** Waits until the last bubble shows text and is no longer sending. */
    protected static void awaitLastBubble(int index, String text) {
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var rows = " + root(index) + ".querySelectorAll('.pw-msg');"
                + " var last = rows[rows.length - 1];"
                + " return !!last && last.querySelector('.pw-bubble').textContent === arguments[0]"
                + " && !last.classList.contains('pw-sending');", text)));
    }

    protected static long count(int index, String selector) {
        return (Long) js("return " + root(index) + ".querySelectorAll(arguments[0]).length;", selector);
    }

    /**
     * Seeds n text messages from the page's own widget through handle.sdk, awaiting every ack.
     */
    protected static void seed(String handle, String prefix, int n) {
        Object ok = jsAsync("var done = arguments[arguments.length - 1]; var sdk = window[arguments[0]].sdk;"
                + " var left = arguments[2], bad = 0;"
                + " for (var i = 1; i <= arguments[2]; i++) {"
                + "   sdk.sendTextMsg(arguments[1] + ' ' + i, function (p) { if (p.code !== 0) bad++;"
                + "     if (--left === 0) done(bad === 0); }); }", handle, prefix, n);
        if (!Boolean.TRUE.equals(ok)) {
            throw new AssertionError("seeding failed");
        }
    }
}
