package dev.qtorrent.bench;

import dev.qtorrent.common.metainfo.PieceLengths;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The loopback benchmark: a random file in a fresh seed folder, the tracker and client jars run as processes, and in
 * the same run a bare QUIC transfer of the same size as the ceiling to compare the download's data phase with.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = BenchCommand.VersionProvider.class,
        subcommands = {RawServer.class, RawClient.class, dev.qtorrent.bench.swarm.SwarmCommand.class,
            dev.qtorrent.bench.announce.AnnounceCommand.class,
            dev.qtorrent.bench.registry.SwarmMemoryCommand.class, dev.qtorrent.bench.slow.SlowCommand.class},
        description = {
            "Measures downloads of one file over loopback: the tracker and client jars run as processes (plain "
                    + "java -jar), and a bare QUIC transfer of the same size with the same settings and transport "
                    + "(no JSON, disk or hashing) gives the ceiling. Run it from the repository root after a build. "
                    + "Prints medians; MB/s are 10^6 bytes per second."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1GiB",
            description = "File size, e.g. 1GiB, 200MiB, 4GiB (default: ${DEFAULT-VALUE}).")
    private String sizeText;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Measured runs of the bare transfer and of the download (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3",
            description = "Unmeasured runs first, so the long-running tracker is warm (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8",
            description = "Clients downloading at once in the last run; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--tracker-jar", paramLabel = "JAR", defaultValue = "tracker/target/tracker.jar",
            description = "The tracker jar (default: ${DEFAULT-VALUE}).")
    private Path trackerJar;

    @Option(names = "--client-jar", paramLabel = "JAR", defaultValue = "client/target/client.jar",
            description = "The client jar (default: ${DEFAULT-VALUE}).")
    private Path clientJar;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Folder for the seed, downloads and logs, kept afterwards (default: a temporary folder, "
                    + "removed afterwards).")
    private Path workDir;

    @Option(names = "--nio", description = "Force the NIO transport (no epoll, no GSO) in every process.")
    private boolean nio;

    @Option(names = "--client-java-option", paramLabel = "OPTION",
            description = "Extra JVM option for the client and bare-transfer client processes (repeatable).")
    private List<String> clientJavaOptions = new ArrayList<>();

    @Option(names = "--quiet-wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "Before each measurement, wait up to this long for other work on the machine to "
                    + "finish; 0 does not wait (default: ${DEFAULT-VALUE}).")
    private int quietWaitSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long size = validate();
        Quiet quiet = new Quiet(Duration.ofSeconds(quietWaitSeconds), out);
        Report report = new Report(size);
        try (Lab lab = new Lab(workDir, trackerJar, clientJar, clientJavaOptions, nio, size, out)) {
            header(out, size, lab);
            lab.writeSeed();
            trackerStarts(lab, quiet, report, out);
            String transport = lab.startRawServer();
            out.printf("transport %s; tracker and bare-transfer server ready%n", transport);
            for (int i = 1; i <= warmup; i++) {
                RawRun first = lab.rawRun(false);
                if (i == 1) {
                    showDatagrams(out, first);
                }
                lab.rawRun(true);
                lab.clientRun("warmup-" + i);
                out.printf("warm-up %d of %d done%n", i, warmup);
            }
            for (int i = 1; i <= runs; i++) {
                quiet.await();
                RawRun raw = lab.rawRun(false);
                if (i == 1 && warmup == 0) {
                    showDatagrams(out, raw);
                }
                quiet.await();
                RawRun rawSha1 = lab.rawRun(true);
                quiet.await();
                double mark = quiet.mark();
                double ownBefore = lab.ownCpuSeconds();
                ClientRun client = lab.clientRun("run-" + i);
                double other = quiet.otherLoad(mark, lab.ownCpuSeconds() - ownBefore + client.cpuSeconds(),
                        client.seconds());
                report.add(raw, rawSha1, client, other);
                double rawRate = raw.dataRate();
                out.printf("run %d of %d: raw %.0f MB/s, with SHA-1 %.0f MB/s, end to end %.0f MB/s"
                                + " | client %.2f s end to end (%.0f MB/s), data phase %.0f MB/s"
                                + " (%.2f x raw), CPU %.2f s, peak RSS %.0f MiB | tracker CPU %.2f s"
                                + " | other load %.0f%%%n", i, runs, rawRate, rawSha1.dataRate(),
                        raw.endToEndRate(), client.seconds(),
                        client.endToEndRate(), client.dataRate(), client.dataRate() / rawRate, client.cpuSeconds(),
                        Sizes.mebibytes(client.peakRss()), client.trackerCpuSeconds(), 100 * other);
            }
            report.trackerRss = lab.tracker().peakRssBytesNow();
            if (clients > 0) {
                quiet.await();
                report.concurrent = lab.concurrentRun(clients);
            }
            report.print(out);
            if (workDir != null) {
                out.println("work folder kept: " + lab.work());
            }
        }
        return 0;
    }

    /** Says, once, which datagram sizes the first bare transfer's connection agreed on. */
    private static void showDatagrams(PrintWriter out, RawRun first) {
        out.println(first.datagrams() + " (the client's route decides: see PathMtu)");
    }

    private long validate() {
        long size;
        try {
            size = Sizes.parse(sizeText);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--size: " + e.getMessage());
        }
        if (runs < 1 || warmup < 0 || clients < 0 || size < 1 || quietWaitSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--size and --runs must be positive; --warmup, --clients and --quiet-wait not negative");
        }
        for (Path jar : List.of(trackerJar, clientJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new ParameterException(spec.commandLine(), jar + " not found: build first (mvn -B -ntp "
                        + "package -DskipTests) and run from the repository root");
            }
        }
        return size;
    }

    private void header(PrintWriter out, long size, Lab lab) {
        long pieceLength = PieceLengths.choose(size);
        long pieces = (size + pieceLength - 1) / pieceLength;
        out.printf("quic-torrent loopback benchmark: %s file (%,d bytes, %,d pieces of %s), %d measured runs "
                        + "after %d warm-up runs, then %d clients at once%n", Sizes.binary(size), size, pieces,
                Sizes.binary(pieceLength), runs, warmup, clients);
        out.printf("java %s, %d cores, work folder %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), lab.work());
        if (!ProcStat.available()) {
            out.println("note: /proc is not readable here, so CPU and memory figures are missing");
        }
    }

    /** The first start hashes the file; the restarts find everything up to date. The last one keeps running. */
    private void trackerStarts(Lab lab, Quiet quiet, Report report, PrintWriter out) throws Exception {
        quiet.await();
        report.firstStart = lab.startTracker();
        out.printf("tracker first start: serving after %.2f s%n", report.firstStart);
        for (int i = 1; i <= runs; i++) {
            lab.stopTracker();
            quiet.await();
            double again = lab.startTracker();
            report.restarts.add(again);
            out.printf("tracker restart %d of %d: serving after %.2f s%n", i, runs, again);
        }
    }

    /** Reports the build's version for {@code --version}. */
    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"quic-torrent bench " + dev.qtorrent.common.Version.get()};
        }
    }
}
