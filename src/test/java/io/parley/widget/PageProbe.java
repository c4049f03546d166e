package io.parley.widget;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Page-side instruments for the widget benchmarks, installed through CDP before any page script
 * runs, so product code needs no hooks. It wraps {@code window.WebSocket}: every frame is logged
 * in {@code window.__probe} (time, direction, packet type and id), {@code unread} pushes are
 * counted, and with a proxy port the socket is opened through that port instead (same host and
 * path), so a {@link io.parley.testsupport.FaultProxy} can add latency to WebSocket traffic.
 * It also notes when the first history page is painted: {@code __probe.painted}, in ms since
 * navigation start, the first animation frame after {@code wantRows} rows are in the widget's
 * shadow root with its stylesheet applied.
 */
final class PageProbe {
    private PageProbe() {
    }

    /** Installs the probe for every later navigation of this tab; returns the id for {@link #remove}. */
    static String install(ChromeDriver driver, int wsProxyPort, int wantRows) {
        String script = "(function () {"
                + " var P = window.__probe = { ws: [], frames: [], unread: 0, inFrames: 0, painted: 0, wantRows: "
                + wantRows + " };"
                + " var proxyPort = " + wsProxyPort + ";"
                + " var Native = window.WebSocket;"
                + " var typeOf = function (s) { var m = /\"type\"\\s*:\\s*\"([a-z_]+)\"/.exec(s); return m ? m[1] : '?'; };"
                + " var idOf = function (s) { var m = /\"id\"\\s*:\\s*\"([^\"]*)\"/.exec(s); return m ? m[1] : ''; };"
                + " var log = function (dir, data) { var s = typeof data === 'string' ? data : ''; var t = typeOf(s);"
                + "   if (dir === 'in') { P.inFrames++; if (t === 'unread') P.unread++; }"
                + "   if (P.frames.length < 3000) P.frames.push({ t: performance.now(), dir: dir, type: t, id: idOf(s) }); };"
                + " var W = function (url, protocols) {"
                + "   var u = new URL(url, location.href); if (proxyPort) u.port = String(proxyPort);"
                + "   var ws = protocols === undefined ? new Native(u.toString()) : new Native(u.toString(), protocols);"
                // through the proxy, the socket still reports the URL asked for (the SDK takes over an early socket by its URL)
                + "   if (proxyPort) Object.defineProperty(ws, 'url', { value: new URL(url, location.href).href });"
                + "   var rec = { url: u.toString(), created: performance.now(), open: 0 }; P.ws.push(rec);"
                + "   ws.addEventListener('open', function () { rec.open = performance.now(); });"
                + "   ws.addEventListener('message', function (ev) { log('in', ev.data); });"
                + "   var send = ws.send; ws.send = function (d) { log('out', d); return send.call(ws, d); };"
                + "   return ws; };"
                + " W.prototype = Native.prototype;"
                + " W.CONNECTING = 0; W.OPEN = 1; W.CLOSING = 2; W.CLOSED = 3;"
                + " window.WebSocket = W;"
                // localStorage writes of the SDK's resume state (counted by wrapping the prototype, no product hook)
                + " P.resumeWrites = 0; var setItem = Storage.prototype.setItem;"
                + " Storage.prototype.setItem = function (k, v) { if (String(k).indexOf('parley.resume.') === 0) P.resumeWrites++;"
                + "   return setItem.call(this, k, v); };"
                // load timeline: when the widget's global is defined (its script evaluated), mount's span,
                // when the rows and the stylesheet first showed, and long animation frames with their scripts
                + " P.load = { lafs: [] }; var wd;"
                + " Object.defineProperty(window, 'ParleyWidget', { configurable: true, get: function () { return wd; },"
                + "   set: function (v) { wd = v; P.load.defined = performance.now(); var m = v && v.mount;"
                + "     if (m) { v.mount = function () { P.load.mountStart = performance.now();"
                + "       try { return m.apply(this, arguments); } finally { P.load.mountEnd = performance.now(); } }; } } });"
                + " try { new PerformanceObserver(function (l) { l.getEntries().forEach(function (f) {"
                + "   P.load.lafs.push({ start: f.startTime, dur: f.duration, render: f.renderStart, style: f.styleAndLayoutStart,"
                + "     blocking: f.blockingDuration, scripts: f.scripts.map(function (s) { return { src: (s.sourceURL || '').split('/').pop(),"
                + "       inv: s.invoker, type: s.invokerType, start: s.startTime, exec: s.executionStart, dur: s.duration,"
                + "       layout: s.forcedStyleAndLayoutDuration }; }) }); }); })"
                + "   .observe({ type: 'long-animation-frame', buffered: true }); } catch (_e) { }"
                + " var poll = function () {"
                + "   var host = document.querySelector('parley-widget'); var r = host && host.shadowRoot;"
                + "   var h = r && r.querySelector('.pw');"
                + "   if (r && !P.load.rows && r.querySelectorAll('.pw-msg').length >= P.wantRows) P.load.rows = performance.now();"
                + "   if (h && !P.load.styled && getComputedStyle(h).fontSize === '14px') P.load.styled = performance.now();"
                + "   if (r && P.wantRows > 0 && r.querySelectorAll('.pw-msg').length >= P.wantRows && h"
                + "       && getComputedStyle(h).fontSize === '14px') {"
                + "     requestAnimationFrame(function () { P.painted = performance.now(); }); return; }"
                + "   requestAnimationFrame(poll); };"
                + " requestAnimationFrame(poll);"
                + "})();";
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) (Map<?, ?>) driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        return (String) r.get("identifier");
    }

    static void remove(ChromeDriver driver, String id) {
        driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
    }

    /** Number of unread pushes received so far by the page. */
    static long unreadPushes(ChromeDriver driver) {
        return ((Number) driver.executeScript("return window.__probe.unread;")).longValue();
    }

    /** The frame log: maps with t, dir (in/out), type, id. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> frames(ChromeDriver driver) {
        return (List<Map<String, Object>>) driver.executeScript("return window.__probe.frames;");
    }
}
