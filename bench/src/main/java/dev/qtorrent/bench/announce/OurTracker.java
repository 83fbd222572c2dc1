package dev.qtorrent.bench.announce;

import dev.qtorrent.bench.ChildProcess;
import dev.qtorrent.bench.ProcStat;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Our tracker, started by a given command (the launcher, the documented way, unless told otherwise) on a loopback
 * port, seeding a folder of small files: it writes a .torrent for each, and the benchmark reads the info hashes from
 * those with the project's own metainfo parser.
 */
final class OurTracker implements AutoCloseable {
    private static final String READY = "Press Ctrl-C to stop.";
    private static final String PIN = "Certificate SHA-256: ";
    private static final int FILE_BYTES = 1024;

    private final ChildProcess process;
    private final InetSocketAddress address;
    private final Fingerprint pin;
    private final List<String> infoHashes;
    private final double startSeconds;

    private OurTracker(ChildProcess process, InetSocketAddress address, Fingerprint pin, List<String> infoHashes,
                       double startSeconds) {
        this.process = process;
        this.address = address;
        this.pin = pin;
        this.infoHashes = infoHashes;
        this.startSeconds = startSeconds;
    }

    /**
     * Starts the tracker by {@code program} (its command before the tracker's own arguments), with {@code options}
     * added to the tracker's command line (such as its swarm store).
     */
    static OurTracker start(Path work, List<String> program, int torrents, List<String> options) throws IOException,
            InterruptedException {
        Path seed = Files.createDirectories(work.resolve("seed"));
        SplittableRandom random = new SplittableRandom();
        byte[] data = new byte[FILE_BYTES];
        for (int i = 0; i < torrents; i++) {
            random.nextBytes(data);
            Files.write(seed.resolve(String.format("file-%05d.bin", i)), data);
        }
        int port = freeUdpPort();
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of("--quic", Integer.toString(port), "--bind", "127.0.0.1", "--host", "127.0.0.1",
                "--seed-dir", "seed", "--tls-dir", "tls", "--log-file", "tracker.log"));
        command.addAll(options);
        ChildProcess process = ChildProcess.start("tracker", command, work, Map.of());
        boolean started = false;
        try {
            process.awaitLine(line -> line.contains(READY), Duration.ofMinutes(2)).orElseThrow(() ->
                    new IllegalStateException("the tracker did not start:" + System.lineSeparator()
                            + process.output()));
            double seconds = (System.nanoTime() - process.startNanos()) / 1e9;
            Fingerprint pin = Fingerprint.parse(process.lines().stream().filter(l -> l.startsWith(PIN))
                    .findFirst().orElseThrow(() -> new IllegalStateException("the tracker printed no " + PIN))
                    .substring(PIN.length()).trim());
            List<String> hashes = infoHashes(seed);
            if (hashes.size() != torrents) {
                throw new IllegalStateException("the tracker wrote " + hashes.size() + " .torrent files for "
                        + torrents + " files");
            }
            started = true;
            return new OurTracker(process, new InetSocketAddress("127.0.0.1", port), pin, hashes, seconds);
        } finally {
            if (!started) {
                process.close();
            }
        }
    }

    private static List<String> infoHashes(Path seed) throws IOException {
        List<String> hashes = new ArrayList<>();
        try (Stream<Path> files = Files.list(seed)) {
            for (Path torrent : files.filter(p -> p.toString().endsWith(".torrent")).sorted().toList()) {
                hashes.add(Metainfo.load(torrent).infoHash().hex());
            }
        }
        return hashes;
    }

    InetSocketAddress address() {
        return address;
    }

    Fingerprint pin() {
        return pin;
    }

    List<String> infoHashes() {
        return infoHashes;
    }

    double startSeconds() {
        return startSeconds;
    }

    double cpuSeconds() {
        return ProcStat.cpuSeconds(process.pid());
    }

    long peakRssBytes() {
        return ProcStat.peakRssBytes(process.pid());
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
