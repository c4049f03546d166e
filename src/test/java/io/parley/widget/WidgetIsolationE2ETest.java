package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import io.parley.testsupport.LiveListeners;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.openqa.selenium.By;

/**
 * Shadow DOM isolation against a hostile host stylesheet and a max-z-index overlay, a strict
 * CSP (no inline script or style), and exactly one global.
 */
public class WidgetIsolationE2ETest extends WidgetTestBase {

    @Test
    public void hostileCssPageStillRendersAndWorks() throws Exception {
        String me = uniq("visitor");
        String agent = uniq("agent");
        driver.get(url("/demo/hostile.html?pin=" + me + "&toChat=" + agent));
        awaitReady(0);
        // the page's CSS really is hostile: its own divs and buttons are gone, fonts are wild
        assertEquals("none", js("var d = document.createElement('div'); document.body.appendChild(d);"
                + " var v = getComputedStyle(d).display; d.remove(); return v;"));
        sendText(0, "still fine https://example.com/ok");
        awaitLastBubble(0, "still fine https://example.com/ok");
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) js("var r = " + root(0) + ";"
                + " var panel = r.querySelector('.pw-panel').getBoundingClientRect();"
                + " var bubble = r.querySelector('.pw-msg .pw-bubble'); var bs = getComputedStyle(bubble);"
                + " var send = r.querySelector('.pw-send').getBoundingClientRect();"
                + " var link = getComputedStyle(r.querySelector('.pw-link'));"
                + " var input = getComputedStyle(r.querySelector('.pw-input'));"
                + " return { w: panel.width, h: panel.height, font: bs.fontFamily, size: bs.fontSize, transform: bs.textTransform,"
                + " spacing: bs.letterSpacing, bg: bs.backgroundColor, radius: bs.borderTopLeftRadius, sendW: send.width, sendH: send.height,"
                + " linkColor: link.color, linkSize: link.fontSize, inputDisplay: input.display, boxSizing: input.boxSizing };");
        assertEquals(520.0, WidgetChatE2ETest.num(s.get("w")), 1);
        assertEquals(560.0, WidgetChatE2ETest.num(s.get("h")), 1);
        assertTrue(s.toString(), !s.get("font").toString().contains("Comic"));
        assertEquals("15px", s.get("size"));
        assertEquals("none", s.get("transform"));
        assertEquals("normal", s.get("spacing"));
        assertEquals("the default accent, #1a66d9", "rgb(26, 102, 217)", s.get("bg"));
        assertTrue(WidgetChatE2ETest.num(s.get("sendW")) > 40 && WidgetChatE2ETest.num(s.get("sendH")) >= 40);
        assertNotEquals("rgb(255, 0, 0)", s.get("linkColor"));
        assertEquals("15px", s.get("linkSize"));
        assertEquals("block", s.get("inputDisplay"));
        assertEquals("border-box", s.get("boxSizing"));

