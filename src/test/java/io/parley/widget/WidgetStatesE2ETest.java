package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.server.auth.TokenService;
import io.parley.testsupport.Browser;
import io.parley.testsupport.HostSite;
import io.parley.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget tells the truth about why it cannot chat: offline (the browser is), reconnecting (the
 * server is unreachable), session expired or refused (a token problem), not allowed (this page's
 * origin). The last two are fatal: the SDK stops retrying, emits "error" with the code, the host's
 * onError hears it, and the console gets exactly one line naming it. The host page lives on another
 * origin (HostSite) and mounts the widget with the token the test gives it.
 */
public class WidgetStatesE2ETest extends WidgetTestBase {

    private static String conn() {
        return (String) js("var r = " + root(0) + "; var p = r && r.querySelector('.pw');"
                + " return p ? p.getAttribute('data-conn') : null;");
    }

    private static String banner() {
        return (String) js("var b = " + root(0) + ".querySelector('.pw-banner'); return b ? b.textContent : null;");
    }

    /** A host page that records page errors, console warnings, SDK states and errors, and onError calls. */
    private static String hostPage(String socketUrl, String token, String pin, String locale, String extra) {
        return "<!DOCTYPE html><html><head><meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\"><title>Clinic</title><script>"
                + "window.__pageErrors = []; window.__warns = []; window.__states = []; window.__sdkErrors = [];"
                + " window.__hostErrors = [];"
                + "window.addEventListener('error', function (e) { __pageErrors.push('error ' + e.message); });"
                + "window.addEventListener('unhandledrejection', function (e) { __pageErrors.push('rejection ' + e.reason); });"
                + "var _w = console.warn, _e = console.error;"
                + "console.warn = function () { __warns.push([].join.call(arguments, ' ')); _w.apply(console, arguments); };"
                + "console.error = function () { __warns.push([].join.call(arguments, ' ')); _e.apply(console, arguments); };"
                + "</script><script src=\"/parley-widget.js\"></script></head>"
                + "<body><div id=\"chat\" style=\"height:600px\"></div><script>"
                + "window.chat = ParleyWidget.mount('#chat', { url: '" + socketUrl + "', token: '" + token + "',"
                + " pin: '" + pin + "', appId: 'clinic.web', toChat: 'doctor-7', toAppId: 'clinic.web',"
                + " locale: '" + locale + "', onError: function (e) { __hostErrors.push(e.error); }" + extra + " });"
                + "chat.sdk.on('state', function (s) { __states.push(s.state); });"
                + "chat.sdk.on('error', function (e) { __sdkErrors.push(e.code + ' ' + e.error); });"
                + "</script></body></html>";
    }

    /** Opens the host page, waits for the fatal state, checks what the SDK, host and console saw. */
    private static void assertFatal(HostSite site, String html, String state, String code, String text, String shotName)
            throws Exception {
        driver.get(site.page("/chat-" + state + ".html", html, StandardCharsets.UTF_8).toString());
        Browser.waitFor(driver, d -> state.equals(conn()) ? Boolean.TRUE : null);
        assertEquals(text, banner());
        assertEquals("no 'scroll up to retry' once nothing retries", 0L, count(0, ".pw-history-error"));
        // stays: no retry (the SDK would go connecting/reconnecting again) within a few backoff rounds
        Browser.waitFor(driver, d -> "closed".equals(js("return chat.sdk.state;")) ? Boolean.TRUE : null);
        long statesAtEnd = (Long) js("return __states.length;");
        Thread.sleep(2500);
        assertEquals(state, conn());
        assertEquals("closed", js("return chat.sdk.state;"));
        assertEquals("no state change after the fatal close: " + js("return __states;"), statesAtEnd,
                js("return __states.length;"));
        assertEquals(List.of(code), js("return __sdkErrors;"));
        assertEquals(List.of(code.substring(code.indexOf(' ') + 1)), js("return __hostErrors;"));
        @SuppressWarnings("unchecked")
        List<String> warns = (List<String>) js("return __warns;");
        String id = code.substring(code.indexOf(' ') + 1);
        assertEquals("one console line naming " + id + ": " + warns, 1,
                warns.stream().filter(w -> w.contains(id)).count());
        assertEquals("console: " + warns, 1, warns.size());
        assertEquals("[]", String.valueOf(js("return JSON.stringify(__pageErrors);")));
        // nothing can be sent any more: the composer says so by being disabled, not by a later "Not sent"
        assertEquals("disabled composer, image and camera buttons", List.of(true, true, true, true),
                js("var r = " + root(0) + "; return ['.pw-input', '.pw-attach', '.pw-cam', '.pw-send']"
                        + ".map(function (q) { return r.querySelector(q).disabled; });"));
        shot(shotName, 375, 667);
        shot(shotName.replace("375x667", "1280x800"), 1280, 800);
        clearViewport();
    }

    private static String socketUrl() {
        return "ws://localhost:" + server.port() + "/ws";
    }

    @Test
    public void aTokenSignedWithAnotherSecretAsksToSignInAgainAndStops() throws Exception {
        String pin = uniq("patient");
        String token = new TokenService("not-the-servers-secret").sign(pin, "clinic.web",
                System.currentTimeMillis() / 1000 + 600);
        try (HostSite site = HostSite.start()) {
            assertFatal(site, hostPage(socketUrl(), token, pin, "en", ""), "expired", "4011 bad_token",
                    "Your session has ended. Please sign in again.", "widget-state-bad-token-375x667");
        }
    }

