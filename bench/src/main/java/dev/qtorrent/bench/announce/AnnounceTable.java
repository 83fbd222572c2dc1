package dev.qtorrent.bench.announce;

import java.io.PrintWriter;
import java.util.function.ToDoubleFunction;

/** Prints both trackers' figures side by side, with the ratio ours / opentracker. */
final class AnnounceTable {
    private static final double MIB = 1 << 20;

    private AnnounceTable() {
    }

    /** @param theirs opentracker's figures, or null when it was not measured */
    static void print(PrintWriter out, TrackerFigures ours, TrackerFigures theirs) {
        print(out, ours, "ours", theirs, "opentracker");
    }

    /** The same table for any two runs, named {@code first} and {@code second}; the ratio is first / second. */
    static void print(PrintWriter out, TrackerFigures ours, String first, TrackerFigures theirs, String second) {
        out.println();
        out.printf("%-40s %12s %12s %9s%n", "", first, theirs == null ? "" : second,
                theirs == null ? "" : "ratio");
        row(out, "warm announces/s", ours, theirs, TrackerFigures::announcesPerSecond, "%.0f");
        row(out, "  latency p50 (ms)", ours, theirs, f -> f.p50Micros() / 1000, "%.2f");
        row(out, "  latency p99 (ms)", ours, theirs, f -> f.p99Micros() / 1000, "%.2f");
        row(out, "tracker CPU per announce (µs)", ours, theirs, TrackerFigures::cpuMicrosPerAnnounce, "%.1f");
        row(out, "tracker peak RSS (MiB)", ours, theirs, f -> f.peakRssBytes() / MIB, "%.0f");
        row(out, "new connections/s (connect+announce+close)", ours, theirs,
                TrackerFigures::newConnectionsPerSecond, "%.0f");
        row(out, "  tracker CPU per new connection (µs)", ours, theirs, TrackerFigures::cpuMicrosPerConnection,
                "%.0f");
        row(out, "load generator CPU per announce (µs)", ours, theirs, TrackerFigures::generatorMicrosPerAnnounce,
                "%.1f");
        row(out, "load generator CPU per new connection (µs)", ours, theirs,
                TrackerFigures::generatorMicrosPerConnection, "%.0f");
        row(out, "peers in an answer", ours, theirs, TrackerFigures::answerPeers, "%.0f");
        row(out, "bytes of an answer", ours, theirs, TrackerFigures::answerBytes, "%.0f");
        row(out, "failed announces", ours, theirs, TrackerFigures::failures, "%.0f");
        // A share of what else ran: a ratio of two would say nothing of either tracker.
        row(out, "other processes' CPU share, warm run (%)", ours, theirs, f -> 100 * f.otherLoad(), "%.0f", false);
        out.flush();
    }

    private static void row(PrintWriter out, String label, TrackerFigures ours, TrackerFigures theirs,
                            ToDoubleFunction<TrackerFigures> figure, String format) {
        row(out, label, ours, theirs, figure, format, true);
    }

    private static void row(PrintWriter out, String label, TrackerFigures ours, TrackerFigures theirs,
                            ToDoubleFunction<TrackerFigures> figure, String format, boolean ratio) {
        double mine = figure.applyAsDouble(ours);
        if (theirs == null) {
            out.printf("%-40s %12s%n", label, String.format(format, mine));
            return;
        }
        double other = figure.applyAsDouble(theirs);
        out.printf("%-40s %12s %12s %9s%n", label, String.format(format, mine), String.format(format, other),
                ratio && other > 0 ? String.format("%.2f", mine / other) : "n/a");
    }
}
