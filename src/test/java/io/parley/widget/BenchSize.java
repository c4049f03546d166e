package io.parley.widget;

/**
 * Sizes of the widget benchmarks. The normal build runs them small, as correctness checks that
 * also print numbers; {@code -Dbench.full=true} runs the sizes recorded in docs/BENCHMARKS.md.
 */
final class BenchSize {
    private BenchSize() {
    }

    static boolean full() {
        return Boolean.getBoolean("bench.full");
    }

    /** small in the normal build, full with -Dbench.full=true */
    static int pick(int small, int full) {
        return full() ? full : small;
    }

    static String label() {
        return full() ? "full" : "small (-Dbench.full=true for the recorded sizes)";
    }
}