    @Test
    public void anExpiredTokenShowsTheHostsOwnTextInChinese() throws Exception {
        String pin = uniq("patient");
        // past exp plus the 30 s clock-skew tolerance
        String token = server.tokenService().sign(pin, "clinic.web", System.currentTimeMillis() / 1000 - 120);
        try (HostSite site = HostSite.start()) {
            assertFatal(site, hostPage(socketUrl(), token, pin, "zh-CN", ""), "expired", "4012 token_expired",
                    "登录已失效，请重新登录", "widget-state-expired-zh-375x667");
            assertFatal(site, hostPage(socketUrl(), token, pin, "en", ", signInText: 'Please log in to the clinic again.'"),
                    "expired", "4012 token_expired", "Please log in to the clinic again.", "widget-state-expired-host-text-375x667");
        }
    }

    @Test
    public void anExpInMillisecondsIsRefusedWithOneLineThatSaysSo() throws Exception {
        String pin = uniq("patient");
        String token = server.tokenService().sign(pin, "clinic.web", System.currentTimeMillis() + 600_000);
        try (HostSite site = HostSite.start()) {
            assertFatal(site, hostPage(socketUrl(), token, pin, "en", ""), "expired", "4011 bad_token",
                    "Your session has ended. Please sign in again.", "widget-state-exp-ms-375x667");
            @SuppressWarnings("unchecked")
            List<String> warns = (List<String>) js("return __warns;");
            assertTrue(warns.toString(), warns.get(0).contains("exp must be in seconds since 1970 (Unix time), not milliseconds"));
        }
    }

    /** A chatConfig the SDK refuses (here no appId) never connects: "Chat disconnected.", not "Connecting…" forever. */
    @Test
    public void aRefusedConfigSaysDisconnectedWithOneLineThatNamesTheField() throws Exception {
        String pin = uniq("patient");
        String token = server.tokenService().sign(pin, "clinic.web", System.currentTimeMillis() / 1000 + 600);
        try (HostSite site = HostSite.start()) {
            driver.get(site.page("/chat-config.html", hostPage(socketUrl(), token, pin, "en", ", appId: ''"),
                    StandardCharsets.UTF_8).toString());
            Browser.waitFor(driver, d -> "closed".equals(conn()) ? Boolean.TRUE : null);
            Thread.sleep(1500);
            assertEquals("closed", conn());
            assertEquals("Chat disconnected.", banner());
            assertEquals("idle", js("return chat.sdk.state;"));
            @SuppressWarnings("unchecked")
            List<String> warns = (List<String>) js("return __warns;");
            assertEquals("console: " + warns, 1, warns.size());
            assertTrue(warns.get(0), warns.get(0).contains("chatConfig.appId is required"));
            assertEquals("[]", String.valueOf(js("return JSON.stringify(__pageErrors);")));
            shot("widget-state-bad-config-375x667", 375, 667);
            clearViewport();
        }
    }

    @Test
    public void anOriginNotAllowedIsNamedAndNotRetried() throws Exception {
        // without --dev only the server's own origin and --allowed-origins pass: the host site's is refused
        restartServer(TestServer.devConfig().dev(false));
        try (HostSite site = HostSite.start()) {
            String pin = uniq("patient");
            String token = server.tokenService().sign(pin, "clinic.web", System.currentTimeMillis() / 1000 + 600);
            assertFatal(site, hostPage(socketUrl(), token, pin, "en", ""), "denied", "4105 origin_not_allowed",
                    "This site is not allowed to use the chat.", "widget-state-not-allowed-375x667");
            @SuppressWarnings("unchecked")
            List<String> warns = (List<String>) js("return __warns;");
            assertTrue(warns.toString(), warns.get(0).contains(site.uri().toString().replaceAll("/$", ""))
                    && warns.get(0).contains("--allowed-origins"));
        } finally {
            restartServer(TestServer.devConfig());
        }
    }

    @Test
    public void offlineIsTheBrowsersStateNotTheServers() throws Exception {
        driver.get(url("/demo/doctor.html?locale=en&pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
        awaitReady(0);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            Browser.waitFor(driver, d -> "offline".equals(conn()) ? Boolean.TRUE : null);
            assertEquals("Offline. Messages will be sent when you are back online.", banner());
            shot("widget-state-offline-375x667", 375, 667);
            shot("widget-state-offline-1280x800", 1280, 800);
            clearViewport();
        } finally {
            driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
        }
        new WebDriverWait(driver, Duration.ofSeconds(40)).until(d -> "open".equals(conn()) && banner() == null);
    }

    @Test
    public void anUnreachableServerCountsDownAndAnnouncesOnce() throws Exception {
        driver.get(url("/demo/doctor.html?locale=en&pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
        awaitReady(0);
        int port = server.port();
        server.stop();
        try {
            Browser.waitFor(driver, d -> "reconnecting".equals(conn()) ? Boolean.TRUE : null);
            Browser.waitFor(driver, d -> banner() != null && banner().contains("Retrying in") ? Boolean.TRUE : null);
            // the live region's own text is the state; the ticking countdown beside it is hidden from readers
            String announced = (String) js("var b = " + root(0) + ".querySelector('.pw-banner[role=status]');"
                    + " var t = ''; b.childNodes.forEach(function (n) {"
                    + "   if (!(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true')) t += n.textContent; });"
                    + " return t;");
            assertEquals("Connection lost.", announced);
            assertTrue(banner(), banner().matches("Connection lost\\. Retrying in \\d+ s \\(.+\\)…"));
            shot("widget-state-reconnecting-375x667", 375, 667);
            shot("widget-state-reconnecting-1280x800", 1280, 800);
            clearViewport();
        } finally {
            server = io.parley.server.ParleyServer.start(server.config().toBuilder().port(port).build());
        }
        new WebDriverWait(driver, Duration.ofSeconds(40)).until(d -> "open".equals(conn()) && banner() == null);
    }
}
