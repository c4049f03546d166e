package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.TestClient;
import io.parley.testsupport.Browser;
import io.parley.testsupport.FaultProxy;
import io.parley.testsupport.HostSite;
import io.parley.testsupport.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Tokens that live 5 s (and a server with no clock-skew tolerance, so it really closes a session
 * at exp): the widget gets them from the host's tokenProvider, which fetches them from the host
 * site's own backend (HostSite /token). The session is renewed in place (one socket for many
 * token lifetimes), survives a network cut longer than a token's life with nothing lost, nothing
 * twice and no false "offline", and a message typed during the cut goes out by itself. A provider
 * that fails ends the session truthfully (expired state, error event, one console line). Uploads
 * after a renewal use the new token.
 */
public class WidgetTokenRenewalE2ETest extends WidgetTestBase {
    private static final int TOKEN_SECONDS = 5;
    private static final String APP = "clinic.web";

    @BeforeClass
    public static void strictExpiry() throws Exception {
        restartServer(TestServer.devConfig().clockSkewSeconds(0));
    }

    @AfterClass
    public static void defaultServer() throws Exception {
        restartServer(TestServer.devConfig());
    }

    private static String conn() {
        return (String) js("var r = " + root(0) + "; var p = r && r.querySelector('.pw');"
                + " return p ? p.getAttribute('data-conn') : null;");
    }

    /**
     * The host page: the widget with a tokenProvider that fetches /token from the host's own backend;
     * records every widget state it ever shows (sampled each animation frame), SDK errors, onError
     * calls, console lines and page errors.
     */
    private static String hostPage(String socketUrl, String pin, String doctor) {
        return "<!DOCTYPE html><html><head><meta charset=utf-8><title>Clinic</title><script>"
                + "window.__pageErrors = []; window.__warns = []; window.__sdkErrors = []; window.__hostErrors = [];"
                + " window.__seen = {}; window.__asks = 0;"
                + "window.addEventListener('error', function (e) { __pageErrors.push('error ' + e.message); });"
                + "window.addEventListener('unhandledrejection', function (e) { __pageErrors.push('rejection ' + e.reason); });"
                + "var _w = console.warn, _e = console.error;"
                + "console.warn = function () { __warns.push([].join.call(arguments, ' ')); _w.apply(console, arguments); };"
                + "console.error = function () { __warns.push([].join.call(arguments, ' ')); _e.apply(console, arguments); };"
                + "</script><script src=\"/parley-widget.js\"></script></head>"
                + "<body><div id=\"chat\" style=\"height:600px\"></div><script>"
                + "window.chat = ParleyWidget.mount('#chat', { url: '" + socketUrl + "', pin: '" + pin + "', appId: '" + APP + "',"
                + " toChat: '" + doctor + "', toAppId: '" + APP + "', locale: 'en', sendTimeoutMs: 60000,"
                + " tokenProvider: function () { __asks++; return fetch('/token').then(function (r) {"
                + "   if (!r.ok) { throw new Error('the clinic backend answered HTTP ' + r.status); } return r.text(); }); },"
                + " onError: function (e) { __hostErrors.push(e.error); } });"
                + "chat.sdk.on('error', function (e) { __sdkErrors.push(e.code + ' ' + e.error); });"
                + "window.__closes = []; chat.sdk.on('close', function (e) { __closes.push(e.code + ' ' + e.willReconnect); });"
                + "(function watch() { var r = document.querySelector('parley-widget').shadowRoot;"
                + "  var p = r && r.querySelector('.pw'); if (p) { __seen[p.getAttribute('data-conn')] = 1; }"
                + "  requestAnimationFrame(watch); })();"
                + "</script></body></html>";
    }

    private static String mint(String pin, AtomicInteger minted) {
        minted.incrementAndGet();
        return server.tokenService().sign(pin, APP, System.currentTimeMillis() / 1000 + TOKEN_SECONDS);
    }

    private static double asks() {
        return ((Number) js("return __asks;")).doubleValue();
    }

