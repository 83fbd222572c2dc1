package dev.qtorrent.bench.sources;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.bench.ClientLog;
import dev.qtorrent.bench.OurPrograms;
import dev.qtorrent.bench.ProcStat;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loopback swarm of the sources benchmark: a tracker that only tracks the torrent (its seed folder holds the
 * .torrent without the data), seeding clients ({@code client seed}), and downloads by fresh client processes, each
 * into an empty folder, told how many peers they may use ({@code --peers}). Every seeder runs for every download, so
 * one-peer and many-peer downloads meet the same processes, equally warm.
 */
final class SourcesLab implements AutoCloseable {
    static final String NAME = "sources.bin";
    private static final String TRACKER_READY = "Press Ctrl-C to stop.";
    private static final String SEEDING = "seeding " + NAME + " from";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    private final Path work;
    private final OurPrograms programs;
    private final long size;
    private final long seederRate;
    private final PrintWriter out;
    private final Path data;
    private final Path torrent;
    private final int trackerPort;
    private final List<ChildProcess> seeders = new ArrayList<>();
    private ChildProcess tracker;
    private int downloads;

    /** @param seederRate each seeder's upload limit in bytes a second, 0 for none */
    SourcesLab(Path work, OurPrograms programs, long size, long seederRate, PrintWriter out) throws IOException {
        this.work = work;
        this.programs = programs;
        this.size = size;
        this.seederRate = seederRate;
        this.out = out;
        this.data = Files.createDirectories(work.resolve("data")).resolve(NAME);
        this.torrent = work.resolve("seed").resolve(NAME + ".torrent");
        this.trackerPort = freeUdpPort();
        Files.createDirectories(work.resolve("logs"));
    }

    /**
     * Writes the file, lets the tracker hash it and write its torrent, then moves the data out of the tracker's
     * seed folder and starts the tracker again, which now only tracks the torrent: every piece must come from peers.
     */
    void prepare() throws IOException, InterruptedException {
        Path seed = Files.createDirectories(work.resolve("seed")).resolve(NAME);
        BenchFiles.writeRandom(seed, size);
        startTracker();
        tracker.close();
        Files.move(seed, data);
        startTracker();
        if (tracker.lines().stream().noneMatch(line -> line.contains("tracking " + NAME))) {
            throw new IllegalStateException("the tracker does not say it tracks " + NAME + ":"
                    + System.lineSeparator() + tracker.output());
        }
        out.printf("tracker on udp 127.0.0.1:%d tracks %s without its data%n", trackerPort, NAME);
    }

    /** Starts seeding clients until {@code n} run, each once it has checked the data and announced. */
    void startSeeders(int n) throws IOException, InterruptedException {
        while (seeders.size() < n) {
            int index = seeders.size() + 1;
            List<String> command = new ArrayList<>(programs.client());
            command.addAll(List.of("seed", "--state-dir", "state/seeder-" + index, "--listen",
                    Integer.toString(freeUdpPort()), "--no-progress"));
            if (seederRate > 0) {
                command.addAll(List.of("--max-upload-rate", Long.toString(seederRate)));
            }
            command.addAll(List.of(work.relativize(torrent).toString(), work.relativize(data).toString(), "127.0.0.1",
                    Integer.toString(trackerPort)));
            ChildProcess seeder = ChildProcess.start("seeder " + index, command, work,
                    Map.of("QTORRENT_LOG_FILE", work.resolve("logs/seeder-" + index + ".log").toString()));
            seeders.add(seeder);
            // Printed once every piece is checked and the first announce is answered.
            seeder.awaitLine(line -> line.startsWith(SEEDING), START_TIMEOUT).orElseThrow(() ->
                    new IllegalStateException("seeder " + index + " did not start:" + System.lineSeparator()
                            + seeder.output()));
        }
    }

    /** One download by a fresh client that may use {@code n} of the seeders. */
    SourcesRun download(int n) throws IOException, InterruptedException {
        if (n > seeders.size()) {
            throw new IllegalArgumentException(n + " peers asked for, " + seeders.size() + " seeding");
        }
        int index = ++downloads;
        Path output = work.resolve("out").resolve("download-" + index).resolve(NAME);
        Path log = work.resolve("logs").resolve("download-" + index + ".log");
        List<String> command = new ArrayList<>(programs.client());
        command.addAll(List.of("download", "--state-dir", "state/downloader", "--no-progress", "--peers",
                Integer.toString(n),
                work.relativize(torrent).toString(), work.relativize(output).toString(), "127.0.0.1",
                Integer.toString(trackerPort)));
        double seedersBefore = seedersCpuSeconds();
        double childrenBefore = ProcStat.reapedChildrenCpuSeconds();
        double busyBefore = ProcStat.machineBusySeconds();
        ChildProcess client = ChildProcess.start("download " + index, command, work,
                Map.of("QTORRENT_LOG_FILE", log.toString()));
        int code = client.await(RUN_TIMEOUT);
        double cpu = childrenBefore >= 0 ? ProcStat.reapedChildrenCpuSeconds() - childrenBefore
                : client.cpuSecondsNow();
        double seedersCpu = seedersCpuSeconds() - seedersBefore;
        double busy = busyBefore < 0 ? -1 : ProcStat.machineBusySeconds() - busyBefore;
        if (code != 0) {
            throw new IllegalStateException("download " + index + " failed with exit code " + code + ":"
                    + System.lineSeparator() + client.output());
        }
        BenchFiles.checkAndDelete(data, output, "download " + index);
        ClientLog figures = ClientLog.parse(Files.readAllLines(log));
        if (Double.isNaN(figures.dataSeconds()) || figures.peers() < 0) {
            throw new IllegalStateException("download " + index + "'s log " + log + " has no data phase or sources "
                    + "line");
        }
        return new SourcesRun(n, size, client.elapsedSeconds(), figures.dataSeconds(), figures.peers(),
                figures.fromTracker(), cpu, seedersCpu, client.peakRssBytes(), busy);
    }

    private double seedersCpuSeconds() {
        return seeders.stream().mapToDouble(ChildProcess::cpuSecondsNow).sum();
    }

    private void startTracker() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(programs.tracker());
        command.addAll(List.of("--quic", Integer.toString(trackerPort), "--bind", "127.0.0.1", "--host", "127.0.0.1",
                "--seed-dir", "seed", "--tls-dir", "tls", "--log-file", "logs/tracker.log"));
        tracker = ChildProcess.start("tracker", command, work, Map.of());
        tracker.awaitLine(line -> line.contains(TRACKER_READY), START_TIMEOUT).orElseThrow(() ->
                new IllegalStateException("the tracker did not start:" + System.lineSeparator() + tracker.output()));
        if (!Files.isRegularFile(torrent)) {
            throw new IllegalStateException("the tracker is ready but wrote no " + torrent);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildProcess seeder : seeders) {
            seeder.close();
        }
        if (tracker != null) {
            tracker.close();
        }
    }
}
