package io.parley.bench;

import org.HdrHistogram.Histogram;

/**
 * One target's result for one row of the report: the headline value, latency percentiles, server CPU
 * per operation, or why it failed (a correctness check did not hold).
 */
record Measurement(String row, ServerProcess.Kind target, double value, String unit, boolean higherIsBetter,
        double p50Ms, double p99Ms, double cpuMicrosPerOp, String op, String failure, String note) {

    static Measurement failed(String row, ServerProcess.Kind target, String why) {
        return new Measurement(row, target, Double.NaN, "", true, Double.NaN, Double.NaN, Double.NaN, "", why, null);
    }

    /** A throughput-style result (higher is better) with latency and CPU. */
    static Measurement rate(String row, ServerProcess.Kind target, double perSecond, String unit, Histogram latencyMicros,
            double cpuMicrosPerOp, String op) {
        return new Measurement(row, target, perSecond, unit, true, percentileMs(latencyMicros, 50),
                percentileMs(latencyMicros, 99), cpuMicrosPerOp, op, null, null);
    }

    Measurement withFailure(String why) {
        return why == null ? this : new Measurement(row, target, value, unit, higherIsBetter, p50Ms, p99Ms,
                cpuMicrosPerOp, op, why, note);
    }

    Measurement withLatency(Histogram latencyMicros) {
        return new Measurement(row, target, value, unit, higherIsBetter, percentileMs(latencyMicros, 50),
                percentileMs(latencyMicros, 99), cpuMicrosPerOp, op, failure, note);
    }

    /** Adds n to the note (joined with "; "). */
    Measurement withNote(String n) {
        String joined = note == null ? n : n == null ? note : note + "; " + n;
        return new Measurement(row, target, value, unit, higherIsBetter, p50Ms, p99Ms, cpuMicrosPerOp, op, failure, joined);
    }

    boolean ok() {
        return failure == null;
    }

    private static double percentileMs(Histogram h, double p) {
        return h == null || h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }
}
