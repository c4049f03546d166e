package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.Browser;
import java.util.Map;
import org.junit.Test;

/**
 * Benchmarks, printed (and recorded by hand in docs/BENCHMARKS.md), never asserted on time:
 * mount → first history page painted, and a burst into an open widget (script time, frame gaps,
 * long tasks, unread pushes). Asserted: correctness (everything arrived, in order) and the
 * structure that keeps a burst's frames short on any machine (rows built per frame, layouts per
 * frame). The burst is 100 messages in the normal build and 500 with -Dbench.full=true;
 * -Dbench.profile=true adds a CDP CPU profile (readable with -Dteavm.minify=false).
 */
public class WidgetBenchmarkTest extends WidgetTestBase {

    @Test
    public void mountToFirstHistoryPagePainted() {
        String p = uniq("patient");
        String dr = uniq("doctor");
        driver.get(url("/demo/doctor.html?pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        seed("parleyChat", "history", 20);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) jsAsync("var done = arguments[arguments.length - 1];"
                + " var base = window.parleyDemo.config({ pin: arguments[0], appId: 'parley.doctor', toChat: arguments[1],"
                + "   toAppId: 'parley.patient', clientType: 'comet', locale: 'zh-CN' });"
                + " window.parleyDemo.tokenProvider(base.pin, base.appId)().then(function (token) {"
                + "   base.token = token; var times = []; var runs = 7;"
                + "   var one = function () {"
                + "     var slot = document.createElement('section'); slot.style.height = '600px'; document.body.appendChild(slot);"
                + "     var t0 = performance.now(); var h = ParleyWidget.mount(slot, base);"
                + "     var poll = function () {"
                + "       var root = slot.querySelector('parley-widget').shadowRoot;"
                + "       var n = root.querySelectorAll('.pw-msg').length;"
                + "       var styled = root.querySelector('.pw') && getComputedStyle(root.querySelector('.pw')).fontSize === '14px';"
                + "       if (n >= 20 && styled) { requestAnimationFrame(function () { setTimeout(function () {"
                + "         times.push(performance.now() - t0); h.destroy(); slot.remove();"
                + "         if (times.length < runs) one(); else done({ times: times, n: n }); }, 0); }); }"
                + "       else requestAnimationFrame(poll); };"
                + "     requestAnimationFrame(poll); };"
                + "   one(); });",
                dr, p);
        @SuppressWarnings("unchecked")
        java.util.List<Number> times = (java.util.List<Number>) r.get("times");
        double[] t = times.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        System.out.printf("[benchmark] mount -> first history page (20 msgs) painted, localhost, %d runs: median %.1f ms,"
                + " min %.1f ms, max %.1f ms (first run includes the CSS fetch: %.1f ms)%n",
                t.length, t[t.length / 2], t[0], t[t.length - 1], times.get(0).doubleValue());
        assertEquals(7, t.length);
    }

    @Test
    public void burstIntoAnOpenWidgetScriptTimeFramesLongTasksAndUnreadPushes() throws Exception {
        int n = BenchSize.pick(100, 500);
        String p = uniq("patient");
        String dr = uniq("doctor");
        String probe = PageProbe.install(driver, 0, 0);
        try {
            driver.get(url("/demo/doctor.html?pin=" + dr + "&toChat=" + p));
            awaitReady(0);
        } finally {
            PageProbe.remove(driver, probe);
        }
        // the reader measures until all n are on screen; the burst comes from outside the browser
        js("var root = document.querySelector('parley-widget').shadowRoot; var N = arguments[0];"
                + " var st = window.__burst = { longTasks: [], gaps: [], lt: [], frames: 0, maxGap: 0, last: 0, t0: 0, done: null };"
                + " st.obs = new PerformanceObserver(function (list) {"
                + "   list.getEntries().forEach(function (e) { st.longTasks.push(e.duration);"
                + "     st.lt.push(Math.round(e.startTime - st.t0) + '+' + Math.round(e.duration)); }); });"
                + " st.obs.observe({ type: 'longtask', buffered: false });"
                // long animation frames (> 50 ms) with where their time went: scripts (by invoker, with the
                // layout they forced), then style and layout; evidence for which frame of a burst is slow and why
                + " st.loaf = [];"
                + " st.lo = new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) {"
                + "   var s = e.scripts.map(function (x) { return x.invoker + ' ' + Math.round(x.duration)"
                + "     + (x.forcedStyleAndLayoutDuration ? ' (forced layout ' + Math.round(x.forcedStyleAndLayoutDuration) + ')' : ''); });"
                + "   st.loaf.push(Math.round(e.startTime - st.t0) + '+' + Math.round(e.duration) + ' [render at +'"
                + "     + Math.round(e.renderStart ? e.renderStart - e.startTime : -1) + ', style+layout at +'"
                + "     + Math.round(e.styleAndLayoutStart ? e.styleAndLayoutStart - e.startTime : -1) + '; ' + s.join(', ') + ']'); }); });"
                + " st.lo.observe({ type: 'long-animation-frame', buffered: false });"
                // message rows put into the DOM per render: a MutationObserver's records are delivered once after
                // each task or animation-frame callback, i.e. once per render (also one from the widget's fallback timer)
                // and how long each such render took: the probe's frame callback runs just before the widget's
                // in the same frame, so the time from its end to the records is the render (script and its layout)
                + " st.maxAdded = 0; st.renders = []; st.tickEnd = 0;"
                + " st.mo = new MutationObserver(function (recs) { var k = 0; recs.forEach(function (r) { r.addedNodes.forEach(function (a) {"
                + "   if (a.classList && a.classList.contains('pw-msg')) k++; }); }); st.maxAdded = Math.max(st.maxAdded, k);"
                + "   if (k > 0 && st.firstBuilt === void 0) st.firstBuilt = k;"
                + "   if (k > 0 && st.tickEnd) st.renders.push(performance.now() - st.tickEnd);"
                + "   if (k > 1 && st.firstAdded === void 0) st.firstAdded = k; });"
                + " st.mo.observe(root.querySelector('.pw-rows'), { childList: true });"
                // done when the newest row is "burst N" (a windowed list keeps only the rows near the viewport)
                + " var tick = function (now) { var rows = root.querySelectorAll('.pw-msg'); var n = rows.length;"
                + "   var lastB = n ? rows[n - 1].querySelector('.pw-bubble') : null;"
                + "   if (n > 0 && !st.t0) { st.t0 = now; st.last = now; }"
                + "   if (st.t0) { st.frames++; st.maxGap = Math.max(st.maxGap, now - st.last);"
                + "     if (now - st.last > 50) st.gaps.push(Math.round(st.last - st.t0) + '+' + Math.round(now - st.last)); st.last = now; }"
                + "   if (lastB && lastB.textContent === 'burst ' + N) { var t1 = performance.now(); setTimeout(function () { st.obs.disconnect(); st.lo.disconnect();"
                + "     var rs = Array.from(root.querySelectorAll('.pw-msg'));"
                + "     var texts = rs.map(function (r) { var b = r.querySelector('.pw-bubble'); return b ? b.textContent : ''; });"
                + "     var list = root.querySelector('.pw-list'); st.mo.disconnect(); var lr = list.getBoundingClientRect();"
                + "     st.done = { ms: t1 - st.t0, frames: st.frames, maxGap: st.maxGap, longTasks: st.longTasks.length,"
                + "       rows: rs.length, perRow: rs.reduce(function (a, r) { return a + 1 + r.querySelectorAll('*').length; }, 0) / rs.length,"
                + "       longTaskMs: st.longTasks.reduce(function (a, b) { return a + b; }, 0),"
                + "       maxLongTask: st.longTasks.reduce(function (a, b) { return Math.max(a, b); }, 0),"
                + "       n: parseInt(texts[texts.length - 1].slice(6), 10),"
                + "       renders: st.renders.map(function (x) { return Math.round(x * 10) / 10; }).sort(function (a, b) { return a - b; }),"
                + "       firstRenders: st.renders.slice(0, 3).map(function (x) { return Math.round(x * 10) / 10; }).join(', '),"
                + "       dom: root.querySelectorAll('*').length, maxAdded: st.maxAdded, firstAdded: st.firstAdded || 0,"
                + "       firstBuilt: st.firstBuilt || 0, gaps: st.gaps.join(' '), lt: st.lt.join(' '), loaf: st.loaf.join(' | '),"
                + "       visible: rs.filter(function (r) { var b = r.getBoundingClientRect(); return b.bottom > lr.top && b.top < lr.bottom; }).length,"
                + "       inOrder: texts.every(function (x, i) { return x === 'burst ' + (N - texts.length + 1 + i); }),"
                + "       atBottom: list.scrollHeight - list.scrollTop - list.clientHeight < 2 }; }, 200); return; }"
                + "   requestAnimationFrame(tick); st.tickEnd = performance.now(); };"
                + " requestAnimationFrame(tick);", n);
        long unread0 = PageProbe.unreadPushes(driver);
        long in0 = ((Number) js("return window.__probe.inFrames;")).longValue();
        long writes0 = ((Number) js("return window.__probe.resumeWrites;")).longValue();
        driver.executeCdpCommand("Performance.enable", Map.of());
        Map<String, Double> m0 = CdpMetrics.get(driver);
        String token = server.tokenService().sign(p, "parley.patient", System.currentTimeMillis() / 1000 + 600);
        if (CpuProfile.wanted()) {
            CpuProfile.start(driver);
        }
        BurstSender.burst(server.baseUri(), token, p, "parley.patient", dr, "parley.doctor", "burst", n);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) new org.openqa.selenium.support.ui.WebDriverWait(driver,
                java.time.Duration.ofSeconds(60)).until(d -> js("return window.__burst.done;"));
        if (CpuProfile.wanted()) {
            CpuProfile.stopAndPrint(driver, 40);
        }
        Map<String, Double> m1 = CdpMetrics.get(driver);
        driver.executeCdpCommand("Performance.disable", Map.of());
        long unread = PageProbe.unreadPushes(driver) - unread0;
        long inFrames = ((Number) js("return window.__probe.inFrames;")).longValue() - in0;
        long resumeWrites = ((Number) js("return window.__probe.resumeWrites;")).longValue() - writes0;
        double ms = num(r.get("ms"));
        int frames = ((Number) r.get("frames")).intValue();
        System.out.printf("[benchmark] burst of %d messages into an open widget (doctor page, 1280x800, %s):%n", n,
                BenchSize.label());
        System.out.printf("[benchmark]   all on screen %.0f ms after the first; %d frames (%.1f fps); longest frame gap %.0f ms%n",
                ms, frames, frames * 1000 / Math.max(1, ms), num(r.get("maxGap")));
        System.out.printf("[benchmark]   long tasks: %d (total %.0f ms, longest %.0f ms)%n",
                ((Number) r.get("longTasks")).intValue(), num(r.get("longTaskMs")), num(r.get("maxLongTask")));
        System.out.printf("[benchmark]   main thread (CDP Performance.getMetrics deltas): script %.0f ms, task %.0f ms,"
                + " layout %.0f ms, style %.0f ms%n", CdpMetrics.deltaMs(m0, m1, "ScriptDuration"),
                CdpMetrics.deltaMs(m0, m1, "TaskDuration"), CdpMetrics.deltaMs(m0, m1, "LayoutDuration"),
                CdpMetrics.deltaMs(m0, m1, "RecalcStyleDuration"));
        double layouts = CdpMetrics.delta(m0, m1, "LayoutCount");
        double styles = CdpMetrics.delta(m0, m1, "RecalcStyleCount");
        long maxAdded = ((Number) r.get("maxAdded")).longValue();
        long firstAdded = ((Number) r.get("firstAdded")).longValue();
        long visible = ((Number) r.get("visible")).longValue();
        System.out.printf("[benchmark]   layouts %.0f, style recalcs %.0f (%.2f / %.2f per frame); at most %d rows added in one"
                + " render (%d in the first, %d in the first that built more than one), %d rows visible at the end%n", layouts, styles,
                layouts / frames, styles / frames, maxAdded, ((Number) r.get("firstBuilt")).longValue(), firstAdded, visible);
        @SuppressWarnings("unchecked")
        java.util.List<Number> renders = (java.util.List<Number>) r.get("renders");
        System.out.printf("[benchmark]   renders that built rows: %d, their time (script and forced layout, ms): median %.1f,"
                + " 90th %.1f, max %.1f; the first three: %s%n", renders.size(), pct(renders, 50), pct(renders, 90), pct(renders, 100),
                r.get("firstRenders"));
        System.out.printf("[benchmark]   frame gaps over 50 ms (start+gap, ms after the first row): %s; long tasks: %s%n",
                r.get("gaps"), r.get("lt"));
        System.out.printf("[benchmark]   long animation frames (start+duration ms after the first row painted):"
                + " %s%n", r.get("loaf"));
        System.out.printf("[benchmark]   WebSocket frames received: %d, of them unread pushes: %d; DOM elements in the widget"
                + " after: %d, %d message rows in the DOM (%.1f elements per row)%n", inFrames, unread,
                ((Number) r.get("dom")).longValue(), ((Number) r.get("rows")).longValue(), num(r.get("perRow")));
        System.out.printf("[benchmark]   resume state written to localStorage %d times%n", resumeWrites);
        // the structure behind smooth frames, not a time: every render builds at most
        // ScrollView.ROWS_PER_FRAME = 8 rows, also the burst's first (its row code still cold) and every
        // frame whose newest rows are in view: a frame takes only as many messages as it may build rows
        // (it took 40 and built 11-17 rows, as many as were in view, in each frame of a burst)
        assertTrue("rows built in one render: " + maxAdded + " with " + visible + " in view", maxAdded <= 8);
        assertTrue("layouts per frame: " + layouts + " in " + frames, layouts <= 2 * frames + 4);
        assertEquals((long) n, r.get("n"));
        assertEquals(true, r.get("inOrder"));
        assertTrue("stays pinned to the newest", (Boolean) r.get("atBottom"));
        assertEquals(0L, count(0, ".pw-pill"));
        assertTrue("every message arrived as a frame", inFrames >= n);
        // the resume cursor is persisted at most every 500 ms (and on pagehide), not once per message
        assertTrue("resume state writes in a burst of " + n + ": " + resumeWrites,
                resumeWrites <= 2 + (long) (ms / 500) && resumeWrites < n / 4);
    }

    /** The p-th percentile of sorted values (0 when none). */
    private static double pct(java.util.List<Number> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)).doubleValue();
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
