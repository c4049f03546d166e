package io.parley.desk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.parley.bench.DeskSeed;
import io.parley.server.auth.UserId;
import io.parley.server.store.ChatMessage;
import io.parley.server.store.ChatStore;
import io.parley.testsupport.Browser;
import io.parley.testsupport.DeclaredTypes;
import io.parley.testsupport.DeskSeeder;
import io.parley.widget.WidgetTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The desk (parley-desk.js on demo/desk.html) against a started server: real patients (SDK clients
 * in another tab, or the patient demo page) writing to a doctor whose desk lists, pages, filters
 * and switches between their conversations.
 */
public class DeskE2ETest extends WidgetTestBase {
    private static final String DESK = "document.querySelector('parley-desk').shadowRoot";
    /** The chat view on screen (the widget's own view, in its own shadow root). */
    private static final String CHAT = "(function () { var v = " + DESK + ".querySelector('.pd-view:not(.pd-off)');"
            + " return v ? v.querySelector('parley-chat').shadowRoot : null; })()";
    /** Each listed conversation as "name|preview|count|selected", in list order. */
    private static final String ROWS = "return Array.from(" + DESK + ".querySelectorAll('.pd-item')).map(function (r) {"
            + " var c = r.querySelector('.pd-count'); return r.querySelector('.pd-name').textContent + '|'"
            + " + r.querySelector('.pd-preview').textContent + '|' + (c ? c.textContent : '') + '|'"
            + " + r.getAttribute('aria-selected'); });";

    @After
    public void back() {
        clearViewport();
    }

    private static String openDesk(String doctor) {
        driver.get(url("/demo/desk.html?locale=en&pin=" + doctor));
        awaitDesk();
        return driver.getWindowHandle();
    }

