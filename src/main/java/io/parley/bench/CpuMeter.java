package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A process (or set of processes) whose CPU time a measured window charges to its operations. */
interface CpuMeter {
    /** What the report calls it: node1, postgres, redis. */
    String label();

    /** User + system CPU time so far in nanoseconds, or -1 when unreadable. */
    long cpuNanos();

    /** The part of cpuNanos spent by a JVM's JIT compiler threads (-1: not a JVM, or unreadable). */
    default long jitNanos() {
        return -1;
    }

    /**
     * CPU of pid's JIT compiler threads (/proc/PID/task/TID, named "C1 CompilerThre…"/"C2 CompilerThre…"):
     * compiling is a warm-up cost that a short window still sees, not work per message, so reports show it apart.
     */
    static long jitNanosOf(long pid, long ticksPerSecond) {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm"));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum * 1_000_000_000L / ticksPerSecond;
    }

    /** The CPU of one pid, from /proc/PID/stat (utime + stime, fields 14 and 15). */
    static long cpuNanosOf(long pid, long ticksPerSecond) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One process by pid. */
    static CpuMeter of(String label, long pid, long ticksPerSecond) {
        return new CpuMeter() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public long cpuNanos() {
                return cpuNanosOf(pid, ticksPerSecond);
            }
        };
    }

    /**
     * The PostgreSQL backends serving database db (their command line reads "postgres: USER DB ..."), summed.
     * A backend that exits between two readings takes its CPU along: the pool keeps them open during a run.
     */
    static CpuMeter postgresBackends(String db, long ticksPerSecond) {
        return new CpuMeter() {
            @Override
            public String label() {
                return "postgres";
            }

            @Override
            public long cpuNanos() {
                long sum = 0;
                try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                    for (Path p : (Iterable<Path>) procs::iterator) {
                        String name = p.getFileName().toString();
                        if (!name.chars().allMatch(Character::isDigit)) {
                            continue;
                        }
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                            if (cmd.startsWith("postgres: ") && cmd.contains(" " + db + " ")) {
                                long c = cpuNanosOf(Long.parseLong(name), ticksPerSecond);
                                sum += Math.max(0, c);
                            }
                        } catch (IOException e) {
                            // gone meanwhile
                        }
                    }
                } catch (IOException e) {
                    return -1;
                }
                return sum;
            }
        };
    }

}
