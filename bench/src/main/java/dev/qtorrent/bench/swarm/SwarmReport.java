package dev.qtorrent.bench.swarm;

import dev.qtorrent.bench.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The swarm benchmark's table: one column per implementation measured in the run, one row per figure. */
final class SwarmReport {
    private SwarmReport() {
    }

    /** The heading: what was measured and the lower bound every run is compared with. */
    static String heading(LowerBound bound) {
        return String.format(Locale.ROOT, "quic-torrent swarm benchmark: %d downloader%s, %s (%,d bytes), origin "
                        + "upload %s, downloaders' upload %s%n"
                        + "lower bound %.2f s = max(size / origin rate %.2f s, N x size / (origin rate + N x "
                        + "client rate) %.2f s)%n", bound.clients(), bound.clients() == 1 ? "" : "s",
                Sizes.binary(bound.size()), bound.size(), bound.origin(), bound.client(), bound.seconds(),
                bound.originSeconds(), bound.uplinkSeconds());
    }

    /** The table of {@code results}, in the order given. */
    static String table(LowerBound bound, List<SwarmResult> results) {
        long size = bound.size();
        StringBuilder text = new StringBuilder();
        List<String> header = new ArrayList<>();
        results.forEach(r -> header.add(r.name()));
        text.append(row("", header));
        text.append(row("all done (s)", results, r -> fixed(r.allDoneSeconds(), 2)));
        text.append(row("  / lower bound", results, r -> fixed(r.allDoneSeconds() / bound.seconds(), 2)));
        text.append(row("p50 completion (s)", results, r -> fixed(r.p50Seconds(), 2)));
        text.append(row("origin egress / (N x size)", results, r -> fixed(r.originShare(size), 3)));
        text.append(row("all hosts' egress / (N x size)", results, r -> fixed(r.wireShare(size), 3)));
        text.append(row("aggregate goodput (MB/s)", results, r -> fixed(r.goodputMegabytesPerSecond(size), 1)));
        text.append(row("redundant endgame bytes", results, r -> r.redundantBytes().isPresent()
                ? String.format(Locale.ROOT, "%,d", r.redundantBytes().getAsLong()) : "n/a"));
        text.append(row("downloader CPU per GiB in (s)", results, r -> fixed(r.downloadersCpuPerGibibyte(size), 2)));
        text.append(row("origin CPU per GiB sent (s)", results, r -> fixed(r.originCpuPerGibibyteSent(), 2)));
        for (SwarmResult r : results) {
            List<String> each = new ArrayList<>();
            r.completions().forEach(c -> each.add(fixed(c, 2)));
            text.append(String.format(Locale.ROOT, "%s completions (s): %s%n", r.name(), String.join(" ", each)));
        }
        return text.toString();
    }

    private static String row(String label, List<SwarmResult> results, Function<SwarmResult, String> cell) {
        List<String> cells = new ArrayList<>();
        results.forEach(r -> cells.add(cell.apply(r)));
        return row(label, cells);
    }

    private static String row(String label, List<String> cells) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-32s", label));
        cells.forEach(c -> line.append(String.format(Locale.ROOT, " %14s", c)));
        return line.toString().stripTrailing() + System.lineSeparator();
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
