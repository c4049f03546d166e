package io.parley.widget;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.parley.testsupport.FaultProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Benchmark, printed and never asserted on time: navigation → first history page painted on the
 * patient page (floating widget, opened at load) on an emulated 390×844 phone with a cold cache,
 * over localhost, "fast 4G" (150 ms RTT, 9/9 Mbps) and "3G" (300 ms RTT, 1.6/0.75 Mbps).
 *
 * <p>HTTP goes through Chromium's network emulation (CDP Network.emulateNetworkConditions). A
 * first probe run checks whether that emulation also delays WebSocket frames (auth → auth_ok);
 * where it does not, the page's WebSocket is opened through a {@link FaultProxy} that holds each
 * direction for RTT/2 (latency only; the WebSocket bytes are not bandwidth-limited). Each run also
 * prints the chain of round trips that ends at the paint (resource timing plus the page's
 * WebSocket frame log), so avoidable ones can be seen.
 *
 * <p>Times are printed, never asserted. The number of round trips on the critical path is: on the
 * emulated networks it must not exceed {@link #MAX_ROUND_TRIPS}, so a change that puts one more
 * round trip in front of the first history page (a CSP {@code <meta>} serializing the scripts
 * again, the stylesheet waiting for mount, history waiting for auth_ok) fails the build.
 *
 * <p>One run per network in the normal build, three with -Dbench.full=true.
 */
public class WidgetPhoneBenchmarkTest extends WidgetTestBase {
    private static final int ROWS = 20;
    /**
     * Round trips the first history page may wait for on an emulated network: the document, the
     * scripts (in parallel), the WebSocket upgrade (the demo's token is fetched by the widget's
     * tokenProvider in parallel with it), and auth + history in one flight.
     */
    static final int MAX_ROUND_TRIPS = 4;

    /** A network condition: RTT in ms and throughput in bytes/s (-1: not limited). */
    private record Net(String name, int rttMs, double downBps, double upBps) {
    }

    private static final Net LOCALHOST = new Net("localhost", 0, -1, -1);
    private static final Net FAST_4G = new Net("fast 4G (150 ms RTT, 9/9 Mbps)", 150, 9e6 / 8, 9e6 / 8);
    private static final Net G3 = new Net("3G (300 ms RTT, 1.6/0.75 Mbps)", 300, 1.6e6 / 8, 0.75e6 / 8);

    /** One network exchange on the page's clock (ms since navigation start). */
    private record Exchange(String what, double start, double end) {
    }

    /** One page load's result. */
    private record Run(double painted, List<Exchange> exchanges, double wsUpgradeMs, double authRttMs, int rttMs,
            List<String> timeline, double socketLeadMs) {
    }

    @Test
    public void firstHistoryPaintedOnAnEmulatedPhone() throws Exception {
        String p = uniq("patient");
        String dr = uniq("doctor");
        String token = server.tokenService().sign(dr, "parley.doctor", System.currentTimeMillis() / 1000 + 600);
        BurstSender.burst(server.baseUri(), token, dr, "parley.doctor", p, "parley.patient", "history", 30);
        String page = url("/demo/patient.html?pin=" + p + "&toChat=" + dr + "&open=1");
        phone();
        try (FaultProxy proxy = new FaultProxy(server.baseUri().getPort())) {
            // does Chromium's emulated latency reach WebSocket traffic?
            Run probe = run(page, G3, 0);
            boolean wsEmulated = probe.authRttMs() >= 0.8 * G3.rttMs();
            System.out.printf("[benchmark] phone: Chromium network emulation at %d ms RTT, no proxy: WebSocket upgrade %.0f ms,"
                    + " auth -> auth_ok %.0f ms: emulation %s WebSocket frames%s%n", G3.rttMs(), probe.wsUpgradeMs(),
                    probe.authRttMs(), wsEmulated ? "delays" : "does NOT delay",
                    wsEmulated ? "" : "; WebSocket latency comes from a FaultProxy holding each direction RTT/2");
            int runs = BenchSize.pick(1, 3);
            System.out.printf("[benchmark] phone: navigation -> first history page (%d msgs) painted, patient page, 390x844"
                    + " mobile emulation, cold cache, %d run(s) per network (%s):%n", ROWS, runs, BenchSize.label());
            for (Net net : List.of(LOCALHOST, FAST_4G, G3)) {
                int port = 0;
                if (!wsEmulated && net.rttMs() > 0) {
                    proxy.delay(net.rttMs() / 2, net.rttMs() - net.rttMs() / 2);
                    port = proxy.port();
                }
                List<Run> results = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    results.add(run(page, net, port));
                }
                double[] t = results.stream().mapToDouble(Run::painted).sorted().toArray();
                Run median = results.stream().sorted(Comparator.comparingDouble(Run::painted)).toList().get(runs / 2);
                System.out.printf("[benchmark]   %s: median %.0f ms (min %.0f, max %.0f); WebSocket upgrade %.0f ms,"
                        + " auth -> auth_ok %.0f ms; socket dialed %.0f ms before parley-widget.js arrived%n", net.name(),
                        t[t.length / 2], t[0], t[t.length - 1], median.wsUpgradeMs(), median.authRttMs(), median.socketLeadMs());
                for (Run r : results) {
                    List<Exchange> path = criticalPath(r);
                    if (r == median) {
                        print(median, path);
                        median.timeline().forEach(l -> System.out.println("[benchmark]        " + l));
                    }
                    if (net.rttMs() > 0) { // on localhost, steps of a few ms can swap places
                        assertTrue(net.name() + ": " + path.size() + " round trips on the critical path, at most "
                                + MAX_ROUND_TRIPS + " expected: " + path, path.size() <= MAX_ROUND_TRIPS);
                    }
                    if (net == G3) { // (on fast 4G the lead is the script's ~50 ms of bandwidth: printed, not asserted)
                        assertTrue(net.name() + ": the WebSocket is dialed (parley-connect.js) while parley-widget.js"
                                + " still downloads, not after it; lead " + r.socketLeadMs() + " ms", r.socketLeadMs() > 0);
                    }
                }
            }
        } finally {
            driver.executeCdpCommand("Network.emulateNetworkConditions", conditions(LOCALHOST));
            driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
            driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            driver.get("about:blank");
        }
    }

    private static void phone() {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 3, "mobile", true));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent",
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0"
                        + " Mobile Safari/537.36"));
    }

    private static Map<String, Object> conditions(Net net) {
        Map<String, Object> c = new HashMap<>();
        c.put("offline", false);
        c.put("latency", net.rttMs());
        c.put("downloadThroughput", net.downBps());
        c.put("uploadThroughput", net.upBps());
        return c;
    }

    /** One cold load of the page under net; the WebSocket goes through wsProxyPort unless 0. */
    @SuppressWarnings("unchecked")
    private static Run run(String page, Net net, int wsProxyPort) {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        driver.executeCdpCommand("Network.emulateNetworkConditions", conditions(net));
        String probe = PageProbe.install(driver, wsProxyPort, ROWS);
        Map<String, Object> r;
        try {
            driver.get(page);
            r = (Map<String, Object>) new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(100))
                    .until(d -> js("var P = window.__probe; if (!P || !P.painted) return null;"
                            + " var nav = performance.getEntriesByType('navigation')[0];"
                            + " var res = performance.getEntriesByType('resource').map(function (e) {"
                            + "   return { name: e.name, type: e.initiatorType, start: e.startTime, end: e.responseEnd,"
                            + "     first: e.responseStart, bytes: e.encodedBodySize, raw: e.decodedBodySize }; });"
                            + " return { painted: P.painted, navEnd: nav.responseEnd, navFirst: nav.responseStart, navBytes: nav.encodedBodySize,"
                            + "   res: res, ws: P.ws, frames: P.frames, load: P.load, dcl: nav.domContentLoadedEventEnd,"
                            + "   rows: " + root(0) + ".querySelectorAll('.pw-msg').length };"));
        } finally {
            PageProbe.remove(driver, probe);
        }
        assertTrue("first history page shown", ((Number) r.get("rows")).intValue() >= ROWS);
        List<Exchange> ex = new ArrayList<>();
        ex.add(new Exchange("GET " + URI.create(page).getPath() + " (document, " + kb(r.get("navBytes")) + ")", 0,
                num(r.get("navEnd"))));
        for (Map<String, Object> e : (List<Map<String, Object>>) r.get("res")) {
            if ("img".equals(e.get("type"))) {
                continue; // images never hold the first paint of the history
            }
            String size = num(e.get("bytes")) == num(e.get("raw")) ? kb(e.get("bytes"))
                    : kb(e.get("bytes")) + " of " + kb(e.get("raw"));
            ex.add(new Exchange(("fetch".equals(e.get("type")) ? "fetch " : "GET ") + URI.create((String) e.get("name")).getPath() + " (" + e.get("type") + ", " + size + ")",
                    num(e.get("start")), num(e.get("end"))));
        }
        List<Map<String, Object>> ws = (List<Map<String, Object>>) r.get("ws");
        assertEquals("one WebSocket", 1, ws.size());
        double created = num(ws.get(0).get("created"));
        double opened = num(ws.get(0).get("open"));
        ex.add(new Exchange("WebSocket upgrade (HTTP 101)", created, opened));
        Map<String, Map<String, Object>> sent = new LinkedHashMap<>();
        double authRtt = -1;
        for (Map<String, Object> f : (List<Map<String, Object>>) r.get("frames")) {
            String id = (String) f.get("id");
            if (id.isEmpty() && String.valueOf(f.get("type")).startsWith("auth")) {
                id = "(auth)"; // auth carries no id: its answer is auth_ok / auth_error
            }
            if ("out".equals(f.get("dir"))) {
                sent.put(id, f);
            } else if (!id.isEmpty() && sent.containsKey(id)) {
                Map<String, Object> out = sent.remove(id);
                ex.add(new Exchange(out.get("type") + " -> " + f.get("type"), num(out.get("t")), num(f.get("t"))));
                if ("auth".equals(out.get("type"))) {
                    authRtt = num(f.get("t")) - num(out.get("t"));
                }
            }
        }
        assertTrue("auth answered; frames: " + r.get("frames"), authRtt >= 0);
        double scriptEnd = ((List<Map<String, Object>>) r.get("res")).stream()
                .filter(e -> ((String) e.get("name")).endsWith("/parley-widget.js")).mapToDouble(e -> num(e.get("end")))
                .findFirst().orElseThrow();
        return new Run(num(r.get("painted")), ex, opened - created, authRtt, net.rttMs(), LoadTimeline.of(r, net.downBps()),
                scriptEnd - created);
    }

    /**
     * Walks back from the paint: the exchange that ended last before the current point is taken as
     * the one waited for; then from its start, and so on. Only exchanges that can hold the first
     * page's paint take part: the document, scripts, stylesheets, the demo's token, the WebSocket
     * upgrade, auth and the first history request (not unread, sync or read state). Exchanges that
     * end within a tenth of a round trip of the latest one count as a tie: the one with the longer
     * chain of sequential exchanges behind it is taken, so the count does not depend on which of
     * two parallel exchanges won by a few ms.
     */
    static List<Exchange> criticalPath(Run run) {
        double historyAt = run.exchanges().stream().filter(e -> e.what().equals("history -> history_result"))
                .mapToDouble(Exchange::end).min().orElseThrow(() -> new AssertionError("no history_result"));
        List<Exchange> left = new ArrayList<>(run.exchanges().stream().filter(e -> e.start() <= historyAt)
                .filter(e -> !e.what().contains(" -> ") || e.what().startsWith("auth ") || e.what().startsWith("history "))
                .toList());
        Map<Exchange, Integer> depth = new HashMap<>();
        double tie = Math.max(2, 0.1 * run.rttMs());
        List<Exchange> chain = new ArrayList<>();
        double at = run.painted();
        while (true) {
            final double t = at;
            List<Exchange> before = left.stream().filter(e -> e.end() <= t + 0.5).toList();
            double latest = before.stream().mapToDouble(Exchange::end).max().orElse(Double.NaN);
            Exchange last = before.stream().filter(e -> e.end() >= latest - tie)
                    .max(Comparator.<Exchange>comparingInt(e -> depth(e, left, depth)).thenComparingDouble(Exchange::end))
                    .orElse(null);
            if (last == null) {
                break;
            }
            chain.add(0, last);
            left.remove(last);
            at = last.start();
        }
        return chain;
    }

    /** Exchanges in sequence up to and including e (each starting after the one before it ended). */
    private static int depth(Exchange e, List<Exchange> all, Map<Exchange, Integer> memo) {
        Integer d = memo.get(e);
        if (d == null) {
            d = 1 + all.stream().filter(p -> p != e && p.end() <= e.start() + 0.5).mapToInt(p -> depth(p, all, memo))
                    .max().orElse(0);
            memo.put(e, d);
        }
        return d;
    }

    /** Prints the chain, then the rest. */
    private static void print(Run run, List<Exchange> chain) {
        System.out.printf("[benchmark]     critical path: %d round trips, then render to paint:%n", chain.size());
        int i = 1;
        for (Exchange e : chain) {
            System.out.printf("[benchmark]      %2d. %-58s %6.0f -> %6.0f ms (%4.0f ms)%n", i++, e.what(), e.start(),
                    e.end(), e.end() - e.start());
        }
        double lastEnd = chain.isEmpty() ? 0 : chain.get(chain.size() - 1).end();
        System.out.printf("[benchmark]          render + paint %55.0f -> %6.0f ms (%4.0f ms)%n", lastEnd, run.painted(),
                run.painted() - lastEnd);
        List<Exchange> others = new ArrayList<>(run.exchanges());
        others.removeAll(chain);
        others.sort(Comparator.comparingDouble(Exchange::start));
        for (Exchange e : others) {
            System.out.printf("[benchmark]          off the path: %-45s %6.0f -> %6.0f ms%n", e.what(), e.start(), e.end());
        }
    }

    private static String kb(Object bytes) {
        return String.format("%.1f KB", num(bytes) / 1024);
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
