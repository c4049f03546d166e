package io.parley.widget;

import io.parley.server.ServerConfig;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.testsupport.TestServer;
import io.parley.server.ParleyServer;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Messages that survive real networks, seen in the widget across pages of a real server:
 * recall (and a refused one), copy, read receipts (one-to-one and a 3-member group), unread
 * badges that two tabs of one user agree on, the typing indicator.
 */
public class WidgetLiveE2ETest extends WidgetTestBase {
    /** Short server-side recall window, so a refused (late) recall can be shown for real. */
    private static final int RECALL_WINDOW_MS = 8000;
    private static final String SECRET = "widget-live-" + System.nanoTime();

    @BeforeClass
    public static void shortRecallWindow() throws Exception {
        restartServer(config());
    }

    /** Every server of this class: short recall window, and image URLs allowed on media.invalid (http and https). */
    private static ServerConfig.Builder config() throws java.io.IOException {
        return TestServer.devConfig().tokenSecret(SECRET).recallWindowMs(RECALL_WINDOW_MS)
                .mediaOrigins(java.util.List.of("http://media.invalid", "https://media.invalid"));
    }

    private static void closeOthers(String keep) {
        for (String h : driver.getWindowHandles()) {
            if (!h.equals(keep)) {
                driver.switchTo().window(h);
                driver.close();
            }
        }
        driver.switchTo().window(keep);
    }

