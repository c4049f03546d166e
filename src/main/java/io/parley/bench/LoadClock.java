package io.parley.bench;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The measured window of a load: while it is open, each completed operation adds its latency (µs)
 * and one to the count. Also reads the server's CPU time at the window's edges.
 */
final class LoadClock {
    private final List<CpuMeter> meters;
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);
    private final LongAdder operations = new LongAdder();
    private volatile boolean open;
    private long startNanos;
    private long endNanos;
    private long[] cpuStart;
    private long[] cpuEnd;
    private long[] jitStart;
    private long[] jitEnd;
    private long ownCpuStart;
    private long ownCpuEnd;
    /** Longest extra warm-up {@link #settle} may take (0: none); what it took, and whether it got steady. */
    private final long steadyMaxMs;
    private long settledMs = -1;
    private boolean steady;
    /** A settle slice; the JIT share and the rate change below which a slice counts as steady. */
    private static final long SLICE_MS = 2000;
    private static final double MAX_JIT_SHARE = 0.15;
    private static final double MAX_RATE_CHANGE = 0.10;

    LoadClock(ServerProcess server) {
        this(List.of(server));
    }

    /** Charges the CPU of every meter (nodes, database, Redis) to the counted operations. */
    LoadClock(List<CpuMeter> meters) {
        this(meters, 0);
    }

    /** steadyMaxMs: how much longer than the fixed warm-up {@link #settle} may warm (0: not at all). */
    LoadClock(List<CpuMeter> meters, long steadyMaxMs) {
        this.meters = List.copyOf(meters);
        this.steadyMaxMs = steadyMaxMs;
    }

    /**
     * Keeps warming, after the fixed warm-up, until the server is in steady state: in slices of 2 s until
     * one whose JVMs spent under 15 % of their CPU compiling and whose rate is within 10 % of the previous
     * slice's, or until steadyMaxMs. A slower deployment reaches its compile thresholds later; without
     * this its window would charge warm-up to its messages.
     */
    void settle() throws InterruptedException {
        if (steadyMaxMs <= 0) {
            return;
        }
        long began = System.nanoTime();
        double lastRate = -1;
        while (!steady && (System.nanoTime() - began) / 1_000_000 < steadyMaxMs) {
            start();
            Thread.sleep(SLICE_MS);
            stop();
            double rate = perSecond();
            long cpu = 0;
            long jit = 0;
            for (int i = 0; i < meters.size(); i++) {
                if (jitStart[i] >= 0 && jitEnd[i] >= 0 && cpuStart[i] >= 0 && cpuEnd[i] >= 0) {
                    cpu += cpuEnd[i] - cpuStart[i];
                    jit += jitEnd[i] - jitStart[i];
                }
            }
            boolean compiled = jit <= MAX_JIT_SHARE * cpu;
            steady = compiled && lastRate > 0 && Math.abs(rate - lastRate) <= MAX_RATE_CHANGE * lastRate;
            lastRate = rate;
            operations.reset();
            latencyMicros.reset();
        }
        settledMs = (System.nanoTime() - began) / 1_000_000;
    }


    private long[] readCpu() {
        long[] out = new long[meters.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = meters.get(i).cpuNanos();
        }
        return out;
    }

    private long[] readJit() {
        long[] out = new long[meters.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = meters.get(i).jitNanos();
        }
        return out;
    }

    void start() {
        jitStart = readJit();
        cpuStart = readCpu();
        ownCpuStart = ownCpuNanos();
        startNanos = System.nanoTime();
        open = true;
    }

    void stop() {
        open = false;
        endNanos = System.nanoTime();
        cpuEnd = readCpu();
        jitEnd = readJit();
        ownCpuEnd = ownCpuNanos();
    }

    /** One operation finished now; it started at startedNanos (System.nanoTime of this JVM). */
    void completed(long startedNanos) {
        if (open) {
            latencyMicros.recordValue(Math.max(0, (System.nanoTime() - startedNanos) / 1000));
            operations.increment();
        }
    }

    long operations() {
        return operations.sum();
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    double perSecond() {
        return operations() / seconds();
    }

    /** Server CPU (all meters) per counted operation in µs; NaN when nothing was counted or CPU is unreadable. */
    double cpuMicrosPerOp() {
        double sum = 0;
        for (int i = 0; i < meters.size(); i++) {
            sum += cpuMicrosPerOp(i);
        }
        return sum;
    }

    /** Meter i's CPU per counted operation in µs. */
    double cpuMicrosPerOp(int i) {
        long ops = operations();
        return ops == 0 || cpuStart[i] < 0 || cpuEnd[i] < 0 ? Double.NaN : (cpuEnd[i] - cpuStart[i]) / 1000.0 / ops;
    }

    /** Meter i's JIT compiler CPU per counted operation in µs (part of cpuMicrosPerOp(i)); NaN when unknown. */
    double jitMicrosPerOp(int i) {
        long ops = operations();
        return ops == 0 || jitStart[i] < 0 || jitEnd[i] < 0 ? Double.NaN : (jitEnd[i] - jitStart[i]) / 1000.0 / ops;
    }

    /**
     * "node1 12.3 µs (JIT 4.0), postgres 4.5 µs, ..." per op; null for a single process that is not a JVM
     * (the table has it). The JIT part is included in the node's figure, shown so a short window's
     * compilation can be told from work per operation.
     */
    String cpuBreakdown(String op) {
        if (meters.size() < 2 && Double.isNaN(jitMicrosPerOp(0))) {
            return null;
        }
        StringBuilder b = new StringBuilder("CPU per " + op + ":");
        for (int i = 0; i < meters.size(); i++) {
            b.append(i == 0 ? " " : ", ").append(meters.get(i).label()).append(' ')
                    .append(ReportTable.number(cpuMicrosPerOp(i))).append(" µs");
            if (!Double.isNaN(jitMicrosPerOp(i))) {
                b.append(" (JIT ").append(ReportTable.number(jitMicrosPerOp(i))).append(')');
            }
        }
        return b.toString();
    }

    /** The load generator's own CPU per counted operation in µs: shows when the generator, not the server, is busy. */
    double generatorCpuMicrosPerOp() {
        long ops = operations();
        return ops == 0 || ownCpuStart < 0 ? Double.NaN : (ownCpuEnd - ownCpuStart) / 1000.0 / ops;
    }

    /** A note for the report: the generator's CPU per operation. */
    String generatorNote(String op) {
        String note = "generator CPU " + ReportTable.number(generatorCpuMicrosPerOp()) + " µs/" + op;
        if (settledMs >= 0) {
            note += "; warm-up +" + ReportTable.number(settledMs / 1000.0) + " s" + (steady ? " to steady state" : ", NOT steady");
        }
        return note;
    }

    private static long ownCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    Histogram latency() {
        return latencyMicros;
    }
}
