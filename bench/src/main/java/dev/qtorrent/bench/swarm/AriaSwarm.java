package dev.qtorrent.bench.swarm;

import dev.qtorrent.bench.BenchFiles;
import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.PieceLengths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * aria2c in the same swarm, over TCP: opentracker and one seeding aria2c in the origin's namespace, one aria2c per
 * downloader host, a torrent made by mktorrent with the piece length quic-torrent picks for the same size. DHT,
 * local peer discovery and IPv6 are off, so peers find each other only through the tracker, as ours do.
 */
final class AriaSwarm {
    static final int TRACKER_PORT = 6969;
    static final int MIN_PIECE_EXPONENT = 15;
    private static final List<String> COMMON = List.of("--enable-dht=false", "--enable-dht6=false",
            "--bt-enable-lpd=false", "--disable-ipv6=true", "--file-allocation=none", "--summary-interval=0",
            "--console-log-level=warn", "--auto-file-renaming=false", "--listen-port=6881-6999");

    private final Netns netns;
    private final Topology topology;
    private final Path dir;

    AriaSwarm(Netns netns, Topology topology, Path work) {
        this.netns = netns;
        this.topology = topology;
        this.dir = work.resolve("aria2");
    }

    SwarmResult run(Path seedFile, Duration timeout) throws IOException, InterruptedException {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path seed = seedDir.resolve(seedFile.getFileName());
        Files.createLink(seed, seedFile);
        Path torrent = dir.resolve(seedFile.getFileName() + ".torrent");
        Host origin = topology.origin();
        // mktorrent takes pieces of 32 KiB and more; quic-torrent picks 16 KiB for files up to 31 MiB.
        int exponent = Math.max(MIN_PIECE_EXPONENT,
                Long.numberOfTrailingZeros(PieceLengths.choose(Files.size(seedFile))));
        Netns.run(List.of("mktorrent", "-a", "http://" + origin.address() + ":" + TRACKER_PORT + "/announce",
                "-l", Integer.toString(exponent), "-o", torrent.toString(), seed.toString()));
        String infoHash = Metainfo.load(torrent).infoHash().hex();
        try (ChildProcess tracker = netns.track(startTracker(origin, infoHash));
             ChildProcess seeder = netns.track(ChildProcess.start("aria2c seeder", origin.exec(aria(List.of(
                     "--seed-ratio=0.0", "--bt-seed-unverified=true", "--check-integrity=false",
                     "-d", seedDir.toString(), torrent.toString()))), dir, Map.of()))) {
            awaitSeeder(origin, infoHash, seeder);
            // The origin is two processes here, opentracker and the seeding aria2c; ours is one that does both.
            double originBefore = tracker.cpuSecondsNow() + seeder.cpuSecondsNow();
            SwarmResult result = Downloaders.run("aria2c", netns, topology, timeout,
                    host -> ChildProcess.start("aria2c " + host.label(), host.exec(aria(List.of("--seed-time=0",
                            "-d", outDir(host).toString(), torrent.toString()))), dir, Map.of()));
            double originCpu = tracker.cpuSecondsNow() + seeder.cpuSecondsNow() - originBefore;
            for (Host host : topology.clients()) {
                BenchFiles.checkAndDelete(seedFile, outDir(host).resolve(seedFile.getFileName()),
                        "aria2c " + host.label());
            }
            return result.withOriginCpuSeconds(originCpu);
        }
    }

    /**
     * opentracker as packaged by Debian only tracks info hashes on its whitelist; it chroots into its own folder and
     * drops to user nobody, so the folder and the list must be readable by everyone.
     */
    private ChildProcess startTracker(Host origin, String infoHash) throws IOException, InterruptedException {
        Path root = Files.createDirectories(dir.resolve("opentracker"));
        Files.writeString(root.resolve("whitelist.txt"), infoHash + "\n");
        Files.writeString(root.resolve("opentracker.conf"), "access.whitelist /whitelist.txt\n");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("whitelist.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        String port = Integer.toString(TRACKER_PORT);
        ChildProcess tracker = ChildProcess.start("opentracker", origin.exec(List.of("opentracker",
                "-i", origin.address(), "-p", port, "-P", port, "-f", root.resolve("opentracker.conf").toString(),
                "-d", root.toString())), dir, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Netns.run(origin.exec(List.of("ss", "-Hltn", "sport = :" + port))).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("opentracker did not listen:" + System.lineSeparator()
                        + tracker.output());
            }
            Thread.sleep(100);
        }
        return tracker;
    }

    /** Waits until the tracker counts the seeder, so that every downloader's first announce lists it. */
    private static void awaitSeeder(Host origin, String infoHash, ChildProcess seeder)
            throws IOException, InterruptedException {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < infoHash.length(); i += 2) {
            escaped.append("%%").append(infoHash, i, i + 2);
        }
        // A plain HTTP scrape through bash's /dev/tcp, from inside the namespace: no HTTP client needed.
        String scrape = "exec 3<>/dev/tcp/" + origin.address() + "/" + TRACKER_PORT
                + "; printf 'GET /scrape?info_hash=" + escaped + " HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Netns.run(origin.exec(List.of("bash", "-c", scrape))).contains("8:completei1e")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the aria2c seeder did not announce:" + System.lineSeparator()
                        + seeder.output());
            }
            Thread.sleep(200);
        }
    }

    private static List<String> aria(List<String> options) {
        List<String> command = new ArrayList<>(List.of("aria2c"));
        command.addAll(COMMON);
        command.addAll(options);
        return command;
    }

    private Path outDir(Host host) {
        return dir.resolve("out-" + host.label());
    }
}
