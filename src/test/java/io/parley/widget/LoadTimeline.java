package io.parley.widget;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The phone benchmark's detailed load timeline, printed beside the critical path: per request its
 * first byte, end and the time its bytes take at the emulated throughput; then the main thread from
 * the widget script's arrival to the socket (parse + compile + evaluation, the host's mount call,
 * mount's work before the socket is created), the socket's frames, and the render up to the paint,
 * with the long animation frames (> 50 ms) and the scripts in them.
 */
final class LoadTimeline {
    private LoadTimeline() {
    }

    @SuppressWarnings("unchecked")
    static List<String> of(Map<String, Object> r, double downBps) {
        List<String> out = new ArrayList<>();
        out.add(String.format("requests (start / first byte / end, ms; bytes on the wire and their time at %s):",
                downBps > 0 ? String.format("%.2f Mbps", downBps * 8 / 1e6) : "no limit"));
        out.add(line("document", 0, num(r.get("navFirst")), num(r.get("navEnd")), num(r.get("navBytes")), downBps));
        double scriptEnd = Double.NaN;
        for (Map<String, Object> e : (List<Map<String, Object>>) r.get("res")) {
            String name = URI.create((String) e.get("name")).getPath();
            out.add(line(name + " (" + e.get("type") + ")", num(e.get("start")), num(e.get("first")), num(e.get("end")),
                    num(e.get("bytes")), downBps));
            if (name.endsWith("/parley-widget.js")) {
                scriptEnd = num(e.get("end"));
            }
        }
        Map<String, Object> load = (Map<String, Object>) r.get("load");
        List<Map<String, Object>> ws = (List<Map<String, Object>>) r.get("ws");
        double created = num(ws.get(0).get("created"));
        out.add(String.format("main thread: parley-widget.js received %.0f; its global defined %.0f (parse+compile+eval %.0f ms);"
                + " DOMContentLoaded %.0f; mount() %.0f -> %.0f (%.0f ms); socket created %.0f (%.0f ms into mount)",
                scriptEnd, num(load.get("defined")), num(load.get("defined")) - scriptEnd, num(r.get("dcl")),
                num(load.get("mountStart")), num(load.get("mountEnd")), num(load.get("mountEnd")) - num(load.get("mountStart")),
                created, created - num(load.get("mountStart"))));
        StringBuilder frames = new StringBuilder("socket: open " + fmt(num(ws.get(0).get("open"))));
        for (Map<String, Object> f : (List<Map<String, Object>>) r.get("frames")) {
            double t = num(f.get("t"));
            if (t <= num(r.get("painted"))) {
                frames.append("; ").append(f.get("dir")).append(' ').append(f.get("type")).append(' ').append(fmt(t));
            }
        }
        out.add(frames.toString());
        out.add(String.format("render: %d rows in the shadow root %.0f; stylesheet applied %.0f; painted %.0f",
                20, num(load.get("rows")), num(load.get("styled")), num(r.get("painted"))));
        for (Map<String, Object> f : (List<Map<String, Object>>) load.get("lafs")) {
            if (num(f.get("start")) > num(r.get("painted"))) {
                continue;
            }
            StringBuilder b = new StringBuilder(String.format("long frame %.0f +%.0f ms (style+layout from %.0f):",
                    num(f.get("start")), num(f.get("dur")), num(f.get("style"))));
            for (Map<String, Object> sc : (List<Map<String, Object>>) f.get("scripts")) {
                b.append(String.format(" [%s %s %s at %.0f: compile %.0f, run %.0f ms, forced layout %.0f]", sc.get("type"),
                        sc.get("src"), sc.get("inv"), num(sc.get("start")), num(sc.get("exec")) - num(sc.get("start")),
                        num(sc.get("dur")) - (num(sc.get("exec")) - num(sc.get("start"))), num(sc.get("layout"))));
            }
            out.add(b.toString());
        }
        return out;
    }

    private static String line(String what, double start, double first, double end, double bytes, double downBps) {
        return String.format("  %-40s %6.0f / %6.0f / %6.0f  %7.1f KB%s", what, start, first, end, bytes / 1024,
                downBps > 0 ? String.format(" (%3.0f ms of bandwidth)", bytes / downBps * 1000) : "");
    }

    private static String fmt(double t) {
        return String.format("%.0f", t);
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
