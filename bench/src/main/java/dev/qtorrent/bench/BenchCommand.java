package dev.qtorrent.bench;

import dev.qtorrent.common.metainfo.PieceLengths;
import dev.qtorrent.common.quic.QuicSettings;
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
 * the same run a bare QUIC transfer of the same size as the ceiling to compare the download's data phase with, and
 * libtorrent downloading the same file as the anchor to compare it end to end with.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = BenchCommand.VersionProvider.class,
        subcommands = {RawServer.class, RawClient.class, dev.qtorrent.bench.swarm.SwarmCommand.class,
            dev.qtorrent.bench.announce.AnnounceCommand.class,
            dev.qtorrent.bench.registry.SwarmMemoryCommand.class,
            dev.qtorrent.bench.sources.SourcesCommand.class, dev.qtorrent.bench.slow.SlowCommand.class},
        description = {
            "Measures downloads of one file over loopback: the tracker and clients run as processes (started by "
                    + "their launchers, the fast way, unless --start java-jar), and a bare QUIC transfer of the same size with the same settings and transport "
                    + "(no JSON, disk or hashing) gives the ceiling, and libtorrent downloading the same file over TCP "
                    + "the anchor. Run it from the repository root after a build. Prints medians; MB/s are 10^6 bytes "
                    + "per second."})
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

    @Option(names = "--start", paramLabel = "HOW", defaultValue = OurPrograms.LAUNCHERS,
            description = "How to start our tracker and clients: " + OurPrograms.CHOICES + "; other jars than "
                    + "the launchers' need " + OurPrograms.JAVA_JAR + " (default: ${DEFAULT-VALUE}).")
    private String start;

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
            description = "Extra JVM option for the client and bare-transfer client processes (repeatable); "
                    + "the launcher gets it in QTORRENT_JAVA_OPTS.")
    private List<String> clientJavaOptions = new ArrayList<>();

    @Option(names = "--datagram-sizes", paramLabel = "LIST", defaultValue = "1452",
            description = "Comma-separated bytes: in every run, one more download per size, the client told to "
                    + "accept datagrams of at most that size instead of what its route allows (16384 on loopback); "
                    + "1452 is what a 1500-byte network allows; 0 for none (default: ${DEFAULT-VALUE}).")
    private String datagramSizesText;
    private List<Integer> datagramSizes;
    /** The launchers' folder, or null: plain java -jar. */
    private Path launchers;

    @Option(names = "--no-libtorrent",
            description = "Skip the anchor: libtorrent (python3-libtorrent) downloading the same file in every run.")
    private boolean noLibtorrent;

    @Option(names = "--hello-world", paramLabel = "N", defaultValue = "10",
            description = "Downloads of a 12-byte file at the end, each a fresh client started with "
                    + HelloWorld.LAUNCHER + " (default: ${DEFAULT-VALUE}).")
    private int helloWorld;

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
        try (Lab lab = new Lab(workDir, trackerJar, clientJar, launchers, clientJavaOptions, nio, size, out);
             LibtorrentAnchor anchor = noLibtorrent ? null : LibtorrentAnchor.find(lab.work()).orElse(null)) {
            header(out, size, lab);
            if (anchor == null && !noLibtorrent) {
                out.println("libtorrent anchor skipped: no python3 here imports libtorrent (Debian: apt-get install "
                        + "python3-libtorrent)");
            }
            lab.writeSeed();
            trackerStarts(lab, quiet, report, out);
            String transport = lab.startRawServer();
            out.printf("transport %s; tracker and bare-transfer server ready%n", transport);
            if (anchor != null) {
                anchor.startSeeder(lab.torrentFile(), lab.seedFile().getParent());
                report.libtorrent = anchor.describe();
                out.println("libtorrent seeder ready: " + report.libtorrent);
            }
            for (int i = 1; i <= warmup; i++) {
                RawRun first = lab.rawRun(false);
                if (i == 1) {
                    showDatagrams(out, first);
                }
                lab.rawRun(true);
                ClientRun client = lab.clientRun("warmup-" + i, 0);
                addedRuns(lab, anchor, quiet, "warmup-" + i, client, null);
                out.printf("warm-up %d of %d done%n", i, warmup);
            }
            for (int i = 1; i <= runs; i++) {
                measuredRun(lab, anchor, quiet, report, i, out);
            }
            report.trackerRss = lab.tracker().peakRssBytesNow();
            if (clients > 0) {
                quiet.await();
                report.concurrent = lab.concurrentRun(clients);
            }
            if (helloWorld > 0) {
                report.hello = HelloWorld.run(lab, clientJar, quiet, helloWorld);
            }
            report.print(out);
            if (workDir != null) {
                out.println("work folder kept: " + lab.work());
            }
        }
        return 0;
    }

    private void measuredRun(Lab lab, LibtorrentAnchor anchor, Quiet quiet, Report report, int i, PrintWriter out)
            throws Exception {
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
        ClientRun client = lab.clientRun("run-" + i, 0);
        double other = quiet.otherLoad(mark, lab.ownCpuSeconds() - ownBefore + client.cpuSeconds(),
                client.seconds());
        report.add(raw, rawSha1, client, other);
        double rawRate = raw.dataRate();
        out.printf("run %d of %d: raw %.0f MB/s, with SHA-1 %.0f MB/s, end to end %.0f MB/s"
                        + " | client %.2f s end to end (%.0f MB/s), first piece byte after %.2f s, data phase"
                        + " %.0f MB/s (%.2f x raw), CPU %.2f s, peak RSS %.0f MiB | tracker CPU %.2f s"
                        + " | other load %.0f%%%n", i, runs, rawRate, rawSha1.dataRate(),
                raw.endToEndRate(), client.seconds(), client.endToEndRate(), client.firstByteSeconds(),
                client.dataRate(), client.dataRate() / rawRate, client.cpuSeconds(),
                Sizes.mebibytes(client.peakRss()), client.trackerCpuSeconds(), 100 * other);
        addedRuns(lab, anchor, quiet, "run-" + i, client, report);
    }

    /**
     * The downloads each run adds after the client's own: one per forced datagram size, then libtorrent's, so that
     * the machine's drift affects them as it does the client's. Printed and recorded when {@code report} is given.
     */
    private void addedRuns(Lab lab, LibtorrentAnchor anchor, Quiet quiet, String label, ClientRun ours,
                            Report report) throws Exception {
        List<String> parts = new ArrayList<>();
        for (int bytes : datagramSizes) {
            quiet.await();
            ClientRun forced = lab.clientRun(label + "-" + bytes, bytes);
            if (report != null) {
                report.addForced(bytes, forced);
                parts.add(String.format("client with %d-byte datagrams %.0f MB/s end to end, CPU %.2f s", bytes,
                        forced.endToEndRate(), forced.cpuSeconds()));
            }
        }
        if (anchor != null) {
            quiet.await();
            LibtorrentRun lt = anchor.download(lab.torrentFile(), lab.work().resolve("out").resolve("lt-" + label),
                    lab.seedFile());
            if (report != null) {
                report.addLibtorrent(lt, ours);
                parts.add(String.format("libtorrent %.2f s end to end (%.0f MB/s), CPU %.2f s, peak RSS %.0f MiB,"
                                + " seeder CPU %.2f s; client / libtorrent %.2f", lt.seconds(), lt.endToEndRate(),
                        lt.cpuSeconds(), Sizes.mebibytes(lt.peakRss()), lt.seederCpuSeconds(),
                        ours.endToEndRate() / lt.endToEndRate()));
            }
        }
        if (!parts.isEmpty()) {
            spec.commandLine().getOut().println("  " + String.join(" | ", parts));
        }
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
        if (runs < 1 || warmup < 0 || clients < 0 || size < 1 || quietWaitSeconds < 0 || helloWorld < 0) {
            throw new ParameterException(spec.commandLine(), "--size and --runs must be positive; --warmup, "
                    + "--clients, --hello-world and --quiet-wait not negative");
        }
        datagramSizes = datagramSizes(datagramSizesText);
        for (Path jar : List.of(trackerJar, clientJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new ParameterException(spec.commandLine(), jar + " not found: build first (mvn -B -ntp "
                        + "package -DskipTests) and run from the repository root");
            }
        }
        launchers = launchers(start);
        return size;
    }

    /** The launchers' folder for {@code --start launchers}, null for java -jar; a usage error when they cannot be. */
    private Path launchers(String how) {
        if (how.equals(OurPrograms.JAVA_JAR)) {
            return null;
        }
        if (!how.equals(OurPrograms.LAUNCHERS)) {
            throw new ParameterException(spec.commandLine(), "--start: expected " + OurPrograms.LAUNCHERS + " or "
                    + OurPrograms.JAVA_JAR + ", got " + how);
        }
        Path root = Path.of("").toAbsolutePath();
        for (String program : List.of("tracker", "client")) {
            Path jar = program.equals("tracker") ? trackerJar : clientJar;
            Path launcher = root.resolve("bin").resolve("qtorrent-" + program);
            Path itsJar = root.resolve(program).resolve("target").resolve(program + ".jar");
            if (!Files.isExecutable(launcher) || !itsJar.equals(jar.toAbsolutePath().normalize())) {
                throw new ParameterException(spec.commandLine(), "--start " + OurPrograms.LAUNCHERS + " runs "
                        + "bin/qtorrent-" + program + ", which starts " + program + "/target/" + program + ".jar: run "
                        + "from the repository root, or use --start " + OurPrograms.JAVA_JAR + " for " + jar);
            }
        }
        return root.resolve("bin");
    }

    /** The forced datagram sizes, without the 0 that asks for none; fails on a size the client cannot accept. */
    private List<Integer> datagramSizes(String text) {
        int max = QuicSettings.defaults().maxUdpPayload();
        List<Integer> forced = new ArrayList<>();
        for (String size : text.split(",", -1)) {
            int bytes;
            try {
                bytes = Integer.parseInt(size.trim());
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--datagram-sizes: '" + size
                        + "' is not a number of bytes (try 1452 or 16384,1452)");
            }
            if (bytes == 0) {
                continue;
            }
            if (bytes < QuicSettings.MIN_UDP_PAYLOAD || bytes > max) {
                throw new ParameterException(spec.commandLine(), "--datagram-sizes: " + bytes + " is not from "
                        + QuicSettings.MIN_UDP_PAYLOAD + " to " + max + " bytes (or 0 for none)");
            }
            if (!forced.contains(bytes)) {
                forced.add(bytes);
            }
        }
        return forced;
    }

    private void header(PrintWriter out, long size, Lab lab) {
        long pieceLength = PieceLengths.choose(size);
        long pieces = (size + pieceLength - 1) / pieceLength;
        out.printf("quic-torrent loopback benchmark: %s file (%,d bytes, %,d pieces of %s), %d measured runs "
                        + "after %d warm-up runs, then %d clients at once%n", Sizes.binary(size), size, pieces,
                Sizes.binary(pieceLength), runs, warmup, clients);
        out.printf("java %s, %d cores, work folder %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), lab.work());
        out.println("our tracker and clients started with " + (launchers != null
                ? "bin/qtorrent-tracker and bin/qtorrent-client" : "java -jar"));
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
