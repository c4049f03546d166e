package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.server.ParleyServer;
import java.util.Collections;
import java.util.List;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * The server goes away and comes back: the banner tells the reader, a timed-out message shows
 * "resend" and is delivered exactly once, messages written while offline go out on reconnect.
 */
public class WidgetResilienceE2ETest extends WidgetTestBase {

    private static String conn() {
        return (String) js("return " + root(0) + ".querySelector('.pw').getAttribute('data-conn');");
    }

    @Test
    public void failedSendShowsResendAndIsDeliveredOnceAfterTheServerIsBack() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        String[] tabs = openPatientAndDoctor(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr),
                url("/demo/doctor.html?locale=en&sendTimeoutMs=1500&pin=" + dr + "&toChat=" + p));
        String patientTab = tabs[0];
        String doctorTab = tabs[1];

        int port = server.port();
        server.stop();
        Browser.waitFor(driver, d -> "reconnecting".equals(conn()));
        String banner = (String) js("return " + root(0) + ".querySelector('.pw-banner').textContent;");
        assertTrue(banner, banner.startsWith("Connection lost. Retrying in") || banner.equals("Connection lost. Reconnecting…"));
        sendText(0, "sent while the server is down");
        Browser.waitFor(driver, d -> count(0, ".pw-msg.pw-sending") == 1);
        // unacked after sendTimeoutMs: failed, marked, with a named resend button
        Browser.waitFor(driver, d -> count(0, ".pw-msg.pw-failed .pw-resend") == 1);
        assertEquals("Not sent", js("return " + root(0) + ".querySelector('.pw-failed-text').textContent;"));
        shot("widget-failed-send-1280x800", 1280, 800);
        clearViewport();

        server = ParleyServer.start(server.config().toBuilder().port(port).build());
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(40))
                .until(d -> "open".equals(conn()));
        assertEquals(0L, count(0, ".pw-banner"));
        shadow().findElement(By.cssSelector(".pw-resend")).click();
        awaitLastBubble(0, "sent while the server is down");
        assertEquals(0L, count(0, ".pw-failed"));
        // a second click target no longer exists; the patient got it exactly once, live and in history
        driver.switchTo().window(patientTab);
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(40))
                .until(d -> "open".equals(conn()));
        awaitLastBubble(0, "sent while the server is down");
        assertEquals(1, Collections.frequency(bubbles(0), "sent while the server is down"));
        driver.navigate().refresh();
        awaitReady(0);
        assertEquals(List.of("sent while the server is down"), bubbles(0));
        driver.switchTo().window(doctorTab);
        driver.close();
        driver.switchTo().window(patientTab);
    }

    @Test
    public void offlineBannerFollowsTheBrowsersNetworkState() throws Exception {
        driver.get(url("/demo/doctor.html?locale=en&pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
        awaitReady(0);
        assertEquals(0L, count(0, ".pw-banner"));
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            Browser.waitFor(driver, d -> count(0, ".pw-banner") == 1);
            assertEquals("Offline. Messages will be sent when you are back online.",
                    js("return " + root(0) + ".querySelector('.pw-banner').textContent;"));
        } finally {
            driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
        }
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(40))
                .until(d -> count(0, ".pw-banner") == 0 && "open".equals(conn()));
    }

    @Test
    public void aQueuedMessageSurvivesAReloadAndIsDeliveredOnce() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        driver.get(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        int port = server.port();
        io.parley.server.auth.TokenService tokens = server.tokenService();
        server.stop();
        // the site still loads (same origin), but nobody answers on /ws
        try (StaticStandIn site = new StaticStandIn(port,
                who -> tokens.sign(who[0], who[1], System.currentTimeMillis() / 1000 + 600))) {
            Browser.waitFor(driver, d -> !"open".equals(conn()));
            sendText(0, "written before a reload");
            Browser.waitFor(driver, d -> count(0, ".pw-msg.pw-sending") == 1);
            driver.navigate().refresh();
            // restored from the SDK's durable outbox and shown as sending, though no history could load
            Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var r = " + root(0) + ";"
                    + " var row = r && r.querySelector('.pw-msg.pw-sending');"
                    + " return !!row && row.querySelector('.pw-bubble').textContent === 'written before a reload';")));
            shot("widget-restored-outbox-1280x800", 1280, 800);
            clearViewport();
        }
        server = ParleyServer.start(server.config().toBuilder().port(port).build());
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(40))
                .until(d -> "open".equals(conn()) && count(0, ".pw-msg.pw-sending") == 0);
        assertEquals(0L, count(0, ".pw-failed"));
        Browser.waitFor(driver, d -> Collections.frequency(bubbles(0), "written before a reload") == 1);
        driver.navigate().refresh();
        awaitReady(0);
        assertEquals(List.of("written before a reload"), bubbles(0));
    }

    @Test
    public void messagesWrittenWhileDisconnectedGoOutOnReconnect() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        driver.get(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        int port = server.port();
        server.stop();
        Browser.waitFor(driver, d -> "reconnecting".equals(conn()));
        sendText(0, "queued one");
        sendText(0, "queued two");
        assertEquals(2L, count(0, ".pw-msg.pw-sending"));
        server = ParleyServer.start(server.config().toBuilder().port(port).build());
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(40))
                .until(d -> count(0, ".pw-msg.pw-sending") == 0 && "open".equals(conn()));
        assertEquals(0L, count(0, ".pw-failed"));
        driver.navigate().refresh();
        awaitReady(0);
        assertEquals(List.of("queued one", "queued two"), bubbles(0));
    }
}
