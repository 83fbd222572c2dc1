package dev.qtorrent.bench;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The benchmark shares the machine with whatever else runs on it. Before a measurement it waits, up to a limit, until
 * the machine is nearly idle, and it reports how much CPU other processes took during a run.
 */
public final class Quiet {
    private static final double IDLE_ENOUGH = 0.15;

    private final Duration maxWait;
    private final PrintWriter out;
    private final int cores = Runtime.getRuntime().availableProcessors();

    public Quiet(Duration maxWait, PrintWriter out) {
        this.maxWait = maxWait;
        this.out = out;
    }

    /** Waits until less than 15% of the machine's CPU is busy over a second, or the wait limit passes. */
    public void await() throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            double before = ProcStat.machineBusySeconds();
            if (before < 0 || maxWait.isZero()) {
                return;
            }
            Thread.sleep(1000);
            double busy = (ProcStat.machineBusySeconds() - before) / cores;
            if (busy <= IDLE_ENOUGH) {
                return;
            }
            if (System.nanoTime() > deadline) {
                out.printf("note: other work kept %.0f%% of the CPU busy; measuring anyway%n", 100 * busy);
                return;
            }
        }
    }

    /** A reading of the machine's busy CPU time, to subtract the benchmark's own processes from later. */
    public double mark() {
        return ProcStat.machineBusySeconds();
    }

    /** The share of the machine that other processes used since {@code mark}, given the CPU our processes used. */
    public double otherLoad(double mark, double ownCpuSeconds, double wallSeconds) {
        double other = ProcStat.machineBusySeconds() - mark - ownCpuSeconds;
        return Math.max(0, other) / wallSeconds / cores;
    }
}
