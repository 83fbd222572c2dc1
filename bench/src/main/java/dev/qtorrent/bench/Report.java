package dev.qtorrent.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Collects the measurements of a benchmark run and prints them as one table of medians. */
final class Report {
    private static final double GIB = 1L << 30;

    private final long size;
    final Samples raw = new Samples();
    final Samples rawSha1 = new Samples();
    final Samples rawSha1Ratio = new Samples();
    final Samples rawEndToEnd = new Samples();
    final Samples endToEnd = new Samples();
    final Samples data = new Samples();
    final Samples ratio = new Samples();
    final Samples ratioSha1 = new Samples();
    final Samples clientCpu = new Samples();
    final Samples clientRss = new Samples();
    final Samples trackerCpu = new Samples();
    final Samples restarts = new Samples();
    final Samples otherLoad = new Samples();
    final Samples firstByte = new Samples();
    /** Downloads told to accept datagrams of at most a given size, by that size. */
    final Map<Integer, Forced> forced = new LinkedHashMap<>();
    /** The libtorrent anchor, or why it was skipped; its rows are left out when it has no samples. */
    String libtorrent = "libtorrent";
    final Samples libtorrentEndToEnd = new Samples();
    final Samples libtorrentCpu = new Samples();
    final Samples libtorrentRss = new Samples();
    final Samples libtorrentSeederCpu = new Samples();
    final Samples oursOverLibtorrent = new Samples();
    HelloWorld.Result hello;
    double firstStart;
    long trackerRss;
    Lab.Concurrent concurrent;

    Report(long size) {
        this.size = size;
    }

    /** Records one measured run: the bare transfers (plain and hashing) and the download next to them. */
    void add(RawRun plain, RawRun hashing, ClientRun client, double other) {
        double rawRate = plain.dataRate();
        raw.add(rawRate);
        rawSha1.add(hashing.dataRate());
        rawSha1Ratio.add(hashing.dataRate() / rawRate);
        rawEndToEnd.add(plain.endToEndRate());
        endToEnd.add(client.endToEndRate());
        data.add(client.dataRate());
        ratio.add(client.dataRate() / rawRate);
        ratioSha1.add(client.dataRate() / hashing.dataRate());
        clientCpu.add(client.cpuSeconds() / (size / GIB));
        clientRss.add(Sizes.mebibytes(client.peakRss()));
        trackerCpu.add(client.trackerCpuSeconds() / (size / GIB));
        otherLoad.add(other);
        firstByte.add(client.firstByteSeconds());
    }

    /** Records a download told to accept datagrams of at most {@code bytes}. */
    void addForced(int bytes, ClientRun client) {
        Forced rows = forced.computeIfAbsent(bytes, b -> new Forced(new Samples(), new Samples()));
        rows.endToEnd().add(client.endToEndRate());
        rows.cpu().add(client.cpuSeconds() / (size / GIB));
    }

    /** Records libtorrent's download of the run whose own download was {@code ours}. */
    void addLibtorrent(LibtorrentRun anchor, ClientRun ours) {
        libtorrentEndToEnd.add(anchor.endToEndRate());
        libtorrentCpu.add(anchor.cpuSeconds() / (size / GIB));
        libtorrentRss.add(Sizes.mebibytes(anchor.peakRss()));
        libtorrentSeederCpu.add(anchor.seederCpuSeconds() / (size / GIB));
        oursOverLibtorrent.add(ours.endToEndRate() / anchor.endToEndRate());
    }

    /** The rows of the downloads with a forced datagram size. */
    record Forced(Samples endToEnd, Samples cpu) {
    }

