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

    LoadClock(ServerProcess server) {
        this(List.of(server));
    }

    /** Charges the CPU of every meter (nodes, database, Redis) to the counted operations. */
    LoadClock(List<CpuMeter> meters) {
        this.meters = List.copyOf(meters);
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
        return "generator CPU " + ReportTable.number(generatorCpuMicrosPerOp()) + " µs/" + op;
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
