package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** Composer keys (Enter, Shift+Enter, IME), limits, accessible names in both locales, Esc/focus, RTL, mobile. */
public class WidgetComposerA11yE2ETest extends WidgetTestBase {

    @After
    public void resetViewport() {
        clearViewport();
    }

    private static void openDoctor(String query) {
        driver.get(url("/demo/doctor.html?pin=" + uniq("doctor") + "&toChat=" + uniq("patient") + query));
        awaitReady(0);
    }

    @Test
    public void enterSendsShiftEnterAndImeCompositionDoNot() {
        openDoctor("&maxLength=20");
        // Shift+Enter: a newline, not a send
        type(0, "line one");
        pressEnter(0, true);
        assertEquals(0L, count(0, ".pw-msg"));
        // Enter while an IME composes (keyCode 229 / isComposing): commits the candidate, never sends
        js("var t = " + root(0) + ".querySelector('.pw-input');"
                + " t.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));"
                + " t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true }));"
                + " t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));"
                + " t.dispatchEvent(new CompositionEvent('compositionend', { data: '你好' }));");
        assertEquals(0L, count(0, ".pw-msg"));
        // a browser that reports isComposing on the committing Enter without composition events
        js("var t = " + root(0) + ".querySelector('.pw-input');"
                + " t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, isComposing: true, bubbles: true, cancelable: true }));");
        assertEquals(0L, count(0, ".pw-msg"));
        // whitespace only: nothing is sent, the button stays disabled
        type(0, "  \n\u3000 ");
        pressEnter(0, false);
        assertFalse(shadow().findElement(By.cssSelector(".pw-send")).isEnabled());
        assertEquals(0L, count(0, ".pw-msg"));
        // a real Enter after composition ended sends exactly once
        type(0, "你好\n医生");
        pressEnter(0, false);
        awaitLastBubble(0, "你好\n医生");
        assertEquals(1L, count(0, ".pw-msg"));
        assertEquals("", js("return " + root(0) + ".querySelector('.pw-input').value;"));

        // typing with real keys: Enter sends, Shift+Enter inserts a newline
        WebElement input = shadow().findElement(By.cssSelector(".pw-input"));
        input.sendKeys("first");
        input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        input.sendKeys("second");
        assertEquals("first\nsecond", js("return " + root(0) + ".querySelector('.pw-input').value;"));
        input.sendKeys(Keys.ENTER);
        awaitLastBubble(0, "first\nsecond");
        assertEquals(2L, count(0, ".pw-msg"));

        // the length limit: maxlength on the textarea, and a counter
        assertEquals("20", js("return " + root(0) + ".querySelector('.pw-input').getAttribute('maxlength');"));
        input.sendKeys("12345678901234567890EXTRA");
        assertEquals("12345678901234567890", js("return " + root(0) + ".querySelector('.pw-input').value;"));
        Browser.waitFor(driver, d -> "20/20".equals(js("return " + root(0) + ".querySelector('.pw-counter').textContent;")));
        assertTrue(((String) js("return " + root(0) + ".querySelector('.pw-counter').className;")).contains("pw-counter-full"));
    }

    @Test
    public void accessibleNamesInBothLocalesAndLogRegion() {
        openDoctor("");
        assertEquals("发送", js("return " + root(0) + ".querySelector('.pw-send').getAttribute('aria-label');"));
        assertAccessible("输入消息");
        openDoctor("&locale=en");
        assertEquals("Send", js("return " + root(0) + ".querySelector('.pw-send').getAttribute('aria-label');"));
        assertAccessible("Message");
        // a failed message's resend button is named too
        js("window.parleyChat.sdk.close();");
        sendText(0, "goes nowhere");
        Browser.waitFor(driver, d -> count(0, ".pw-resend") == 1);
        assertEquals("Resend", js("return " + root(0) + ".querySelector('.pw-resend').textContent;"));
        assertAccessible("Message");
    }

