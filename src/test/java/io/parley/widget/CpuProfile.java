package io.parley.widget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A CDP sampling profile of the page (Profiler domain), summed by function: self and total time.
 * Only for looking (-Dbench.profile=true, best with -Dteavm.minify=false for readable names); nothing is asserted on it.
 */
final class CpuProfile {
    private CpuProfile() {
    }

    static boolean wanted() {
        return Boolean.getBoolean("bench.profile");
    }

    static void start(ChromeDriver driver) {
        driver.executeCdpCommand("Profiler.enable", Map.of());
        driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 100));
        driver.executeCdpCommand("Profiler.start", Map.of());
    }

    /** Stops the profiler and prints the top functions by self and by total time. */
    @SuppressWarnings("unchecked")
    static void stopAndPrint(ChromeDriver driver, int top) {
        Map<String, Object> r = driver.executeCdpCommand("Profiler.stop", Map.of());
        driver.executeCdpCommand("Profiler.disable", Map.of());
        Map<String, Object> p = (Map<String, Object>) r.get("profile");
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) p.get("nodes");
        Map<Long, String> name = new HashMap<>();
        Map<Long, Long> parent = new HashMap<>();
        for (Map<String, Object> n : nodes) {
            long id = ((Number) n.get("id")).longValue();
            Map<String, Object> cf = (Map<String, Object>) n.get("callFrame");
            String url = String.valueOf(cf.get("url"));
            String fn = String.valueOf(cf.get("functionName"));
            name.put(id, (fn.isEmpty() ? "(anon)" : fn) + " " + url.substring(url.lastIndexOf('/') + 1) + ":"
                    + cf.get("lineNumber"));
            List<Number> kids = (List<Number>) n.get("children");
            if (kids != null) {
                for (Number k : kids) {
                    parent.put(k.longValue(), id);
                }
            }
        }
        List<Number> samples = (List<Number>) p.get("samples");
        List<Number> deltas = (List<Number>) p.get("timeDeltas");
        Map<String, Double> self = new HashMap<>();
        Map<String, Double> total = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            double dt = i + 1 < deltas.size() ? deltas.get(i + 1).doubleValue() / 1000 : 0;
            long id = samples.get(i).longValue();
            self.merge(name.get(id), dt, Double::sum);
            Set<String> seen = new HashSet<>();
            for (Long at = id; at != null; at = parent.get(at)) {
                if (seen.add(name.get(at))) {
                    total.merge(name.get(at), dt, Double::sum);
                }
            }
        }
        print("self", self, top);
        print("total", total, top);
        busyRuns(samples, deltas, name, parent);
    }

    /** Stretches of main-thread work without idle samples, longer than 30 ms, with what ran in them. */
    private static void busyRuns(List<Number> samples, List<Number> deltas, Map<Long, String> name, Map<Long, Long> parent) {
        double t = 0;
        double start = -1;
        Map<String, Double> in = new HashMap<>();
        double t0 = -1;
        for (int i = 0; i < samples.size(); i++) {
            t += deltas.get(i).doubleValue() / 1000;
            double dt = i + 1 < deltas.size() ? deltas.get(i + 1).doubleValue() / 1000 : 0;
            long id = samples.get(i).longValue();
            boolean idle = name.get(id).startsWith("(idle)");
            if (t0 < 0 && !idle) {
                t0 = t;
            }
            if (!idle) {
                if (start < 0) {
                    start = t;
                    in.clear();
                }
                Set<String> seen = new HashSet<>();
                for (Long at = id; at != null; at = parent.get(at)) {
                    if (seen.add(name.get(at))) {
                        in.merge(name.get(at), dt, Double::sum);
                    }
                }
            }
            if ((idle || i == samples.size() - 1) && start >= 0) {
                double len = t - start;
                if (len > 30) {
                    List<Map.Entry<String, Double>> l = new ArrayList<>(in.entrySet());
                    l.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
                    StringBuilder sb = new StringBuilder();
                    for (int k = 1; k < Math.min(12, l.size()); k++) {
                        sb.append(String.format("%n[profile]        %6.1f %s", l.get(k).getValue(), l.get(k).getKey()));
                    }
                    System.out.printf("[profile] busy at %7.1f ms for %5.1f ms:%s%n", start - t0, len, sb);
                }
                start = -1;
            }
        }
    }

    private static void print(String what, Map<String, Double> t, int top) {
        List<Map.Entry<String, Double>> l = new ArrayList<>(t.entrySet());
        l.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        for (int i = 0; i < Math.min(top, l.size()); i++) {
            System.out.printf("[profile] %-5s %8.1f ms  %s%n", what, l.get(i).getValue(), l.get(i).getKey());
        }
    }
}
