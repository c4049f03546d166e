package io.parley.widget;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/** Chromium's main-thread counters (CDP Performance.getMetrics; call Performance.enable first). */
final class CdpMetrics {
    private CdpMetrics() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Double> get(ChromeDriver driver) {
        Map<String, Object> r = driver.executeCdpCommand("Performance.getMetrics", Map.of());
        Map<String, Double> out = new HashMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) r.get("metrics")) {
            out.put((String) m.get("name"), ((Number) m.get("value")).doubleValue());
        }
        return out;
    }

    /** The growth of a counter metric (LayoutCount, RecalcStyleCount). */
    static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return deltaMs(before, after, name) / 1000;
    }

    /** The growth of a duration metric (reported in seconds), in ms. */
    static double deltaMs(Map<String, Double> before, Map<String, Double> after, String name) {
        Double a = before.get(name);
        Double b = after.get(name);
        if (a == null || b == null) {
            throw new AssertionError("Chromium reported no metric " + name + ": " + after.keySet());
        }
        return (b - a) * 1000;
    }
}