    void print(PrintWriter out) {
        out.println();
        out.printf("%-46s %9s %9s %9s%n", "", "median", "min", "max");
        row(out, "raw QUIC ceiling (first to last byte)", raw, "MB/s", "%.0f");
        row(out, "  with SHA-1 of every byte", rawSha1, "MB/s", "%.0f");
        row(out, "  with SHA-1 / raw ceiling", rawSha1Ratio, "", "%.2f");
        row(out, "  raw client end to end (start to exit)", rawEndToEnd, "MB/s", "%.0f");
        row(out, "client end to end (start to verified exit)", endToEnd, "MB/s", "%.0f");
        row(out, "client data phase (first to last piece byte)", data, "MB/s", "%.0f");
        row(out, "  data phase / raw ceiling", ratio, "", "%.2f");
        row(out, "  data phase / raw ceiling with SHA-1", ratioSha1, "", "%.2f");
        row(out, "client start to first piece byte", firstByte, "s", "%.2f");
        row(out, "client CPU per GiB", clientCpu, "s", "%.2f");
        row(out, "client peak RSS", clientRss, "MiB", "%.0f");
        forced.forEach((bytes, rows) -> {
            row(out, "client end to end, " + bytes + "-byte datagrams", rows.endToEnd(), "MB/s", "%.0f");
            row(out, "  client CPU per GiB", rows.cpu(), "s", "%.2f");
        });
        if (!libtorrentEndToEnd.isEmpty()) {
            row(out, "libtorrent end to end (TCP, start to exit)", libtorrentEndToEnd, "MB/s", "%.0f");
            row(out, "  libtorrent CPU per GiB", libtorrentCpu, "s", "%.2f");
            row(out, "  libtorrent peak RSS", libtorrentRss, "MiB", "%.0f");
            row(out, "  libtorrent seeder CPU per GiB", libtorrentSeederCpu, "s", "%.2f");
            row(out, "  client / libtorrent end to end", oursOverLibtorrent, "", "%.2f");
        }
        row(out, "tracker CPU per GiB", trackerCpu, "s", "%.2f");
        out.printf("%-46s %9.0f MiB (peak, after the runs above)%n", "tracker RSS", Sizes.mebibytes(trackerRss));
        double hashing = firstStart - restarts.median();
        out.printf("%-46s %9.2f s   (hashing %s at %s)%n", "tracker first start, until it serves", firstStart,
                Sizes.binary(size), hashing > 0 ? String.format("%.2f GB/s", size / hashing / 1e9) : "n/a");
        row(out, "tracker restart, nothing changed", restarts, "s", "%.2f");
        if (otherLoad.max() > 0.05) {
            out.printf("note: other processes used up to %.0f%% of the machine during a download%n",
                    100 * otherLoad.max());
        }
        if (concurrent != null) {
            printConcurrent(out);
        }
        if (hello != null) {
            printHello(out);
        }
        if (!libtorrentEndToEnd.isEmpty()) {
            out.println();
            out.println("anchor: " + libtorrent + ", a seeder and a downloader process over loopback TCP, no "
                    + "encryption; ratios are medians of each run's own ratio");
        }
        out.flush();
    }

    private void printConcurrent(PrintWriter out) {
        Samples rates = new Samples();
        Samples dataRates = new Samples();
        Samples rss = new Samples();
        concurrent.runs().forEach(r -> {
            rates.add(r.endToEndRate());
            dataRates.add(r.dataRate());
            rss.add(Sizes.mebibytes(r.peakRss()));
        });
        int clients = concurrent.runs().size();
        double total = (double) clients * size;
        out.println();
        out.printf("%d clients at once, %s each: aggregate %.0f MB/s (%.2f s from the first start to the last exit)%n",
                clients, Sizes.binary(size), Sizes.megabytesPerSecond(total, concurrent.wallSeconds()),
                concurrent.wallSeconds());
        out.printf("  end to end per client: slowest %.0f MB/s, fastest %.0f MB/s, mean %.0f MB/s;"
                + " slowest / mean %.2f%n", rates.min(), rates.max(), rates.mean(), rates.min() / rates.mean());
        out.printf("  data phase per client: slowest %.0f MB/s, fastest %.0f MB/s; client peak RSS up to %.0f MiB%n",
                dataRates.min(), dataRates.max(), rss.max());
        out.printf("  tracker: %.2f s CPU per GiB served, peak RSS %.0f MiB%n",
                concurrent.trackerCpuSeconds() / (total / GIB), Sizes.mebibytes(concurrent.trackerPeakRss()));
    }

    private void printHello(PrintWriter out) {
        Samples wall = new Samples();
        Samples cpu = new Samples();
        hello.runs().forEach(r -> {
            wall.add(r.seconds());
            cpu.add(r.cpuSeconds());
        });
        out.println();
        out.printf("%d hello-world downloads (12 bytes), each a fresh %s%n", hello.runs().size(), hello.startedWith());
        row(out, "  wall time, process start to exit", wall, "s", "%.2f");
        row(out, "  CPU", cpu, "s", "%.2f");
    }

    private static void row(PrintWriter out, String label, Samples samples, String unit, String format) {
        out.printf("%-46s %9s %9s %9s %s%n", label, String.format(format, samples.median()),
                String.format(format, samples.min()), String.format(format, samples.max()), unit);
    }
}
