package io.parley.bench;

import java.util.List;

/** One load shape of the report; run once per target, each time against a freshly started server. */
interface Scenario {
    /** The name used with --scenarios. */
    String key();

    /** The report rows this scenario fills, in order. */
    List<String> rows();

    /** Runs the load against target; one measurement per row. Correctness failures go into the measurement. */
    List<Measurement> run(Target target) throws Exception;

    /** Starts the load, lets it warm up (then until steady, if the clock is told to), measures for measureMs, then stops it. */
    static void warmThenMeasure(LoadClock clock, long warmupMs, long measureMs, Runnable start, Runnable stop)
            throws InterruptedException {
        start.run();
        Thread.sleep(warmupMs);
        clock.settle();
        clock.start();
        Thread.sleep(measureMs);
        clock.stop();
        stop.run();
    }

    static String join(List<String> problems) {
        List<String> real = problems.stream().filter(p -> p != null).toList();
        return real.isEmpty() ? null : real.size() + " flow(s) failed, first: " + real.get(0);
    }
}