    @Test
    public void renewsInPlaceAndCarriesOnAcrossANetworkCutLongerThanATokensLife() throws Exception {
        String pin = uniq("patient");
        String doctor = uniq("doctor");
        AtomicInteger minted = new AtomicInteger();
        try (HostSite site = HostSite.start(); FaultProxy proxy = new FaultProxy(server.port())) {
            site.tokens(() -> mint(pin, minted));
            driver.get(site.page("/renew.html", hostPage("ws://localhost:" + proxy.port() + "/ws", pin, doctor),
                    StandardCharsets.UTF_8).toString());
            awaitReady(0);
            sendText(0, "before the cut");
            awaitLastBubble(0, "before the cut");

            // three token lifetimes on one socket: renewed in place before each exp (the server closes at exp)
            Thread.sleep(3 * TOKEN_SECONDS * 1000 + 500);
            assertEquals("open", conn());
            assertEquals("one socket for three token lifetimes: renewed in place", 1, proxy.connections());
            assertTrue("the provider was asked again before each exp: " + asks(), asks() >= 3);

            // a cut longer than a token's life; a message typed during it waits, the doctor writes meanwhile
            proxy.cut();
            Browser.waitFor(driver, d -> "reconnecting".equals(conn()) ? Boolean.TRUE : null);
            sendText(0, "typed during the cut");
            Browser.waitFor(driver, d -> count(0, ".pw-msg.pw-sending") == 1);
            String doctorToken = server.tokenService().sign(doctor, APP, System.currentTimeMillis() / 1000 + 600);
            BurstSender.burst(server.baseUri(), doctorToken, doctor, APP, pin, APP, "while you were away", 2);
            Thread.sleep(TOKEN_SECONDS * 1000 + 1500);
            proxy.resume();

            // back by itself: a fresh token from the provider, the queued message sent, the missed ones shown
            try {
                new WebDriverWait(driver, Duration.ofSeconds(40)).until(d -> "open".equals(conn())
                        && count(0, ".pw-msg.pw-sending") == 0 && count(0, ".pw-msg.pw-failed") == 0
                        && bubbles(0).contains("while you were away 2"));
            } catch (RuntimeException e) {
                throw new AssertionError("not back: conn " + conn() + ", rows " + bubbles(0) + ", sending "
                        + count(0, ".pw-msg.pw-sending") + ", failed " + count(0, ".pw-msg.pw-failed") + ", sockets "
                        + proxy.connections() + ", asks " + asks() + ", seen " + js("return __seen;") + ", errors "
                        + js("return __sdkErrors;") + ", console " + js("return __warns;"), e);
            }
            List<String> shown = bubbles(0);
            assertEquals(shown.toString(), sorted(List.of("before the cut", "while you were away 1", "while you were away 2",
                    "typed during the cut")), sorted(shown));

            // the server's record: each message once
            List<String> stored = history(doctor, doctorToken, pin);
            assertEquals(stored.toString(), sorted(List.of("before the cut", "while you were away 1", "while you were away 2",
                    "typed during the cut")), sorted(stored));

            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> seen = (java.util.Map<String, Object>) js("return __seen;");
            assertTrue("never a false offline, expired or closed: " + seen.keySet(),
                    List.of("connecting", "open", "reconnecting").containsAll(seen.keySet()));
            assertEquals("[]", String.valueOf(js("return JSON.stringify(__sdkErrors);")));
            assertEquals("[]", String.valueOf(js("return JSON.stringify(__pageErrors);")));
            assertEquals("console: " + js("return __warns;"), 0L, js("return __warns.length;"));
        }
    }

    @Test
    public void aProviderThatFailsEndsTheSessionTruthfully() throws Exception {
        String pin = uniq("patient");
        AtomicInteger minted = new AtomicInteger();
        try (HostSite site = HostSite.start()) {
            site.tokens(() -> minted.get() == 0 ? mint(pin, minted) : null); // the second ask: HTTP 500
            driver.get(site.page("/fails.html", hostPage("ws://localhost:" + server.port() + "/ws", pin, uniq("doctor")),
                    StandardCharsets.UTF_8).toString());
            awaitReady(0);
            // before the first token's exp the provider is asked again, and fails
            Browser.waitFor(driver, d -> "expired".equals(conn()) ? Boolean.TRUE : null);
            assertEquals("Your session has ended. Please sign in again.", js("return " + root(0)
                    + ".querySelector('.pw-banner').textContent;"));
            assertEquals(List.of("6005 token_provider_failed"), js("return __sdkErrors;"));
            assertEquals(List.of("token_provider_failed"), js("return __hostErrors;"));
            @SuppressWarnings("unchecked")
            List<String> warns = (List<String>) js("return __warns;");
            assertEquals("one console line: " + warns, 1, warns.size());
            assertTrue(warns.get(0), warns.get(0).contains("tokenProvider failed: the clinic backend answered HTTP 500"));
            assertEquals("closed", js("return chat.sdk.state;"));
            assertEquals("[]", String.valueOf(js("return JSON.stringify(__pageErrors);")));
            shot("widget-state-token-provider-failed-375x667", 375, 667);
            clearViewport();
        }
    }

