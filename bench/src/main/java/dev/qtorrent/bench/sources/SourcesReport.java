package dev.qtorrent.bench.sources;

import dev.qtorrent.bench.Samples;
import dev.qtorrent.bench.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The lines the sources benchmark prints: one per download, then the medians side by side with their ratio. */
final class SourcesReport {
    private SourcesReport() {
    }

    static String line(int run, SourcesRun r) {
        return String.format(Locale.ROOT, "run %d, from %d peer%s: end to end %.0f MB/s (%.2f s), data phase %.0f "
                        + "MB/s, pieces from %d peer%s%s, client CPU %.2f s per GiB, peak RSS %.0f MiB, seeders' CPU "
                        + "%.2f s per GiB, machine busy %.2f cores", run, r.allowed(), r.allowed() == 1 ? "" : "s",
                r.endToEndRate(), r.seconds(), r.dataRate(), r.peers(), r.peers() == 1 ? "" : "s",
                r.fromTracker() > 0 ? " and the tracker" : "", r.cpuPerGibibyte(), Sizes.mebibytes(r.peakRss()),
                r.seedersCpuPerGibibyte(), r.busyCores());
    }

    /**
     * The medians of the one-peer runs and the many-peer runs, and many / one. The last row is what the CPU allows:
     * with every process on the same {@code cores}, a download whose client and seeders together spend more CPU per
     * byte can only be faster where the cores were idle, which the row before it shows.
     */
    static String table(List<SourcesRun> one, List<SourcesRun> many, int cores) {
        int n = many.get(0).allowed();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-36s %10s %10s %8s%n", "medians",
                "1 peer", n + " peers", "ratio"));
        row(out, "end to end (MB/s)", one, many, SourcesRun::endToEndRate, "%.0f");
        row(out, "data phase (MB/s)", one, many, SourcesRun::dataRate, "%.0f");
        row(out, "client CPU per GiB (s)", one, many, SourcesRun::cpuPerGibibyte, "%.2f");
        row(out, "seeders' CPU per GiB (s)", one, many, SourcesRun::seedersCpuPerGibibyte, "%.2f");
        row(out, "client peak RSS (MiB)", one, many, r -> Sizes.mebibytes(r.peakRss()), "%.0f");
        row(out, "peers that sent pieces", one, many, SourcesRun::peers, "%.0f");
        row(out, "machine busy (cores of " + cores + ")", one, many, SourcesRun::busyCores, "%.2f");
        row(out, "rate its CPU allows on " + cores + " cores (MB/s)", one, many, r -> r.cpuBoundRate(cores), "%.0f");
        return out.toString();
    }

    private static void row(StringBuilder out, String label, List<SourcesRun> one, List<SourcesRun> many,
                            ToDoubleFunction<SourcesRun> value, String format) {
        double a = median(one, value);
        double b = median(many, value);
        out.append(String.format(Locale.ROOT, "%-36s %10s %10s %8.2f%n", label, String.format(Locale.ROOT, format, a),
                String.format(Locale.ROOT, format, b), b / a));
    }

    private static double median(List<SourcesRun> runs, ToDoubleFunction<SourcesRun> value) {
        Samples samples = new Samples();
        runs.forEach(r -> samples.add(value.applyAsDouble(r)));
        return samples.median();
    }
}