    /** Styled, connected, and the first page of the list in (rows or "No conversations"). */
    private static void awaitDesk() {
        waitTrue("var r = " + DESK + "; var p = r && r.querySelector('.pd');"
                + " return !!p && getComputedStyle(p).fontSize === '14px' && window.parleyDesk.sdk.state === 'open'"
                + " && (r.querySelectorAll('.pd-item').length > 0 || r.querySelector('.pd-status').textContent === 'No conversations');");
        assertEquals("[]", js("return JSON.stringify(window.parleyCspViolations || []);"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> rows() {
        return (List<String>) js(ROWS);
    }

    private static void awaitRows(String expected) {
        try {
            Browser.waitFor(driver, d -> String.join("\n", rows()).equals(expected) ? Boolean.TRUE : null);
        } catch (RuntimeException e) {
            throw new AssertionError("rows were:\n" + String.join("\n", rows()) + "\nexpected:\n" + expected, e);
        }
    }

    /** A tab with real patients: ParleySDK clients (pins given) that write to doctor one-to-one. */
    private static String openPatients(String doctor, String... pins) {
        String tab = openTab(url("/demo/sdk.html?pin=" + uniq("idle")));
        waitTrue("typeof ParleySDK === 'function'");
        for (String pin : pins) {
            Object ok = jsAsync("var done = arguments[arguments.length - 1]; var pin = arguments[0];"
                    + " window.pts = window.pts || {}; var s = new ParleySDK(); window.pts[pin] = s;"
                    + " s.connect({ url: 'ws://' + location.host + '/ws', pin: pin, appId: 'parley.patient', clientType: 'm',"
                    + "   toChat: arguments[1], toAppId: 'parley.doctor', tokenProvider: function () {"
                    + "     return fetch('/api/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' },"
                    + "       body: JSON.stringify({ pin: pin, appId: 'parley.patient' }) }).then(function (r) { return r.json(); })"
                    + "       .then(function (t) { return t.token; }); } }, function (sdk) { sdk.on('open', function () { done(true); }); });",
                    pin, doctor);
            assertEquals(Boolean.TRUE, ok);
        }
        return tab;
    }

    /** Each patient sends its texts, all at once (concurrently); returns when every one is acked. */
    private static void write(String pin, String... texts) {
        Object ok = jsAsync("var done = arguments[arguments.length - 1]; var s = window.pts[arguments[0]];"
                + " var texts = arguments[1], left = texts.length, bad = 0; window.acks = window.acks || {};"
                + " texts.forEach(function (t) { s.sendTextMsg(t, function (p) { if (p.code !== 0) bad++;"
                + "   else window.acks[t] = { mid: p.mid, gid: p.gid }; if (--left === 0) done(bad === 0); }); });",
                pin, List.of(texts));
        assertEquals("sent " + String.join(",", texts), Boolean.TRUE, ok);
    }

    private static void click(String gidOrName) {
        js("var r = " + DESK + ", n = arguments[0]; Array.from(r.querySelectorAll('.pd-item')).filter(function (x) {"
                + " return x.querySelector('.pd-name').textContent === n; })[0].click();", gidOrName);
    }

    private static void awaitChatBubble(String text) {
        waitTrue("var c = " + CHAT + "; return !!c && Array.from(c.querySelectorAll('.pw-msg .pw-bubble'))"
                + ".some(function (b) { return b.textContent === '" + text + "'; });");
    }

    // ---- the SDK's list call, through the exported facade ---------------------------------

    @Test
    public void sdkListsConversationsAndHearsUpdates() {
        String dr = uniq("dr");
        String a = uniq("pa");
        String b = uniq("pb");
        openPatients(dr, a, b);
        write(a, "first from a");
        write(b, "first from b");
        // the doctor's own ParleySDK in the same tab: one page of 1, then the next by the cursor
        Object res = jsAsync("var done = arguments[arguments.length - 1]; var dr = arguments[0]; var s = new ParleySDK();"
                + " window.drSdk = s; window.updates = [];"
                + " s.connect({ url: 'ws://' + location.host + '/ws', pin: dr, appId: 'parley.doctor', tokenProvider: function () {"
                + "   return fetch('/api/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' },"
                + "     body: JSON.stringify({ pin: dr, appId: 'parley.doctor' }) }).then(function (r) { return r.json(); })"
                + "     .then(function (t) { return t.token; }); } }, function (sdk) {"
                + "   sdk.on('conversation_updated', function (e) { window.updates.push(e); }); });"
                + " s.listConversations({ limit: 1 }, function (p1) {"
                + "   s.listConversations({ limit: 1, before: p1.next }, function (p2) {"
                + "     s.listConversations({ filter: arguments[0] }, function (p3) {"
                + "       done([p1.code, p1.conversations[0].last.preview, p1.end, p2.conversations[0].last.preview, p2.end].join('|'));"
                + "     }); }); });", dr);
        assertEquals("0|first from b|false|first from a|true", res);
        Object bad = jsAsync("var done = arguments[arguments.length - 1];"
                + " window.drSdk.listConversations({ limit: 0 }, function (p) { done(p.code + ' ' + p.error); });");
        assertTrue(String.valueOf(bad), String.valueOf(bad).startsWith("4002"));
        write(a, "second from a");
        waitTrue("window.updates.some(function (e) { return e.conversations.some(function (c) {"
                + " return c.last && c.last.preview === 'second from a' && c.unread === 2; }); })");
        js("window.drSdk.close();");
    }

    /** desk.d.ts against the loaded desk: ParleyDesk's statics, the handle, the handle's engine (npm package types). */
    @Test
    @SuppressWarnings("unchecked")
    public void theDeskHasExactlyTheDeclaredApi() throws Exception {
        openDesk(uniq("dr"));
        DeclaredTypes d = DeclaredTypes.read("sdk.d.ts", "widget.d.ts", "desk.d.ts");
        Map<String, List<String>> built = (Map<String, List<String>>) js("var h = window.parleyDesk, names = [];"
                + " for (var p = Object.getPrototypeOf(h.sdk); p && !Object.prototype.hasOwnProperty.call(p, '__teavm_class__');"
                + "   p = Object.getPrototypeOf(p)) { Object.getOwnPropertyNames(p).forEach(function (n) {"
                + "   if (n !== 'constructor') names.push(n); }); }"
                + " return { statics: Object.getOwnPropertyNames(ParleyDesk).filter(function (n) {"
                + "   return ['length', 'name', 'prototype'].indexOf(n) < 0; }), handle: Object.keys(h), sdk: names };");
        assertEquals(new TreeSet<>(d.members("ParleyDeskStatic", false).keySet()), new TreeSet<>(built.get("statics")));
        assertEquals(new TreeSet<>(d.members("DeskHandle", false).keySet()), new TreeSet<>(built.get("handle")));
        Set<String> engine = new TreeSet<>(d.members("ChatApi", false).keySet());
        engine.add("listConversations"); // DeskHandle.sdk: ChatApi & Pick<ParleySDK, 'listConversations'>
        assertTrue(d.body("DeskHandle").contains("ChatApi & Pick<ParleySDK, 'listConversations'>"));
        assertEquals(engine, new TreeSet<>(built.get("sdk")));
    }

    // ---- three patients at once --------------------------------------------------------------

    @Test
    public void threePatientsWriteWhileTheDoctorSwitches() {
        String dr = uniq("dr");
        String p1 = uniq("p1");
        String p2 = uniq("p2");
        String p3 = uniq("p3");
        String desk = openDesk(dr);
        String patients = openPatients(dr, p1, p2, p3);
        // all three at once: each sends two messages without waiting for the others
        jsAsync("var done = arguments[arguments.length - 1]; var pins = arguments[0], left = 6;"
                + " pins.forEach(function (pin, i) { ['hello ' + (i + 1), 'pain ' + (i + 1)].forEach(function (t, k) {"
                + "   setTimeout(function () { window.pts[pin].sendTextMsg(t, function () { if (--left === 0) done(); }); }, k * 150 + i * 40); }); });",
                List.of(p1, p2, p3));
        driver.switchTo().window(desk);
        awaitRows(p3 + "|pain 3|2|false\n" + p2 + "|pain 2|2|false\n" + p1 + "|pain 1|2|false");
        shot("desk-three-patients-1280x800", 1280, 800);

        // the doctor opens p2: its badge goes (read on screen), the others keep theirs
        click(p2);
        awaitChatBubble("pain 2");
        awaitRows(p3 + "|pain 3|2|false\n" + p2 + "|pain 2||true\n" + p1 + "|pain 1|2|false");

        // p1 writes again: it moves to the top with 3 unread; p2, on screen, gets no badge for its new one
        driver.switchTo().window(patients);
        write(p1, "still there?");
        write(p2, "thank you");
        driver.switchTo().window(desk);
        awaitRows(p2 + "|thank you||true\n" + p1 + "|still there?|3|false\n" + p3 + "|pain 3|2|false");
        awaitChatBubble("thank you");

        // switch to p1 and back to p2: p2's rows are there at once (kept), no reload
        click(p1);
        awaitChatBubble("still there?");
        // read once its rows were seen (an IntersectionObserver callback, a frame or more after the bubble
        // is in the DOM: switching away before it leaves them unread, as a glance too short to see would)
        awaitRows(p2 + "|thank you||false\n" + p1 + "|still there?||true\n" + p3 + "|pain 3|2|false");
        Object instant = js("var r = " + DESK + ", n = arguments[0]; Array.from(r.querySelectorAll('.pd-item')).filter(function (x) {"
                + " return x.querySelector('.pd-name').textContent === n; })[0].click();"
                + " var c = " + CHAT + "; return Array.from(c.querySelectorAll('.pw-msg .pw-bubble')).map(function (b) {"
                + " return b.textContent; }).join(',');", p2);
        assertEquals("hello 2,pain 2,thank you", instant);
        awaitRows(p2 + "|thank you||true\n" + p1 + "|still there?||false\n" + p3 + "|pain 3|2|false");
        assertEquals("open", js("return " + CHAT + ".querySelector('.pw').getAttribute('data-conn');"));
        shot("desk-chat-1280x800", 1280, 800);

        // "Unread only": the one with unread messages, and the open one
        js(DESK + ".querySelector('.pd-toggle').click();");
        assertEquals("true", js("return " + DESK + ".querySelector('.pd-toggle').getAttribute('aria-pressed');"));
        awaitRows(p2 + "|thank you||true\n" + p3 + "|pain 3|2|false");
        js(DESK + ".querySelector('.pd-toggle').click();");
        awaitRows(p2 + "|thank you||true\n" + p1 + "|still there?||false\n" + p3 + "|pain 3|2|false");
    }

    // ---- quick replies -------------------------------------------------------------------------------

    @Test
    public void quickRepliesFromSlashAndFromTheMenu() throws Exception {
        String dr = uniq("dr");
        String prefix = uniq("q");
        openDeskAt(dr, prefix, 1, 0);
        // "/" and a few letters at the start of the composer: the matching replies; Enter inserts, nothing is sent
        new Actions(driver).sendKeys("/").perform();
        waitTrue("return !" + DESK + ".querySelector('.pd-menu').hidden && " + DESK + ".querySelectorAll('.pd-menu-item').length === 4;");
        new Actions(driver).sendKeys("pho").perform();
        waitTrue("return " + DESK + ".querySelectorAll('.pd-menu-item').length === 1;");
        assertEquals("Please send a photo of the affected area.", js("return " + DESK + ".querySelector('.pd-menu-item.pd-hl').textContent;"));
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        assertEquals("Please send a photo of the affected area.", js("return " + CHAT + ".querySelector('.pw-input').value;"));
        assertEquals(Boolean.TRUE, js("return " + DESK + ".querySelector('.pd-menu').hidden;"));
        assertEquals(1L, js("return " + CHAT + ".querySelectorAll('.pw-msg').length;"));
        // the next Enter is the widget's own: it sends
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        awaitChatBubble("Please send a photo of the affected area.");
        // the menu button: a menu of all four, arrows move, Enter inserts into the (now empty) composer
        js(DESK + ".querySelector('.pd-quick').click();");
        assertEquals("true", js("return " + DESK + ".querySelector('.pd-quick').getAttribute('aria-expanded');"));
        assertEquals("menuitem", js("var a = " + DESK + ".activeElement; return a.getAttribute('role');"));
        new Actions(driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertEquals("Please send a photo of the affected area.", js("return " + DESK + ".activeElement.textContent;"));
        new Actions(driver).sendKeys(Keys.ARROW_DOWN, Keys.ENTER).perform();
        assertEquals("Take the medicine once a day after breakfast.", js("return " + CHAT + ".querySelector('.pw-input').value;"));
        assertEquals("false", js("return " + DESK + ".querySelector('.pd-quick').getAttribute('aria-expanded');"));
    }

    // ---- alerts while the tab is hidden ------------------------------------------------------------

    @Test
    public void aHiddenTabGetsATitleBadgeANotificationAndATone() {
        String dr = uniq("dr");
        String p = uniq("p");
        String desk = openDesk(dr);
        // record what the desk does: titles, notifications shown, permission requests, tones played
        js("window.titles = []; new MutationObserver(function () { window.titles.push(document.title); })"
                + ".observe(document.querySelector('title'), { childList: true, characterData: true, subtree: true });"
                + " window.shown = []; window.asked = 0; window.tones = 0; window.states = [];"
                + " document.addEventListener('visibilitychange', function () { window.states.push(document.visibilityState); });"
                + " var N = window.Notification; var W = function (t, o) { window.shown.push(t + '|' + o.body); return new N(t, o); };"
                + " Object.defineProperty(W, 'permission', { get: function () { return N.permission; } });"
                + " W.requestPermission = function () { window.asked++; return N.requestPermission.apply(N, arguments); };"
                + " window.Notification = W;"
                + " var AC = window.AudioContext; window.AudioContext = function () { var a = new AC();"
                + "   var o = a.createOscillator.bind(a); a.createOscillator = function () { window.tones++; return o(); }; return a; };");
        // the bell is offered while permission is "default", and nothing asked before the user clicks it
        assertEquals(Boolean.FALSE, js("return " + DESK + ".querySelector('.pd-notify').hidden;"));
        assertEquals(0L, js("return window.asked;"));
        String origin = url("/").replaceAll("/$", "");
        driver.executeCdpCommand("Browser.grantPermissions", java.util.Map.of("origin", origin,
                "permissions", List.of("notifications")));
        driver.findElement(org.openqa.selenium.By.tagName("parley-desk")).getShadowRoot()
                .findElement(org.openqa.selenium.By.cssSelector(".pd-notify")).click();
        waitTrue("return window.asked === 1 && " + DESK + ".querySelector('.pd-notify').hidden;");
        assertEquals("true", js("return " + DESK + ".querySelector('.pd-sound').getAttribute('aria-pressed');"));

        String patients = openPatients(dr, p);
        write(p, "Are you there?");
        driver.switchTo().window(desk);
        waitTrue("return window.shown.length === 1;");
        assertEquals(p + "|Are you there?", js("return window.shown[0];"));
        assertTrue(String.valueOf(js("return window.titles.join(' / ');")),
                (Boolean) js("return window.titles.indexOf('(1) Parley - Doctor desk') >= 0;"));
        // seen again: the badge goes
        waitTrue("return document.title === 'Parley - Doctor desk';");
        assertTrue((Long) js("return window.tones;") >= 1L);
        assertEquals("hidden,visible", js("return window.states.join(',');"));

        // the speaker button turns the tone off: the next message (not on screen) plays none
        js(DESK + ".querySelector('.pd-sound').click();");
        assertEquals("false", js("return " + DESK + ".querySelector('.pd-sound').getAttribute('aria-pressed');"));
        long tones = (Long) js("return window.tones;");
        driver.switchTo().window(patients);
        write(p, "Hello?");
        driver.switchTo().window(desk);
        awaitRows(p + "|Hello?|2|false");
        assertEquals(tones, js("return window.tones;"));
    }

    // ---- recall --------------------------------------------------------------------------------

    @Test
    public void aRecallUpdatesThePreview() {
        String dr = uniq("dr");
        String p = uniq("p");
        String desk = openDesk(dr);
        String patients = openPatients(dr, p);
        write(p, "wrong photo, sorry");
        driver.switchTo().window(desk);
        awaitRows(p + "|wrong photo, sorry|1|false");
        driver.switchTo().window(patients);
        Object ok = jsAsync("var done = arguments[arguments.length - 1]; var a = window.acks['wrong photo, sorry'];"
                + " window.pts[arguments[0]].recallMsg(a.mid, function (r) { done(r.code); }, a.gid);", p);
        assertEquals(0L, ok);
        driver.switchTo().window(desk);
        awaitRows(p + "|Message recalled||false");
        assertEquals(1L, js("return " + DESK + ".querySelectorAll('.pd-recalled').length;"));
    }

    // ---- 1,000 conversations -------------------------------------------------------------------

    /** n one-to-one conversations of the doctor, straight into the server's store, newest = highest k. */
    /** n unnamed patients prefix-0.. (listed by pin), each with "hello k"; the last is the newest. */
    private static void seedConversations(String doctor, String prefix, int n) {
        DeskSeed.directs(server.store(), new UserId(doctor, "parley.doctor"), n, "parley.patient", prefix + "-", null);
    }

    /** n seeded conversations (as seedConversations) and the desk open on prefix-k, its "hello k" on screen. */
    private static void openDeskAt(String doctor, String prefix, int n, int k) {
        seedConversations(doctor, prefix, n);
        openDesk(doctor);
        click(prefix + "-" + k);
        awaitChatBubble("hello " + k);
    }

    @Test
    public void pagesThroughAThousandConversations() throws Exception {
        String dr = uniq("dr");
        DeskSeeder.seed(server, dr, "parley.doctor", 1000); // "Patient k" says "hello k"; the last is the newest
        openDesk(dr);
        assertEquals(30L, js("return " + DESK + ".querySelectorAll('.pd-item').length;"));
        // scroll to the end again and again: each time the next page comes
        long deadline = System.currentTimeMillis() + 90_000;
        while (!Boolean.TRUE.equals(js("return " + DESK + ".querySelectorAll('.pd-item').length === 1000;"))) {
            assertTrue("paged to " + js("return " + DESK + ".querySelectorAll('.pd-item').length;"),
                    System.currentTimeMillis() < deadline);
            js("var b = " + DESK + ".querySelector('.pd-items'); b.scrollTop = b.scrollHeight;");
            Thread.sleep(50);
        }
        List<String> all = rows();
        assertEquals(1000, all.size());
        Set<String> names = new HashSet<>();
        for (int k = 0; k < 1000; k++) {
            String row = all.get(k);
            int expect = 999 - k;
            assertEquals(DeskSeeder.NAME_PREFIX + expect + "|hello " + expect + "|1|false", row);
            assertTrue(names.add(row));
        }
        waitTrue("return " + DESK + ".querySelector('.pd-status').hidden;");
    }

    @Test
    public void filtersByNameOrIdPrefix() throws Exception {
        String dr = uniq("dr");
        String prefix = uniq("f");
        seedConversations(dr, prefix, 150);
        openDesk(dr);
        js("var f = " + DESK + ".querySelector('.pd-filter'); f.focus();");
        new Actions(driver).sendKeys(prefix + "-12").perform();
        // 12 and 120..129, newest first; nothing else
        StringBuilder want = new StringBuilder(prefix + "-129|hello 129|1|false");
        for (int k = 128; k >= 120; k--) {
            want.append('\n').append(prefix).append('-').append(k).append("|hello ").append(k).append("|1|false");
        }
        want.append('\n').append(prefix).append("-12|hello 12|1|false");
        awaitRows(want.toString());
        js("var f = " + DESK + ".querySelector('.pd-filter'); f.value = 'nobody-here'; f.dispatchEvent(new Event('input'));");
        waitTrue("return " + DESK + ".querySelectorAll('.pd-item').length === 0 && "
                + DESK + ".querySelector('.pd-status').textContent === 'No conversations';");
        js("var f = " + DESK + ".querySelector('.pd-filter'); f.value = ''; f.dispatchEvent(new Event('input'));");
        waitTrue("return " + DESK + ".querySelectorAll('.pd-item').length === 30;");
    }

    // ---- keyboard ------------------------------------------------------------------------------

    /** The focused element inside the desk (through the chat views' shadow roots): its role, class and name. */
    private static String focused() {
        return (String) js("var a = " + DESK + ".activeElement; if (!a) return 'none';"
                + " if (a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;"
                + " return (a.getAttribute('role') || a.tagName.toLowerCase()) + ' ' + a.className + ' ' + (a.getAttribute('aria-label') || '');");
    }

    /** The accessible name of the focused option ("not an option: ..." otherwise). */
    private static String focusedOption() {
        String f = focused();
        return f.startsWith("option ") ? (String) js("return " + DESK + ".activeElement.getAttribute('aria-label');")
                : "not an option: " + f;
    }

    @Test
    public void keyboardMovesOpensAndComesBack() throws Exception {
        String dr = uniq("dr");
        String prefix = uniq("k");
        seedConversations(dr, prefix, 3);
        openDesk(dr);
        assertEquals("listbox", js("return " + DESK + ".querySelector('.pd-items').getAttribute('role');"));
        assertEquals(3L, js("return " + DESK + ".querySelectorAll('.pd-items > [role=option]').length;"));
        // Tab from the page: the filter box; ↓ from there: the first option, named with its unread count
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertTrue(focused(), focused().startsWith("input pd-filter Filter by name or ID"));
        new Actions(driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertEquals("option pd-item pd-has-unread " + prefix + "-2, 1 unread, hello 2, " + clock(), focused());
        new Actions(driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertTrue(focused(), focused().startsWith("option pd-item pd-has-unread " + prefix + "-1, 1 unread"));
        assertEquals(1L, js("return " + DESK + ".querySelectorAll('[role=option][tabindex=\"0\"]').length;"));
        // Enter opens it and puts the caret in its composer
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitTrue("var a = " + DESK + ".activeElement; return !!a && a.tagName === 'PARLEY-CHAT'"
                + " && a.shadowRoot.activeElement && a.shadowRoot.activeElement.classList.contains('pw-input');");
        awaitChatBubble("hello 1");
        assertEquals(1L, js("return " + DESK + ".querySelectorAll('.pd-item[aria-selected=true]').length;"));
        // Ctrl+K from the composer: the filter box; Esc there: back on the open conversation's option
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        assertTrue(focused(), focused().startsWith("input pd-filter"));
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        assertTrue(focusedOption(), focusedOption().startsWith(prefix + "-1, "));
        // Enter and Esc: into the chat and back to the list
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitTrue("var a = " + DESK + ".activeElement; return !!a && a.tagName === 'PARLEY-CHAT';");
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        assertTrue(focusedOption(), focusedOption().startsWith(prefix + "-1, "));
        // n: the next conversation with unread messages (wrapping around to the top)
        new Actions(driver).sendKeys("n").perform();
        awaitChatBubble("hello 0");
        new Actions(driver).sendKeys(Keys.ESCAPE).sendKeys("n").perform();
        awaitChatBubble("hello 2");
    }

    private static String clock() {
        return (String) js("var d = new Date(); var r = " + DESK + ".querySelector('.pd-time'); return r.textContent;");
    }

    // ---- drafts --------------------------------------------------------------------------------

    /** n more texts from pin to the doctor, one after another (after the seeded "hello"). */
    private static void seedMessages(String doctor, String pin, int n) throws Exception {
        ChatStore store = server.store();
        UserId patient = new UserId(pin, "parley.patient");
        long gid = store.findOrCreateDirect(patient, new UserId(doctor, "parley.doctor"));
        for (int i = 1; i <= n; i++) {
            store.append(new ChatMessage(gid, 0, patient, null, "text", "line " + i, null, "more-" + pin + i,
                    System.currentTimeMillis())).get();
        }
    }

    @Test
    public void draftsAndScrollPositionsStayWithTheirConversation() throws Exception {
        String dr = uniq("dr");
        String prefix = uniq("d");
        seedConversations(dr, prefix, 2);
        seedMessages(dr, prefix + "-0", 15);
        openDesk(dr);
        click(prefix + "-0");
        awaitChatBubble("line 15");
        // the reader scrolls up a little in this one
        js("var l = " + CHAT + ".querySelector('.pw-list'); l.scrollTop = l.scrollHeight - l.clientHeight - 150;");
        Thread.sleep(300);
        Object top = js("return Math.round(" + CHAT + ".querySelector('.pw-list').scrollTop);");
        js("var t = " + CHAT + ".querySelector('.pw-input'); t.focus();");
        new Actions(driver).sendKeys("draft for zero").perform();
        click(prefix + "-1");
        awaitChatBubble("hello 1");
        assertEquals("", js("return " + CHAT + ".querySelector('.pw-input').value;"));
        new Actions(driver).sendKeys("draft for one").perform();
        assertEquals("draft for one", js("return " + CHAT + ".querySelector('.pw-input').value;"));
        click(prefix + "-0");
        assertEquals("draft for zero", js("return " + CHAT + ".querySelector('.pw-input').value;"));
        Thread.sleep(300);
        assertEquals(top, js("return Math.round(" + CHAT + ".querySelector('.pw-list').scrollTop);"));
        click(prefix + "-1");
        assertEquals("draft for one", js("return " + CHAT + ".querySelector('.pw-input').value;"));
        // and the send button follows the kept draft (the widget's own composer model)
        assertEquals(Boolean.FALSE, js("return " + CHAT + ".querySelector('.pw-send').disabled;"));
    }

    @Test
    public void aDraftOutlivesItsViewBeingDropped() throws Exception {
        String dr = uniq("dr");
        String prefix = uniq("e");
        openDeskAt(dr, prefix, Desk.KEPT + 2, 0);
        new Actions(driver).sendKeys("kept for later").perform();
        // open KEPT others: the first view is dropped (only KEPT stay alive)
        for (int k = 1; k <= Desk.KEPT; k++) {
            click(prefix + "-" + k);
            awaitChatBubble("hello " + k);
        }
        assertEquals((long) Desk.KEPT, js("return " + DESK + ".querySelectorAll('parley-chat').length;"));
        click(prefix + "-0");
        awaitChatBubble("hello 0");
        assertEquals("kept for later", js("return " + CHAT + ".querySelector('.pw-input').value;"));
        assertEquals(Boolean.FALSE, js("return " + CHAT + ".querySelector('.pw-send').disabled;"));
        assertEquals((long) Desk.KEPT, js("return " + DESK + ".querySelectorAll('parley-chat').length;"));
    }

    // ---- the patient demo page talks to the doctor's desk -------------------------------------------

    @Test
    public void thePatientPageTalksToTheDesk() {
        String dr = uniq("dr");
        String p = uniq("p");
        driver.get(url("/demo/patient.html?locale=en&open=1&pin=" + p + "&toChat=" + dr));
        String patient = driver.getWindowHandle();
        awaitReady(0);
        sendText(0, "Hello doctor");
        awaitLastBubble(0, "Hello doctor");
        String desk = openTab(url("/demo/desk.html?locale=en&pin=" + dr));
        awaitDesk();
        awaitRows(p + "|Hello doctor|1|false");
        // the peer's avatar comes from the host's roles, as in the widget
        assertEquals(Boolean.TRUE, js("var i = " + DESK + ".querySelector('.pd-av img'); return !!i && /avatar-patient[.]svg$/.test(i.src);"));
        click(p);
        awaitChatBubble("Hello doctor");
        js("var t = " + CHAT + ".querySelector('.pw-input'); t.focus(); t.value = 'Hello, how can I help?';"
                + " t.dispatchEvent(new Event('input', { bubbles: true })); " + CHAT + ".querySelector('.pw-send').click();");
        awaitRows(p + "|You: Hello, how can I help?||true");
        driver.switchTo().window(patient);
        awaitLastBubble(0, "Hello, how can I help?");
        // the patient has it on screen, so it is read: a 1:1 receipt says "Read", not a group's "1 read"
        driver.switchTo().window(desk);
        waitTrue("var c = " + CHAT + "; var r = c && c.querySelectorAll('.pw-right .pw-receipt');"
                + " return !!r && r.length > 0 && r[r.length - 1].textContent === 'Read';");
    }

    // ---- accessibility -------------------------------------------------------------------------------

    /** axe-core, WCAG 2.1 AA, on the whole desk (axe walks the list's and the chat view's shadow roots). */
    private static List<String> axe(String where) {
        Results r = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .include("parley-desk").analyze(driver);
        assertFalse(where + ": axe failed: " + r.getErrorMessage(), r.isErrored());
        List<String> out = new ArrayList<>();
        for (Rule rule : r.getViolations()) {
            for (CheckedNode n : rule.getNodes()) {
                out.add(where + " " + rule.getId() + " " + n.getTarget() + ": "
                        + String.valueOf(n.getFailureSummary()).replace('\n', ' '));
            }
        }
        assertTrue(where + ": axe saw no desk content", r.getPasses().size() > 5);
        return out;
    }

    @Test
    public void theDeskHasNoWcag21AaViolations() throws Exception {
        String dr = uniq("dr");
        String prefix = uniq("a");
        openDeskAt(dr, prefix, 5, 3);
        List<String> found = new ArrayList<>(axe("desktop"));
        viewport(375, 667, true);
        found.addAll(axe("phone chat"));
        js(DESK + ".querySelector('.pd-back').click();");
        found.addAll(axe("phone list"));
        // the page's default locale, zh-CN: the desk's own text and the chat view's are Chinese
        clearViewport();
        driver.get(url("/demo/desk.html?pin=" + dr));
        awaitDesk();
        assertEquals("\u4f1a\u8bdd", js("return " + DESK + ".querySelector('[role=listbox]').getAttribute('aria-label');"));
        click(prefix + "-3");
        awaitChatBubble("hello 3");
        assertEquals("zh-CN", js("return " + CHAT + ".querySelector('.pw').getAttribute('lang');"));
        found.addAll(axe("zh-CN"));
        shot("desk-zh-CN-1280x800", 1280, 800);
        // dark (prefers-color-scheme): the desk's and the view's colours both switch
        driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            assertEquals("rgb(23, 25, 30)", js("return getComputedStyle(" + DESK + ".querySelector('.pd')).backgroundColor;"));
            found.addAll(axe("dark"));
            shot("desk-dark-1280x800", 1280, 800);
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                    List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "light"))));
        }
        assertEquals(String.join("\n", found), 0, found.size());
    }

    // ---- narrow: two screens -------------------------------------------------------------------

    @Test
    public void aPhoneGetsTwoScreensWithABackButton() throws Exception {
        String dr = uniq("dr");
        String prefix = uniq("m");
        seedConversations(dr, prefix, 4);
        openDesk(dr);
        viewport(375, 667, true);
        waitTrue("var r = " + DESK + "; return getComputedStyle(r.querySelector('.pd-chat')).visibility === 'hidden'"
                + " && getComputedStyle(r.querySelector('.pd-list')).visibility === 'visible';");
        shot("desk-list-375x667", 375, 667);
        click(prefix + "-2");
        awaitChatBubble("hello 2");
        assertEquals("open", js("return " + CHAT + ".querySelector('.pw').getAttribute('data-conn');"));
        waitTrue("var r = " + DESK + "; return getComputedStyle(r.querySelector('.pd-list')).visibility === 'hidden'"
                + " && getComputedStyle(r.querySelector('.pd-back')).display !== 'none'"
                + " && r.querySelector('.pd-back').getBoundingClientRect().width > 0;");
        shot("desk-chat-375x667", 375, 667);
        js(DESK + ".querySelector('.pd-back').click();");
        waitTrue("var r = " + DESK + "; return getComputedStyle(r.querySelector('.pd-list')).visibility === 'visible'"
                + " && getComputedStyle(r.querySelector('.pd-chat')).visibility === 'hidden';");
        assertTrue(focusedOption(), focusedOption().startsWith(prefix + "-2, "));
        // the list screen has the whole width
        assertEquals(Boolean.TRUE, js("return Math.abs(" + DESK + ".querySelector('.pd-list').getBoundingClientRect().width - 375) < 1;"));
        assertFalse(Boolean.TRUE.equals(js("return " + DESK + ".querySelector('.pd-view:not(.pd-off)') === null;")));
    }
}
