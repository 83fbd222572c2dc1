package dev.qtorrent.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The anchor the downloads are compared with: libtorrent (Debian's python3-libtorrent) downloading the same seed
 * file over loopback from a libtorrent seeder, over one plain TCP connection (no encryption, tracker, DHT or uTP).
 * The seeder starts once and checks the seed file before anything is measured; each download is a fresh Python
 * process, measured from its start to its exit with the file verified by libtorrent and forced to the device, as
 * our client's are. The driver is {@value #SCRIPT}, a resource of this module, copied into the work folder.
 */
final class LibtorrentAnchor implements AutoCloseable {
    static final String SCRIPT = "libtorrent_peer.py";
    /** Debian's interpreter first: the package installs the module for it, not for a python3 earlier on PATH. */
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    private final String python;
    private final String version;
    private final Path work;
    private final Path script;
    private ChildProcess seeder;
    private int seederPort;

    private LibtorrentAnchor(String python, String version, Path work, Path script) {
        this.python = python;
        this.version = version;
        this.work = work;
        this.script = script;
    }

    /** The anchor, if a python3 here can import libtorrent; empty otherwise. */
    static Optional<LibtorrentAnchor> find(Path work) throws IOException, InterruptedException {
        Path script = work.resolve(SCRIPT);
        try (InputStream in = LibtorrentAnchor.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the benchmark's jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        for (String python : PYTHONS) {
            ChildProcess probe;
            try {
                probe = ChildProcess.start("libtorrent probe", List.of(python, script.toString(), "version"), work,
                        Map.of());
            } catch (IOException e) {
                continue;
            }
            if (probe.await(PROBE_TIMEOUT) == 0) {
                Optional<String> line = probe.lines().stream().filter(l -> l.startsWith("libtorrent ")).findFirst();
                if (line.isPresent()) {
                    return Optional.of(new LibtorrentAnchor(python, line.get(), work, script));
                }
            }
        }
        return Optional.empty();
    }

    /** Which libtorrent, through which interpreter. */
    String describe() {
        return version + " (" + python + ")";
    }

    /** Starts the seeder on {@code torrent} and waits until it has checked the whole seed file. */
    void startSeeder(Path torrent, Path seedDir) throws IOException, InterruptedException {
        seeder = ChildProcess.start("libtorrent seeder",
                List.of(python, script.toString(), "seed", torrent.toString(), seedDir.toString()), work, Map.of());
        String listening = seeder.awaitLine(l -> l.startsWith("listening "), START_TIMEOUT).orElseThrow(() ->
                new IllegalStateException("the libtorrent seeder did not start:" + System.lineSeparator()
                        + seeder.output()));
        seederPort = Integer.parseInt(listening.substring("listening ".length()).trim());
        seeder.awaitLine(l -> l.startsWith("seeding "), START_TIMEOUT).orElseThrow(() ->
                new IllegalStateException("the libtorrent seeder is not seeding:" + System.lineSeparator()
                        + seeder.output()));
    }

    /**
     * One download by a fresh libtorrent process into {@code outDir}, compared with {@code seedFile} afterwards and
     * then deleted. CPU time comes from the children's totals, as for our client; the peak RSS is the larger of what
     * /proc showed while it ran and what the process reported just before it exited.
     */
    LibtorrentRun download(Path torrent, Path outDir, Path seedFile) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        double seederBefore = seeder.cpuSecondsNow();
        double childrenBefore = ProcStat.reapedChildrenCpuSeconds();
        ChildProcess downloader = ChildProcess.start("libtorrent downloader", List.of(python, script.toString(),
                "download", torrent.toString(), outDir.toString(), Integer.toString(seederPort)), work, Map.of());
        int code = downloader.await(RUN_TIMEOUT);
        double childrenAfter = ProcStat.reapedChildrenCpuSeconds();
        double seederCpu = seeder.cpuSecondsNow() - seederBefore;
        List<String> lines = downloader.lines();
        if (code != 0 || lines.isEmpty()) {
            throw new IllegalStateException("the libtorrent downloader failed with exit code " + code + ":"
                    + System.lineSeparator() + downloader.output());
        }
        LibtorrentRun.Done done = LibtorrentRun.Done.parse(lines.get(lines.size() - 1));
        Path output = outDir.resolve(seedFile.getFileName());
        if (done.bytes() != Files.size(seedFile) || Files.mismatch(seedFile, output) != -1) {
            throw new IllegalStateException("libtorrent wrote " + output + " but it differs from the seed");
        }
        BenchFiles.deleteTree(outDir);
        double cpu = childrenBefore >= 0 ? childrenAfter - childrenBefore : done.cpuSeconds();
        return new LibtorrentRun(done.bytes(), downloader.elapsedSeconds(), cpu,
                Math.max(downloader.peakRssBytes(), done.maxRssBytes()), seederCpu);
    }

    @Override
    public void close() throws InterruptedException {
        if (seeder != null) {
            seeder.close();
        }
    }
}