    @Test
    public void aRenewalThatComesTooLateReconnectsWithAFreshToken() throws Exception {
        String pin = uniq("patient");
        AtomicInteger minted = new AtomicInteger();
        try (HostSite site = HostSite.start()) {
            site.tokens(() -> {
                if (minted.get() == 1) { // the renewal: the backend answers after the token has expired
                    try {
                        Thread.sleep(TOKEN_SECONDS * 1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return mint(pin, minted);
            });
            driver.get(site.page("/late.html", hostPage("ws://localhost:" + server.port() + "/ws", pin, uniq("doctor")),
                    StandardCharsets.UTF_8).toString());
            awaitReady(0);
            // the server ends the session with token_expired (close 1008); the SDK reconnects with the late token
            Browser.waitFor(driver, d -> minted.get() >= 2 && "open".equals(conn())
                    && String.valueOf(js("return __closes;")).contains("1008 true") ? Boolean.TRUE : null);
            sendText(0, "after the late renewal");
            awaitLastBubble(0, "after the late renewal");
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> seen = (java.util.Map<String, Object>) js("return __seen;");
            assertTrue("never expired or closed: " + seen.keySet(),
                    List.of("connecting", "open", "reconnecting").containsAll(seen.keySet()));
            assertEquals("[]", String.valueOf(js("return JSON.stringify(__sdkErrors);")));
            assertEquals("console: " + js("return __warns;"), 0L, js("return __warns.length;"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    public void uploadsAfterARenewalUseTheNewToken() throws Exception {
        String pin = uniq("patient");
        AtomicInteger minted = new AtomicInteger();
        try (HostSite site = HostSite.start()) {
            site.tokens(() -> mint(pin, minted));
            driver.get(site.page("/upload.html", hostPage("ws://localhost:" + server.port() + "/ws", pin, uniq("doctor")),
                    StandardCharsets.UTF_8).toString());
            awaitReady(0);
            Thread.sleep(TOKEN_SECONDS * 1000 + 1500); // the first token has expired; the session was renewed
            assertEquals("open", conn());
            java.util.Map<String, Object> res = (java.util.Map<String, Object>) jsAsync(
                    "var done = arguments[arguments.length - 1];"
                    + " var c = document.createElement('canvas'); c.width = 40; c.height = 30;"
                    + " var g = c.getContext('2d'); g.fillStyle = '#3a7'; g.fillRect(0, 0, 40, 30);"
                    + " c.toBlob(function (b) { chat.sdk.uploadImage(b, null, done); }, 'image/png');");
            assertEquals("upload with the renewed token: " + res, 0L, ((Number) res.get("code")).longValue());
            assertTrue(String.valueOf(res.get("url")), String.valueOf(res.get("url")).startsWith("http"));
            assertTrue("renewed: " + minted.get(), minted.get() >= 2);
        }
    }

    private static List<String> sorted(List<String> texts) {
        List<String> out = new ArrayList<>(texts);
        out.sort(null);
        return out;
    }

    /** The 1:1 conversation's texts as the server stored them, read by the doctor. */
    private static List<String> history(String doctor, String token, String patient) throws Exception {
        WebSocketClient ws = new WebSocketClient();
        ws.start();
        try (TestClient c = TestClient.connect(ws, URI.create("ws://localhost:" + server.port() + "/ws"))) {
            c.request(TestClient.obj("type", "auth", "id", "a", "token", token, "pin", doctor, "appId", APP), "auth_ok");
            JsonNode res = c.request(TestClient.obj("type", "history", "id", "h", "toChat", patient, "toAppId", APP,
                    "startMid", -1, "count", 50), "history_result");
            List<String> out = new ArrayList<>();
            res.get("msgs").forEach(m -> out.add(m.path("content").asText()));
            return out;
        } finally {
            ws.stop();
        }
    }
}
