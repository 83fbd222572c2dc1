package dev.qtorrent.bench.slow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thread's use of the machine so far, from {@code /proc/PID/task/TID}: its CPU time and how often it went to
 * sleep of its own accord (voluntary context switches, which are its wake-ups: a thread that sleeps N times woke N
 * times) or was pushed off a core.
 *
 * @param name        the thread's name as the kernel keeps it (at most 15 characters)
 * @param cpuNanos    user plus system CPU time
 * @param voluntary   voluntary context switches
 * @param involuntary involuntary context switches
 */
record ThreadUsage(String name, long cpuNanos, long voluntary, long involuntary) {
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Pattern VOLUNTARY = Pattern.compile("(?m)^voluntary_ctxt_switches:\\s*(\\d+)");
    private static final Pattern INVOLUNTARY = Pattern.compile("(?m)^nonvoluntary_ctxt_switches:\\s*(\\d+)");

    /**
     * Reads a thread from the texts of its {@code stat}, {@code schedstat} and {@code status} files. The CPU time is
     * schedstat's run time in nanoseconds where the kernel keeps it, else stat's clock ticks of 1/100 s.
     *
     * @param schedstat null when the kernel has no schedstat
     */
    static ThreadUsage parse(String stat, String schedstat, String status) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        String name = stat.substring(open + 1, close);
        String[] fields = stat.substring(close + 2).trim().split(" ");
        long cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        if (schedstat != null && !schedstat.isBlank()) {
            cpu = Long.parseLong(schedstat.trim().split("\\s+")[0]);
        }
        return new ThreadUsage(name, cpu, count(VOLUNTARY, status), count(INVOLUNTARY, status));
    }

    /** What this thread did since {@code before}, the same thread read earlier (or null: it started since). */
    ThreadUsage since(ThreadUsage before) {
        if (before == null) {
            return this;
        }
        return new ThreadUsage(name, cpuNanos - before.cpuNanos, voluntary - before.voluntary,
                involuntary - before.involuntary);
    }

    ThreadUsage plus(ThreadUsage other) {
        return new ThreadUsage(name, cpuNanos + other.cpuNanos, voluntary + other.voluntary,
                involuntary + other.involuntary);
    }

    private static long count(Pattern pattern, String status) {
        Matcher m = pattern.matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