    /** A closed floating widget: styled and connected (it loads no history). */
    private static void awaitConnected() {
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var r = " + root(0) + ";"
                + " var p = r && r.querySelector('.pw'); return !!(p && p.getAttribute('data-conn') === 'open');")));
    }

    private static String lastRow() {
        return "(function () { var rows = " + root(0) + ".querySelectorAll('.pw-msg'); return rows[rows.length - 1]; })()";
    }

    private static void awaitJs(String script, Object... args) {
        try {
            Browser.waitFor(driver, d -> Boolean.TRUE.equals(js(script, args)));
        } catch (RuntimeException e) {
            System.out.println("[widget-live] waited for: " + script + "\n root: "
                    + js("var r = " + root(0) + "; return r ? r.innerHTML.substring(0, 4000) : 'no widget'"));
            throw e;
        }
    }

    /** A real mouse click (CDP input: user activation, hover), at the element's centre. */
    @SuppressWarnings("unchecked")
    private static void realClick(String elementExpr) {
        Map<String, Object> r = (Map<String, Object>) js("var el = " + elementExpr + ";"
                + " el.scrollIntoView({ block: 'nearest' }); var b = el.getBoundingClientRect();"
                + " return { x: b.left + b.width / 2, y: b.top + b.height / 2, w: b.width };");
        assertTrue("the element is shown", ((Number) r.get("w")).doubleValue() > 0);
        double x = ((Number) r.get("x")).doubleValue();
        double y = ((Number) r.get("y")).doubleValue();
        driver.executeCdpCommand("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        for (String type : new String[] { "mousePressed", "mouseReleased" }) {
            driver.executeCdpCommand("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y,
                    "button", "left", "clickCount", 1));
        }
    }

    private static String text() {
        return (String) js("return " + root(0) + ".querySelector('.pw-list').textContent;");
    }

    @Test
    public void senderRecallsBothSeeTheLineContentGoneLateRecallRefusedAndCopyWorks() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr));
        String patientTab = driver.getWindowHandle();
        awaitReady(0);
        String doctorTab = openTab(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        sendText(0, "Hello, how can I help?");
        awaitLastBubble(0, "Hello, how can I help?");

        driver.switchTo().window(patientTab);
        awaitLastBubble(0, "Hello, how can I help?");
        sendText(0, "secret 42");
        awaitLastBubble(0, "secret 42");
        // own message: Copy and Recall; the doctor's: Copy only
        awaitJs("var r = " + lastRow() + "; return r.querySelector('.pw-recall').hidden === false"
                + " && r.querySelector('.pw-copy').hidden === false;");
        assertEquals(Boolean.TRUE, js("return " + root(0) + ".querySelector('.pw-msg .pw-recall').hidden;"));
        assertEquals("Recall message", js("return " + lastRow() + ".querySelector('.pw-recall').getAttribute('aria-label');"));

        driver.switchTo().window(doctorTab);
        awaitLastBubble(0, "secret 42");
        assertEquals("no recall button on someone else's message", Boolean.TRUE,
                js("return " + lastRow() + ".querySelector('.pw-recall').hidden;"));

        driver.switchTo().window(patientTab);
        // the first press only asks (for a few seconds); the second recalls
        realClick(lastRow() + ".querySelector('.pw-recall')");
        awaitJs("return " + lastRow() + ".querySelector('.pw-recall').textContent === 'Confirm recall';");
        Thread.sleep(300);
        assertEquals("not recalled on one press", 0L, count(0, ".pw-recalled"));
        assertEquals("Confirm recall", js("return " + lastRow() + ".querySelector('.pw-recall').getAttribute('aria-label');"));
        realClick(lastRow() + ".querySelector('.pw-recall')");
        awaitJs("var l = " + root(0) + ".querySelector('.pw-recalled'); return !!l && l.textContent === 'You recalled a message';");
        assertFalse(text().contains("secret 42"));

        driver.switchTo().window(doctorTab);
        awaitJs("var l = " + root(0) + ".querySelector('.pw-recalled'); return !!l && l.textContent === 'Ms. Zhang recalled a message';");
        assertFalse(text().contains("secret 42"));
        driver.navigate().refresh();
        awaitReady(0);
        awaitJs("var l = " + root(0) + ".querySelector('.pw-recalled'); return !!l && l.textContent === 'Ms. Zhang recalled a message';");
        assertFalse("gone from history too", text().contains("secret 42"));
        assertEquals(1L, count(0, ".pw-msg"));

        // copy: the Clipboard API where the browser grants it…
        String origin = url("/").replaceAll("/$", "");
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        realClick(lastRow() + ".querySelector('.pw-copy')");
        awaitJs("var t = " + root(0) + ".querySelector('.pw-toast'); return t.textContent === 'Copied'"
                + " && t.getAttribute('role') === 'status';");
        Object clip = jsAsync("var done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });");
        assertEquals("Hello, how can I help?", clip);
        // …and the textarea + execCommand fallback where it does not
        js("navigator.clipboard.writeText = function () { return Promise.reject(new Error('blocked')); };"
                + " window.copied = null; document.addEventListener('copy', function (e) { var t = e.target;"
                + " window.copied = t && typeof t.value === 'string' ? t.value.substring(t.selectionStart, t.selectionEnd) : String(getSelection()); });"
                );
        Thread.sleep(2100); // the first "Copied" fades
        realClick(lastRow() + ".querySelector('.pw-copy')");
        awaitJs("return window.copied === 'Hello, how can I help?';");
        awaitJs("return " + root(0) + ".querySelector('.pw-toast').textContent === 'Copied';");

        // the server's recall window (sent in auth_ok) is the widget's: the button goes when it ends
        driver.switchTo().window(patientTab);
        sendText(0, "too late to take back");
        awaitLastBubble(0, "too late to take back");
        awaitJs("return " + lastRow() + ".querySelector('.pw-recall').hidden === false;");
        Thread.sleep(RECALL_WINDOW_MS + 500);
        assertEquals("no Recall action after the server's " + RECALL_WINDOW_MS + " ms window", Boolean.TRUE,
                js("return " + lastRow() + ".querySelector('.pw-recall').hidden;"));
        assertTrue(text().contains("too late to take back"));
        shot("widget-recall-1280x800", 1280, 800);
        shot("widget-recall-375x667", 375, 667);
        clearViewport();
        closeOthers(patientTab);
    }

    @Test
    public void readReceiptsOneToOneAndInAGroup() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        String nurse = uniq("nurse");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr));
        String patientTab = driver.getWindowHandle();
        awaitReady(0);
        sendText(0, "Are you there?");
        awaitLastBubble(0, "Are you there?");
        awaitJs("var s = " + lastRow() + ".querySelector('.pw-rcpt'); return s.textContent === 'Unread' && !s.hidden;");

        String doctorTab = openTab(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        awaitLastBubble(0, "Are you there?");
        assertEquals("the doctor's view shows no receipt on others' messages", Boolean.TRUE,
                js("return " + lastRow() + ".querySelector('.pw-rcpt').hidden;"));
        driver.switchTo().window(patientTab);
        awaitJs("var s = " + lastRow() + ".querySelector('.pw-rcpt'); return s.textContent === 'Read'"
                + " && s.className.indexOf('pw-receipt-read') >= 0;");
        shot("widget-receipt-read-375x667", 375, 667);
        clearViewport();
        closeOthers(patientTab);

        // a 3-member group: "N read", counting the others only
        Object gid = jsAsync("var done = arguments[arguments.length - 1];"
                + " window.parleyChat.sdk.createGroup({ name: 'Care team', modifyFiled: 1, max: 10, nickName: 'Ms. Zhang',"
                + " invitees: [{ pin: arguments[0], app: 'parley.doctor', nickName: 'Dr. Wang' },"
                + " { pin: arguments[1], app: 'parley.doctor', nickName: 'Nurse Li' }] },"
                + " function (r) { done(r.code === 0 ? String(r.gid) : JSON.stringify(r)); });", dr, nurse);
        assertTrue(String.valueOf(gid), String.valueOf(gid).matches("\\d+"));
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&gid=" + gid));
        awaitReady(0);
        sendText(0, "Hello team");
        awaitLastBubble(0, "Hello team");
        awaitJs("return " + lastRow() + ".querySelector('.pw-rcpt').textContent === 'Unread';");

        openTab(url("/demo/doctor.html?locale=en&pin=" + dr + "&gid=" + gid));
        awaitReady(0);
        awaitLastBubble(0, "Hello team");
        driver.switchTo().window(patientTab);
        awaitJs("return " + lastRow() + ".querySelector('.pw-rcpt').textContent === '1 read';");

        openTab(url("/demo/doctor.html?locale=en&pin=" + nurse + "&gid=" + gid));
        awaitReady(0);
        awaitLastBubble(0, "Hello team");
        // the nurse answers: her message counts as having read up to it
        sendText(0, "Noted, thanks");
        awaitLastBubble(0, "Noted, thanks");
        driver.switchTo().window(patientTab);
        awaitJs("var rows = " + root(0) + ".querySelectorAll('.pw-msg');"
                + " return rows.length >= 2 && rows[rows.length - 2].querySelector('.pw-rcpt').textContent === '2 read';");
        awaitLastBubble(0, "Noted, thanks");
        shot("widget-receipts-group-1280x800", 1280, 800);
        clearViewport();
        closeOthers(patientTab);
    }

    @Test
    public void unreadBadgeOnTheLauncherAndTitleAgreesAcrossTabsAndClearsWhenRead() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        String doctorTab = driver.getWindowHandle();
        awaitReady(0);
        sendText(0, "Your results are in");
        awaitLastBubble(0, "Your results are in");
        sendText(0, "Please call me");
        awaitLastBubble(0, "Please call me");

        String tabA = openTab(url("/demo/patient.html?locale=en&pin=" + p + "&toChat=" + dr));
        awaitConnected();
        String badge = "var b = " + root(0) + ".querySelector('.pw-badge'); return b ? b.textContent : '';";
        awaitJs(badge.replace("return b ? b.textContent : '';", "return !!b && b.textContent === arguments[0];"), "2");
        awaitJs("return document.title.indexOf('(2) ') === 0;");
        assertEquals("Open chat, 2 unread", js("return " + root(0) + ".querySelector('.pw-launcher').getAttribute('aria-label');"));
        String tabB = openTab(url("/demo/patient.html?locale=en&pin=" + p + "&toChat=" + dr));
        awaitConnected();
        awaitJs(badge.replace("return b ? b.textContent : '';", "return !!b && b.textContent === arguments[0];"), "2");

        driver.switchTo().window(doctorTab);
        sendText(0, "It is nothing serious");
        awaitLastBubble(0, "It is nothing serious");
        for (String tab : new String[] { tabA, tabB }) {
            driver.switchTo().window(tab);
            awaitJs(badge.replace("return b ? b.textContent : '';", "return !!b && b.textContent === arguments[0];"), "3");
        }
        shot("widget-badge-375x667", 375, 667);
        shot("widget-badge-1280x800", 1280, 800);
        clearViewport();

        // tab B opens the chat and sees the messages: the server's count drops to 0 in both tabs
        js(root(0) + ".querySelector('.pw-launcher').click();");
        awaitReady(0);
        awaitLastBubble(0, "It is nothing serious");
        awaitJs("return document.title.indexOf('(') !== 0;");
        driver.switchTo().window(tabA);
        awaitJs("return !" + root(0) + ".querySelector('.pw-badge') && document.title.indexOf('(') !== 0;");
        driver.switchTo().window(tabB);
        js(root(0) + ".querySelector('.pw-launcher').click();");
        awaitJs("return !" + root(0) + ".querySelector('.pw-badge');");
        closeOthers(doctorTab);
    }

    @Test
    public void typingIndicatorShowsOnTheOtherPageAndDisappearsOnItsOwn() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/patient.html?open=1&pin=" + p + "&toChat=" + dr));
        String patientTab = driver.getWindowHandle();
        awaitReady(0);
        String doctorTab = openTab(url("/demo/doctor.html?pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        sendText(0, "您好，请描述一下症状");
        awaitLastBubble(0, "您好，请描述一下症状");
        driver.switchTo().window(patientTab);
        awaitLastBubble(0, "您好，请描述一下症状");

        type(0, "最近");
        driver.switchTo().window(doctorTab);
        awaitJs("var t = " + root(0) + ".querySelector('.pw-typing'); return t.className.indexOf('pw-on') >= 0"
                + " && t.textContent === '对方正在输入…' && t.getAttribute('aria-live') === 'polite';");
        // the patient saw the doctor's message while their page was shown: it reads 已读 here
        awaitJs("var s = " + lastRow() + ".querySelector('.pw-rcpt'); return s.textContent === '已读';");
        shot("widget-typing-1280x800", 1280, 800);
        clearViewport();
        long shown = System.currentTimeMillis();
        awaitJs("return " + root(0) + ".querySelector('.pw-typing').textContent === '';");
        long gone = System.currentTimeMillis() - shown;
        assertTrue("disappears after its ttl, not at once: " + gone, gone > 2000);

        // a message from the typist hides it at once
        driver.switchTo().window(patientTab);
        type(0, "最近心悸");
        Thread.sleep(2100); // the SDK sends one typing signal per 2 s
        type(0, "最近心悸，晚上更明显");
        js(root(0) + ".querySelector('.pw-send').click();");
        driver.switchTo().window(doctorTab);
        awaitLastBubble(0, "最近心悸，晚上更明显");
        assertEquals("", js("return " + root(0) + ".querySelector('.pw-typing').textContent;"));
        closeOthers(patientTab);
    }

    @Test
    public void imagesShowAsReservedLazyThumbnailsAndUnknownTypesShowTheirFallbackText() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr));
        String patientTab = driver.getWindowHandle();
        awaitReady(0);
        openTab(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        Object sent = jsAsync("var done = arguments[arguments.length - 1];"
                + " window.parleyChat.sdk.sendImageMsg({ url: location.origin + '/demo/avatar-doctor.svg', size: 812,"
                + " width: 800, height: 600 }, function (r) { done(r.code === 0 ? 'ok' : JSON.stringify(r)); });");
        assertEquals("ok", sent);
        // a newer client's special type, with the fallbackText it carries for clients like this one
        Object raw = jsAsync("var done = arguments[arguments.length - 1]; var to = arguments[0], me = arguments[1];"
                + " window.parleyDemo.tokenProvider(me, 'parley.doctor')().then(function (token) {"
                + " var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');"
                + " ws.onopen = function () { ws.send(JSON.stringify({ type: 'auth', id: '1', token: token, pin: me,"
                + " appId: 'parley.doctor', clientType: 'comet' })); };"
                + " ws.onmessage = function (ev) { var m = JSON.parse(ev.data);"
                + " if (m.type === 'auth_ok') ws.send(JSON.stringify({ type: 'chat_message', id: '2', clientMsgId: 'c-survey-1',"
                + " toChat: to, toAppId: 'parley.patient', msgType: 'survey', payload: { q: 1 },"
                + " fallbackText: '[Survey] Rate your visit', version: 3 }));"
                + " else if (m.type === 'chat_message_ack') { ws.close(); done('ok'); }"
                + " else if (m.type === 'error') { done(ev.data); } }; });", p, dr);
        assertEquals("ok", raw);

        driver.switchTo().window(patientTab);
        awaitJs("return !!" + root(0) + ".querySelector('.pw-image img') && !!" + root(0) + ".querySelector('.pw-fallback-text');");
        @SuppressWarnings("unchecked")
        Map<String, Object> img = (Map<String, Object>) js("var a = " + root(0) + ".querySelector('.pw-image');"
                + " var i = a.querySelector('img'); return { target: a.target, rel: a.rel, href: a.href, loading: i.loading,"
                + " alt: i.alt, width: i.style.width, ratio: i.style.aspectRatio, boxW: i.getBoundingClientRect().width,"
                + " boxH: i.getBoundingClientRect().height };");
        assertEquals("_blank", img.get("target"));
        assertTrue(img.get("rel").toString().contains("noopener"));
        assertTrue(img.get("href").toString().endsWith("/demo/avatar-doctor.svg"));
        assertEquals("lazy", img.get("loading"));
        assertEquals("Image", img.get("alt"));
        assertEquals("240px", img.get("width"));
        assertEquals("800 / 600", img.get("ratio"));
        assertEquals(180.0, ((Number) img.get("boxH")).doubleValue(), 1.0);
        String fallback = (String) js("return " + root(0) + ".querySelector('.pw-fallback').textContent;");
        assertTrue(fallback, fallback.contains("[Survey] Rate your visit"));
        shot("widget-image-375x667", 375, 667);
        clearViewport();
        closeOthers(patientTab);

        // the server allows both (--media-origins), but the widget fetches no http image from another origin
        Object both = jsAsync("var done = arguments[arguments.length - 1]; var s = window.parleyChat.sdk;"
                + " s.sendImageMsg({ url: 'http://media.invalid/x.png', size: 5 }, function (a) {"
                + " s.sendImageMsg({ url: 'https://media.invalid/y.png', size: 5 }, function (b) { done(a.code + ',' + b.code); }); });");
        assertEquals("0,0", both);
        awaitJs("return !!" + root(0) + ".querySelector('.pw-image img[src=\"https://media.invalid/y.png\"]');");
        assertEquals(0L, js("return " + root(0) + ".querySelectorAll('img[src^=\"http://media.invalid\"]').length;"));
    }

    /**
     * The server's database was replaced (new epoch): the SDK says "resync" and the widget
     * reloads the newest page, dropping what it showed from the old database.
     */
    @Test
    public void resyncReloadsTheNewestPage() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        sendText(0, "from the old database");
        awaitLastBubble(0, "from the old database");
        js("window.resyncs = []; window.parleyChat.sdk.on('resync', function (e) { window.resyncs.push(e.reason); });");
        int port = server.port();
        restartServer(config().port(port));
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(40))
                .until(d -> Boolean.TRUE.equals(js("return window.resyncs.length > 0;")));
        awaitJs("var p = " + root(0) + ".querySelector('.pw'); return p.getAttribute('data-conn') === 'open'"
                + " && p.getAttribute('data-history') === 'end' && !!" + root(0) + ".querySelector('.pw-empty');");
        assertEquals(0L, count(0, ".pw-msg"));
        sendText(0, "from the new one");
        awaitLastBubble(0, "from the new one");
        assertEquals(1L, count(0, ".pw-msg"));
    }

    @Test
    public void jumpsUpToTheFirstUnreadWhenMoreThanAPageIsUnread() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        Browser.resize(driver, 1280, 800);
        driver.get(url("/demo/doctor.html?locale=en&pin=" + dr + "&toChat=" + p));
        String doctorTab = driver.getWindowHandle();
        awaitReady(0);
        seed("parleyChat", "note", 60);
        openTab(url("/demo/patient.html?open=1&locale=en&pin=" + p + "&toChat=" + dr));
        awaitReady(0);
        awaitJs("var b = " + root(0) + ".querySelector('.pw-pill-up'); return !!b && b.textContent.indexOf('60 unread messages') >= 0;");
        assertFalse(bubbles(0).contains("note 1"));
        shot("widget-jump-pill-1280x800", 1280, 800);
        clearViewport();
        js(root(0) + ".querySelector('.pw-pill-up').click();");
        awaitJs("var r = " + root(0) + "; var rows = r.querySelectorAll('.pw-msg'); if (!rows.length) return false;"
                + " var first = rows[0]; var l = r.querySelector('.pw-list').getBoundingClientRect();"
                + " var b = first.getBoundingClientRect();"
                + " return first.querySelector('.pw-bubble').textContent === 'note 1' && b.top >= l.top - 1 && b.top < l.bottom"
                + " && !r.querySelector('.pw-pill-up');");
        shot("widget-jump-unread-375x667", 375, 667);
        clearViewport();
        closeOthers(doctorTab);
    }
}
