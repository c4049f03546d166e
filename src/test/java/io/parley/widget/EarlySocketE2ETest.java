package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;

/**
 * parley-connect.js (the early socket for a fast first paint): the patient page loads it in its
 * head, and the widget takes that socket over instead of dialing a second one; a socket to another
 * URL is never taken (it would get the token), and the script does nothing once the SDK has dialed.
 */
public class EarlySocketE2ETest extends WidgetTestBase {

    private static String patientPage() {
        return url("/demo/patient.html?pin=" + uniq("patient") + "&toChat=" + uniq("doctor") + "&open=1");
    }

    private static long sockets() {
        return ((Number) js("return window.__probe.ws.length;")).longValue();
    }

    @Test
    public void theWidgetTakesOverTheEarlySocket() {
        String probe = PageProbe.install(driver, 0, 0);
        try {
            // a slow link (as on a phone), so the 0.4 KB script surely runs while the 56 KB one downloads
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
            driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", 150_000, "uploadThroughput", 150_000));
            driver.get(patientPage());
            awaitReady(0);
        } finally {
            driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
            PageProbe.remove(driver, probe);
        }
        assertEquals("one WebSocket on the page: the widget took over parley-connect.js's", 1, sockets());
        double created = ((Number) js("return window.__probe.ws[0].created;")).doubleValue();
        double mount = ((Number) js("return window.__probe.load.mountStart;")).doubleValue();
        assertTrue("the socket was dialed by parley-connect.js, before mount() (" + created + " ms, " + mount + " ms)",
                created < mount);
        assertEquals("taken once", null, js("return window.parleySocket;"));
    }

    @Test
    public void aSocketToAnotherUrlIsNotTakenOver() {
        // another URL for the same server: only the widget's own url may be taken over
        String other = "ws://localhost:" + server.baseUri().getPort() + "/ws?not=ours";
        @SuppressWarnings("unchecked")
        Map<String, Object> planted = (Map<String, Object>) (Map<?, ?>) driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", Map.of("source", "window.__plantedSent = 0;"
                        + " var s = window.__planted = window.parleySocket = new WebSocket('" + other + "');"
                        + " s.send = function () { window.__plantedSent++; };"));
        String probe = PageProbe.install(driver, 0, 0);
        try {
            driver.get(patientPage());
            awaitReady(0);
        } finally {
            PageProbe.remove(driver, probe);
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", planted.get("identifier")));
        }
        assertEquals("nothing was written to the planted socket", 0L, ((Number) js("return window.__plantedSent;")).longValue());
        assertEquals("the widget dialed its own socket (parley-connect.js saw one planted and did nothing)", 1, sockets());
        // closed by the SDK as it dialed, not left idling until the server's auth deadline (5 s)
        assertTrue("the planted socket is closing or closed", ((Number) js("return window.__planted.readyState;")).intValue() >= 2);
    }

    @Test
    public void aSocketOpenBeforeMountWithATokenAtHandAuthenticatesAtOnce() {
        // no open event will come for a socket that is open already: mount must write auth itself
        String pin = uniq("patient");
        String token = server.tokenService().sign(pin, "parley.patient", System.currentTimeMillis() / 1000 + 600);
        driver.get(url("/demo/index.html"));
        assertEquals(Boolean.TRUE, jsAsync("var done = arguments[arguments.length - 1];"
                + " var s = window.parleySocket = new WebSocket('ws://' + location.host + '/ws');"
                + " s.onopen = function () { var sc = document.createElement('script'); sc.src = '/parley-widget.js';"
                + "   sc.onload = function () { done(s.readyState === 1); }; document.head.appendChild(sc); };"));
        js("window.parleyChat = ParleyWidget.mount(null, { url: 'ws://' + location.host + '/ws', token: arguments[0],"
                + " pin: arguments[1], appId: 'parley.patient', toChat: arguments[2], toAppId: 'parley.doctor',"
                + " clientType: 'm', open: true });", token, pin, uniq("doctor"));
        awaitReady(0);
        assertEquals("taken over", null, js("return window.parleySocket;"));
    }

    @Test
    public void aLateScriptOpensNoSecondSocket() {
        String probe = PageProbe.install(driver, 0, 0);
        try {
            // the doctor page has no parley-connect.js: the SDK dials, then the script arrives late
            driver.get(url("/demo/doctor.html?pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
            awaitReady(0);
            jsAsync("var done = arguments[arguments.length - 1]; var s = document.createElement('script');"
                    + " s.src = '/parley-connect.js'; s.onload = function () { done(true); }; s.onerror = function () { done(false); };"
                    + " document.head.appendChild(s);");
        } finally {
            PageProbe.remove(driver, probe);
        }
        assertEquals("still one WebSocket", 1, sockets());
        assertFalse("no early socket left behind", Boolean.TRUE.equals(js("return !!window.parleySocket;")));
    }
}