    private static void assertAccessible(String composerName) {
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) js("var r = " + root(0) + "; var l = r.querySelector('.pw-list');"
                + " var t = r.querySelector('.pw-input');"
                + " return { role: l.getAttribute('role'), live: l.getAttribute('aria-live'), tag: t.tagName,"
                + " name: t.getAttribute('aria-label'),"
                + " unnamed: Array.from(r.querySelectorAll('button')).filter(function (b) {"
                + "   return !((b.getAttribute('aria-label') || '').trim() || b.textContent.trim()); }).length };");
        // the windowed list is a named region; new messages are spoken by the widget's own log (Announcer)
        assertEquals("region", a.get("role"));
        assertEquals(null, a.get("live"));
        assertEquals("TEXTAREA", a.get("tag"));
        assertEquals(composerName, a.get("name"));
        assertEquals(0L, a.get("unnamed"));
    }

    @Test
    public void floatingPanelIsKeyboardOperableAndEscReturnsFocusToTheLauncher() {
        String p = uniq("patient");
        driver.get(url("/demo/patient.html?locale=en&pin=" + p + "&toChat=" + uniq("doctor")));
        WebElement launcher = shadow().findElement(By.cssSelector(".pw-launcher"));
        Browser.waitFor(driver, d -> "open".equals(js("var r = " + root(0) + "; var p = r && r.querySelector('.pw');"
                + " return p ? p.getAttribute('data-conn') : null;")));
        assertEquals("false", launcher.getAttribute("aria-expanded"));
        assertEquals("Open chat", launcher.getAttribute("aria-label"));
        assertEquals("none", js("return getComputedStyle(" + root(0) + ".querySelector('.pw-panel')).display;"));
        // keyboard: focus the launcher, press Enter → panel opens, focus in the composer
        js(root(0) + ".querySelector('.pw-launcher').focus();");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        awaitReady(0);
        assertEquals("true", launcher.getAttribute("aria-expanded"));
        assertEquals("pw-input", js("return " + root(0) + ".activeElement.className;"));
        // Tab moves on to the send button... and Esc closes, focus back on the launcher
        new Actions(driver).sendKeys("hi").sendKeys(Keys.TAB).perform();
        assertEquals("pw-send", js("return " + root(0) + ".activeElement.className;"));
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        Browser.waitFor(driver, d -> "none".equals(js("return getComputedStyle(" + root(0) + ".querySelector('.pw-panel')).display;")));
        assertEquals("pw-launcher", js("return " + root(0) + ".activeElement.className;"));
        assertEquals("false", launcher.getAttribute("aria-expanded"));
        // Space reopens it
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        Browser.waitFor(driver, d -> "flex".equals(js("return getComputedStyle(" + root(0) + ".querySelector('.pw-panel')).display;")));
    }

    @Test
    public void rtlMirrorsTheLayout() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        driver.get(url("/demo/doctor.html?dir=rtl&locale=en&pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        seed("parleyChat", "mine", 1);
        Browser.waitFor(driver, d -> count(0, ".pw-msg") == 1);
        assertEquals("rtl", js("return " + root(0) + ".querySelector('.pw').getAttribute('dir');"));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) js("var r = " + root(0) + "; var l = r.querySelector('.pw-list').getBoundingClientRect();"
                + " var b = r.querySelector('.pw-msg .pw-bubble').getBoundingClientRect();"
                + " var s = r.querySelector('.pw-send').getBoundingClientRect(); var t = r.querySelector('.pw-input').getBoundingClientRect();"
                + " return { bubbleLeft: b.left - l.left, bubbleRight: l.right - b.right, sendX: s.left, inputX: t.left };");
        // our own message sits at the (mirrored) end: the left; the send button left of the input
        assertTrue(r.toString(), WidgetChatE2ETest.num(r.get("bubbleLeft")) < WidgetChatE2ETest.num(r.get("bubbleRight")));
        assertTrue(r.toString(), WidgetChatE2ETest.num(r.get("sendX")) < WidgetChatE2ETest.num(r.get("inputX")));
        shot("widget-rtl-1280x800", 1280, 800);
    }

    @Test
    public void mobilePanelIsFullScreenWithTouchTargetsAndFollowsTheKeyboard() throws Exception {
        viewport(375, 667, true);
        String p = uniq("patient");
        driver.get(url("/demo/patient.html?open=1&pin=" + p + "&toChat=" + uniq("doctor")));
        awaitReady(0);
        sendText(0, "手机上的消息");
        awaitLastBubble(0, "手机上的消息");
        @SuppressWarnings("unchecked")
        Map<String, Object> panel = (Map<String, Object>) js("var b = " + root(0) + ".querySelector('.pw-panel').getBoundingClientRect();"
                + " return { x: b.left, y: b.top, w: b.width, h: b.height };");
        assertEquals(0.0, WidgetChatE2ETest.num(panel.get("x")), 0.5);
        assertEquals(0.0, WidgetChatE2ETest.num(panel.get("y")), 0.5);
        assertEquals(375.0, WidgetChatE2ETest.num(panel.get("w")), 0.5);
        assertEquals(667.0, WidgetChatE2ETest.num(panel.get("h")), 0.5);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) js("return Array.from(" + root(0)
                + ".querySelectorAll('.pw-close, .pw-send, .pw-input')).map(function (e) {"
                + " var b = e.getBoundingClientRect(); return { c: e.className, w: b.width, h: b.height }; });");
        assertEquals(3, targets.size());
        for (Map<String, Object> t : targets) {
            assertTrue(t.toString(), WidgetChatE2ETest.num(t.get("w")) >= 44 && WidgetChatE2ETest.num(t.get("h")) >= 44);
        }
        shot("widget-mobile-375x667", 375, 667);
        // the on-screen keyboard takes 300 px: the visual viewport shrinks, the composer stays visible above it
        viewport(375, 367, true);
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var r = " + root(0) + ";"
                + " var c = r.querySelector('.pw-composer').getBoundingClientRect();"
                + " return c.bottom <= visualViewport.height + 0.5 && c.top > 0;")));
        // the panel is sized from visualViewport (what the keyboard leaves), set through CSSOM
        assertEquals(js("return visualViewport.height + 'px';"),
                js("return " + root(0) + ".querySelector('.pw-panel').style.height;"));
        shot("widget-mobile-keyboard-375x367", 375, 367);
    }
}
