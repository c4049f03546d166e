package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.Test;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Benchmark, printed and never asserted on time: a long conversation (300 messages in the normal
 * build, 10,000 with -Dbench.full=true), seeded through the protocol before the widget mounts,
 * scrolled programmatically from the newest to the oldest message one screen per animation frame,
 * letting history pages load. It reports the DOM size inside the widget's shadow root (sampled
 * every frame and at the end), the longest frame gap, long tasks and the time to reach the oldest
 * message. Asserted: every message was rendered at some point (a MutationObserver notes each row's
 * text as it enters the DOM), the windowed list never held more than 600 elements in any sampled
 * frame, and the rows in the DOM at the end are consecutive and in order.
 */
public class WidgetScrollBenchmarkTest extends WidgetTestBase {

    @Test
    public void longConversationScrolledFromNewestToOldest() throws Exception {
        int n = BenchSize.pick(300, 10_000);
        String p = uniq("patient");
        String dr = uniq("doctor");
        long s0 = System.nanoTime();
        String token = server.tokenService().sign(p, "parley.patient", System.currentTimeMillis() / 1000 + 3600);
        BurstSender.burst(server.baseUri(), token, p, "parley.patient", dr, "parley.doctor", "msg", n);
        double seedMs = (System.nanoTime() - s0) / 1e6;

        driver.get(url("/demo/doctor.html?pin=" + dr + "&toChat=" + p));
        awaitReady(0);
        js("var root = document.querySelector('parley-widget').shadowRoot; var N = arguments[0];"
                + " var list = root.querySelector('.pw-list'); var pw = root.querySelector('.pw');"
                + " var st = window.__scroll = { t0: performance.now(), frames: 0, steps: 0, pages: 0, maxGap: 0, last: 0,"
                + "   longTasks: [], seen: {}, seenCount: 0, domStart: root.querySelectorAll('*').length, maxDom: 0,"
                + "   lastSample: 0, stuck: 0, state: '', done: null };"
                + " st.maxDom = st.domStart;"
                + " var note = function (row) { var b = row.querySelector('.pw-bubble'); var t = b && b.textContent;"
                + "   if (t && !st.seen[t]) { st.seen[t] = 1; st.seenCount++; } };"
                + " Array.prototype.forEach.call(root.querySelectorAll('.pw-msg'), note);"
                // a windowed list may reuse a row element for another message: text changes count too
                + " st.mo = new MutationObserver(function (recs) { recs.forEach(function (r) {"
                + "   var host = r.target.nodeType === 1 ? r.target : r.target.parentElement;"
                + "   var row = host && host.closest('.pw-msg'); if (row) note(row);"
                + "   Array.prototype.forEach.call(r.addedNodes, function (x) { if (x.nodeType !== 1) return;"
                + "     if (x.classList.contains('pw-msg')) note(x);"
                + "     else Array.prototype.forEach.call(x.querySelectorAll('.pw-msg'), note); }); }); });"
                + " st.mo.observe(root, { childList: true, subtree: true, characterData: true });"
                + " st.obs = new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { st.longTasks.push(e.duration); }); });"
                + " st.obs.observe({ type: 'longtask', buffered: false });"
                + " var sample = function () { var d = root.querySelectorAll('*').length; if (d > st.maxDom) st.maxDom = d; return d; };"
                + " var oldest = function () { var b = root.querySelector('.pw-msg .pw-bubble'); return !!b && b.textContent === 'msg 1'; };"
                + " var tick = function (now) {"
                + "   if (st.last) st.maxGap = Math.max(st.maxGap, now - st.last); st.last = now; st.frames++;"
                + "   sample();"
                + "   var state = pw.getAttribute('data-history');"
                + "   if (state === 'loading' && st.state !== 'loading') st.pages++; st.state = state;"
                + "   if (list.scrollTop > 0) { list.scrollTop = Math.max(0, list.scrollTop - list.clientHeight); st.steps++; st.stuck = 0; }"
                + "   else if (state === 'end' && oldest()) {"
                + "     var t1 = performance.now(); st.mo.takeRecords().length; "
                + "     setTimeout(function () { st.obs.disconnect(); st.mo.disconnect();"
                + "       var texts = Array.from(root.querySelectorAll('.pw-msg .pw-bubble')).map(function (b) { return b.textContent; });"
                + "       var first = texts.length ? Number(texts[0].substring(4)) : 0;"
                + "       st.done = { ms: t1 - st.t0, frames: st.frames, steps: st.steps, pages: st.pages, maxGap: st.maxGap,"
                + "         longTasks: st.longTasks.length, longTaskMs: st.longTasks.reduce(function (a, b) { return a + b; }, 0),"
                + "         maxLongTask: st.longTasks.reduce(function (a, b) { return Math.max(a, b); }, 0),"
                + "         domStart: st.domStart, domEnd: sample(), maxDom: st.maxDom, rowsEnd: texts.length,"
                + "         seen: st.seenCount, consecutive: texts.every(function (x, i) { return x === 'msg ' + (first + i); }),"
                + "         firstText: texts[0] || '' }; }, 0);"
                + "     return; }"
                + "   else if (state !== 'loading' && ++st.stuck > 3) { st.stuck = 0; list.dispatchEvent(new Event('scroll')); }"
                + "   requestAnimationFrame(tick); };"
                + " requestAnimationFrame(tick);", n);
        Duration bound = Duration.ofSeconds(BenchSize.full() ? 540 : 90);
        Map<String, Object> r;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> done = (Map<String, Object>) new WebDriverWait(driver, bound)
                    .pollingEvery(Duration.ofMillis(1000)).until(d -> js("return window.__scroll.done;"));
            r = done;
        } catch (TimeoutException e) {
            throw new AssertionError("the oldest message was not reached within " + bound.toSeconds() + " s: "
                    + js("var s = window.__scroll; return 'seen ' + s.seenCount + ', pages ' + s.pages + ', steps ' + s.steps"
                            + " + ', max DOM ' + s.maxDom + ', history ' + s.state;"));
        }
        System.out.printf("[benchmark] %,d-message conversation scrolled newest -> oldest (doctor page, 1280x800, one screen"
                + " per frame, %s); seeded through the protocol in %.1f s:%n", n, BenchSize.label(), seedMs / 1000);
        System.out.printf("[benchmark]   oldest message reached after %.0f ms: %d history pages loaded, %d scroll steps,"
                + " %d frames%n", num(r.get("ms")), lng(r.get("pages")), lng(r.get("steps")), lng(r.get("frames")));
        System.out.printf("[benchmark]   DOM elements in the widget's shadow root: %d at mount, max %d, final %d"
                + " (%d message rows in the DOM at the end, %.1f elements per row)%n", lng(r.get("domStart")),
                lng(r.get("maxDom")), lng(r.get("domEnd")), lng(r.get("rowsEnd")),
                num(r.get("domEnd")) / Math.max(1, num(r.get("rowsEnd"))));
        System.out.printf("[benchmark]   longest frame gap %.0f ms; long tasks: %d (total %.0f ms, longest %.0f ms)%n",
                num(r.get("maxGap")), lng(r.get("longTasks")), num(r.get("longTaskMs")), num(r.get("maxLongTask")));
        assertEquals("every message was rendered at some point", (long) n, lng(r.get("seen")));
        assertTrue("at most 600 elements in the widget at every sampled frame, saw " + lng(r.get("maxDom")),
                lng(r.get("maxDom")) <= 600);
        assertEquals("msg 1", r.get("firstText"));
        assertTrue("rows in the DOM are consecutive and in order", (Boolean) r.get("consecutive"));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static long lng(Object o) {
        return ((Number) o).longValue();
    }
}