        // the floating launcher sits above the max-z-index overlay (top layer) and opens its panel
        @SuppressWarnings("unchecked")
        Map<String, Object> hit = (Map<String, Object>) js("var host = document.querySelectorAll('parley-widget')[1];"
                + " var b = host.shadowRoot.querySelector('.pw-launcher').getBoundingClientRect();"
                + " var x = b.left + b.width / 2, y = b.top + b.height / 2; var top = document.elementFromPoint(x, y);"
                + " return { w: b.width, h: b.height, hitsWidget: top === host, inner: host.shadowRoot.elementFromPoint(x, y).className };");
        assertEquals(56.0, WidgetChatE2ETest.num(hit.get("w")), 0.5);
        assertEquals(true, hit.get("hitsWidget"));
        assertTrue(hit.toString(), hit.get("inner").toString().startsWith("pw-launcher"));
        shadow(1).findElement(By.cssSelector(".pw-launcher")).click();
        awaitReady(1);
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var b = " + root(1) + ".querySelector('.pw-panel').getBoundingClientRect();"
                + " return b.width > 300 && b.height > 300;")));
        // the second widget is the same user: it shows the same conversation from history
        Browser.waitFor(driver, d -> bubbles(1).contains("still fine https://example.com/ok"));
        assertEquals(List.of(), js("return window.parleyCspViolations;"));
        assertEquals(List.of(), js("return window.parleyErrors;"));
        // styles come from a <link> inside the shadow root; the page document got none of ours
        assertEquals(1L, js("return " + root(0) + ".querySelectorAll('link[rel=stylesheet][href$=\"parley-widget.css\"]').length;"));
        assertEquals(0L, js("return document.querySelectorAll('style, link[href*=\"parley\"]').length;"));
        shot("widget-hostile-1280x800", 1280, 800);
        viewport(375, 667, true);
        Browser.waitFor(driver, d -> Boolean.TRUE.equals(js("var b = " + root(1) + ".querySelector('.pw-panel').getBoundingClientRect();"
                + " return b.width === innerWidth && b.top === 0 && b.height === innerHeight;")));
        shot("widget-hostile-375x667", 375, 667);
        clearViewport();
    }

    @Test
    public void demoPagesEnforceTheirCspFromAHeaderAndPreloadTheStylesheet() {
        driver.get(url("/demo/patient.html?pin=" + uniq("patient") + "&toChat=" + uniq("doctor") + "&open=1"));
        awaitReady(0);
        // no CSP <meta> (it stops Chromium's preload scanner): the policy comes as a header and holds
        assertEquals(0L, js("return document.querySelectorAll('meta[http-equiv]').length;"));
        js("window.__inlineRan = false; var s = document.createElement('script');"
                + " s.textContent = 'window.__inlineRan = true;'; document.body.appendChild(s);");
        Browser.waitFor(driver, d -> ((Number) js("return window.parleyCspViolations.length;")).intValue() > 0);
        assertEquals(false, js("return window.__inlineRan;"));
        assertTrue(js("return window.parleyCspViolations[0];").toString().startsWith("script-src"));
        js("window.parleyCspViolations.length = 0;");
        // the preloaded stylesheet is the one the widget's shadow root uses: fetched once
        assertEquals(1L, js("return performance.getEntriesByType('resource')"
                + ".filter(function (e) { return /parley-widget\\.css$/.test(e.name); }).length;"));
        assertEquals(1L, js("return " + root(0) + ".querySelectorAll('link[rel=stylesheet][href$=\"parley-widget.css\"]').length;"));
        // ... and it started while the widget's script was still loading, not at mount
        assertEquals(true, js("var r = performance.getEntriesByType('resource');"
                + " var css = r.filter(function (e) { return /parley-widget\\.css$/.test(e.name); })[0];"
                + " var js = r.filter(function (e) { return /parley-widget\\.js$/.test(e.name); })[0];"
                + " return css.startTime < js.responseEnd;"));
    }

    @Test
    public void widgetCssDoesNotLeakOut() {
        driver.get(url("/demo/doctor.html?pin=" + uniq("doctor") + "&toChat=" + uniq("patient")));
        awaitReady(0);
        // page elements with the widget's own class names are untouched by its stylesheet
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) js("var b = document.createElement('div'); b.className = 'pw-bubble pw-right';"
                + " b.textContent = 'x'; document.body.appendChild(b); var cs = getComputedStyle(b);"
                + " var v = { bg: cs.backgroundColor, pad: cs.paddingTop }; b.remove(); return v;");
        assertEquals("rgba(0, 0, 0, 0)", s.get("bg"));
        assertEquals("0px", s.get("pad"));
        assertEquals("open", js("return document.querySelector('parley-widget').shadowRoot.mode;"));
    }

    @Test
    public void exactlyOneGlobalAndTheSdkHandleWorks() {
        driver.get(url("/demo/index.html"));
        @SuppressWarnings("unchecked")
        List<String> added = (List<String>) jsAsync("var done = arguments[arguments.length - 1];"
                + " var before = Object.getOwnPropertyNames(window);"
                + " var s = document.createElement('script'); s.src = '/parley-widget.js';"
                + " s.onload = function () { var after = Object.getOwnPropertyNames(window);"
                + "   done(after.filter(function (k) { return before.indexOf(k) < 0; })); };"
                + " document.head.appendChild(s);");
        assertEquals(List.of("ParleyWidget"), added);
        assertEquals("undefined", js("return typeof ParleySDK;"));
        assertEquals("function", js("return typeof ParleyWidget.mount;"));
        assertEquals("function", js("return typeof ParleyWidget.registerRenderer;"));
        // bad input never throws into the host page
        assertEquals(null, js("return ParleyWidget.mount('#nope', {});"));
        assertEquals(null, js("return ParleyWidget.mount(null, 42);"));
        @SuppressWarnings("unchecked")
        Map<String, Object> handle = (Map<String, Object>) js("var h = ParleyWidget.mount(null, { pin: 'a', appId: 'b', token: 'x',"
                + " toChat: 'c', toAppId: 'b' });"
                + " var r = { open: typeof h.open, close: typeof h.close, destroy: typeof h.destroy,"
                + " send: typeof h.sdk.sendTextMsg, pull: typeof h.sdk.pullHistoryMsg, on: typeof h.sdk.on };"
                + " h.destroy(); r.left = document.querySelectorAll('parley-widget').length; return r;");
        assertEquals("function", handle.get("open"));
        assertEquals("function", handle.get("close"));
        assertEquals("function", handle.get("destroy"));
        assertEquals("function", handle.get("send"));
        assertEquals("function", handle.get("pull"));
        assertEquals("function", handle.get("on"));
        assertEquals(0L, handle.get("left"));
    }

    /**
     * The handle's {@code sdk} is the SDK's JS layer over the engine the widget drives: a host's bad
     * arguments are refused there, with ParleySDK's errors (a gid that is not a number included),
     * and never reach the typed engine.
     */
    @Test
    @SuppressWarnings("unchecked")
    public void theSdkHandleChecksAHostsArgumentsAsParleySdkDoes() {
        driver.get(url("/demo/index.html"));
        jsAsync("var done = arguments[arguments.length - 1]; var s = document.createElement('script');"
                + " s.src = '/parley-widget.js'; s.onload = function () { done(true); }; document.head.appendChild(s);");
        List<String> out = (List<String>) js("var h = ParleyWidget.mount(null, { pin: 'a', appId: 'b', token: 'x',"
                + " toChat: 'c', toAppId: 'b' }); var out = [];"
                + " var cb = function (p) { out.push(p.code + ' ' + p.error + ': ' + p.msg); };"
                + " h.sdk.sendTextMsg(42, cb); h.sdk.pullHistoryMsg(0, 5, cb); h.sdk.pullMsgsAround(-1, 5, cb);"
                + " h.sdk.pullHistoryMsg(-1, 500, cb); h.sdk.recallMsg('x', cb); h.sdk.getReadState(cb, -3);"
                + " h.sdk.sendImageMsg({ url: 'ftp://x', size: 1 }, cb);"
                + " h.sdk.sendImageMsg({ url: 'https://x/a.png', size: 1, width: 0 }, cb);"
                + " h.sdk.sendTextMsg('hi', cb, 'abc'); out.push(String(h.sdk.resendMsg('nope', cb)));"
                + " h.destroy(); return out;");
        assertEquals(List.of("6003 bad_argument: text must be a string",
                "6003 bad_argument: startMid must be -1 or a positive mid",
                "6003 bad_argument: mid must be a positive integer",
                "6003 bad_argument: count must be an integer 1..100",
                "6003 bad_argument: mid must be a positive integer",
                "6003 bad_argument: gid must be a positive number (use the message's gid)",
                "6003 bad_argument: image.url must be an http(s) URL",
                "6003 bad_argument: image.width must be a positive integer",
                "6003 bad_argument: gid must be a positive number",
                "6003 bad_argument: no failed message with that clientMsgId", "false"), out);
    }

    /**
     * Mounting and destroying leaves nothing on the host page: the listeners the widget and its engine add
     * to window and document (counted live by a wrapped EventTarget.prototype, installed before the
     * bundle loads) are the same with the fifth widget as with the first, and all gone after destroy (and
     * the frame a destroy may still have asked for).
     */
    @Test
    @SuppressWarnings("unchecked")
    public void mountAndDestroyFiveTimesLeavesNoListenersOnThePage() {
        driver.get(url("/demo/index.html"));
        String token = server.tokenService().sign("leak-a", "parley.demo", System.currentTimeMillis() / 1000 + 600);
        List<Object> r = (List<Object>) jsAsync("var done = arguments[arguments.length - 1]; var token = arguments[0];"
                + LiveListeners.INSTALL
                + " var base = __listeners(); var mounted = [];"
                + " var s = document.createElement('script'); s.src = '/parley-widget.js'; document.head.appendChild(s);"
                + " s.onload = function () { var i = 0; var next = function () {"
                + "   if (i++ === 5) { requestAnimationFrame(function () { setTimeout(function () { done([base, mounted, __listeners()]); }, 200); }); return; }"
                + "   var slot = document.createElement('section'); slot.style.height = '400px'; document.body.appendChild(slot);"
                + "   var h = ParleyWidget.mount(slot, { pin: 'leak-a', appId: 'parley.demo', token: token,"
                + "     toChat: 'leak-b', toAppId: 'parley.demo' });"
                + "   h.sdk.on('open', function () { setTimeout(function () { requestAnimationFrame(function () { setTimeout(function () {"
                // settled: no render pending (a pending one has a visibilitychange listener until its frame)
                + "     var c = __listeners(); mounted.push([c[0], c[1], c[3]]); h.destroy(); slot.remove(); next(); }, 0); }); }, 300); }); };"
                + "   next(); };", token);
        List<Object> mounted = (List<Object>) r.get(1);
        assertEquals("five widgets mounted, one at a time", 5, mounted.size());
        assertEquals("one open socket while mounted", 1L, ((List<Object>) mounted.get(0)).get(2));
        for (Object m : mounted) {
            assertEquals("window, document, sockets with each mount", mounted.get(0), m);
        }
        assertEquals("after the last destroy: as before the bundle", r.get(0), r.get(2));
    }
}
