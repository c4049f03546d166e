package io.parley.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the results as one Markdown table, a row per scenario row, relay and Parley side by side. */
final class ReportTable {
    private ReportTable() {
    }

    static void print(List<Measurement> results, PrintStream out) {
        Map<String, Measurement[]> rows = new LinkedHashMap<>();
        for (Measurement m : results) {
            rows.computeIfAbsent(m.row(), k -> new Measurement[2])[m.target().ordinal()] = m;
        }
        out.println("| scenario | relay | Parley | Parley/relay | p50/p99 relay | p50/p99 Parley | server CPU relay | server CPU Parley |");
        out.println("|---|---|---|---|---|---|---|---|");
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, Measurement[]> e : rows.entrySet()) {
            Measurement r = e.getValue()[0];
            Measurement p = e.getValue()[1];
            out.println("| " + e.getKey() + " | " + value(r) + " | " + value(p) + " | " + ratio(r, p) + " | "
                    + latency(r) + " | " + latency(p) + " | " + cpu(r) + " | " + cpu(p) + " |");
            for (Measurement m : e.getValue()) {
                if (m != null && (m.note() != null || m.failure() != null)) {
                    notes.add(e.getKey() + ", " + m.target().label + ": "
                            + (m.failure() != null ? "FAILED: " + m.failure() : m.note()));
                }
            }
        }
        out.println();
        out.println("Parley/relay is Parley's performance as a share of the relay's: throughput ÷ throughput,"
                + " and for times and heap relay ÷ Parley. Latency is send → delivered to the receiver (history:"
                + " request → answer).");
        notes.forEach(n -> out.println("- " + n));
    }

    private static String value(Measurement m) {
        if (m == null) {
            return "—";
        }
        if (!m.ok()) {
            return "FAILED";
        }
        return number(m.value()) + " " + m.unit();
    }

    private static String ratio(Measurement r, Measurement p) {
        if (r == null || p == null || !r.ok() || !p.ok() || !(r.value() > 0) || !(p.value() > 0)) {
            return "—";
        }
        double share = p.higherIsBetter() ? p.value() / r.value() : r.value() / p.value();
        return String.format(share < 0.1 ? "%.2f %%" : "%.1f %%", share * 100);
    }

    private static String latency(Measurement m) {
        if (m == null || Double.isNaN(m.p50Ms())) {
            return "—";
        }
        return number(m.p50Ms()) + " / " + number(m.p99Ms()) + " ms";
    }

    private static String cpu(Measurement m) {
        if (m == null || Double.isNaN(m.cpuMicrosPerOp())) {
            return "—";
        }
        return number(m.cpuMicrosPerOp()) + " µs/" + m.op();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        double a = Math.abs(v);
        return String.format(a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
