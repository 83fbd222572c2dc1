package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.tracker.TestTracker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client seed} as a process, with a tracker that only tracks the torrent (its seed folder holds the .torrent,
 * not the data): the tracker lists the seeding client with its real port and certificate; a peer pinning that
 * certificate gets every piece byte for byte, one pinning another fails the handshake; Ctrl-C announces stopped,
 * so the tracker stops listing the client, and the client exits 130. For a private torrent the seed serves the peers
 * the tracker lists, asking it about those that joined after the seed's announce.
 */
@Timeout(120)
@EnabledOnOs({OS.LINUX, OS.MAC})
class SeedIT {
    private static final Path CLIENT_JAR = Path.of(System.getProperty("qtorrent.client.jar", "target/client.jar"));
    private static final int PIECE = 16 * 1024;
    private static final Pattern SERVING = Pattern.compile("serving peers on udp port (\\d+)");

    @TempDir
    Path dir;
    private byte[] data;
    private Metainfo metainfo;
    private TestTracker tracker;
    private final NodeIdentity downloader = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void startTracker() throws Exception {
        data = new byte[10 * PIECE + 123];
        new Random(23).nextBytes(data);
        Path file = Files.createDirectories(dir.resolve("data")).resolve("shared.bin");
        Files.write(file, data);
        metainfo = TorrentWriter.create(file, new TorrentWriter.Options("quic://127.0.0.1:1", null, PIECE, null,
                false, Instant.EPOCH), HashProgress.none());
        Path seed = Files.createDirectories(dir.resolve("seed"));
        TorrentWriter.write(metainfo, seed.resolve("shared.bin.torrent"));
        TorrentWriter.write(metainfo, dir.resolve("shared.bin.torrent"));
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopEverything() {
        started.forEach(Process::destroyForcibly);
        tracker.close();
    }

    @Test
    void aSeedingClientIsListedServesItsPiecesAndLeavesOnCtrlC() throws Exception {
        Path log = dir.resolve("seed.log");
        Process seed = seed(log);
        int port = awaitPort(seed, log);

        Optional<AnnounceResponse.Peer> found = awaitListed(port);
        assertTrue(found.isPresent(), "the tracker does not list the seed on port " + port + ": " + read(log));
        AnnounceResponse.Peer listed = found.get();
        assertEquals("127.0.0.1", listed.ip());
        InetSocketAddress address = new InetSocketAddress(listed.ip(), listed.port());
        try (NodeConnection peer = NodeConnection.connect("peer", address,
                PinningTrustManager.pinned(new Fingerprint(listed.certSha256())), downloader,
                QuicSettings.defaults(), Duration.ofSeconds(5))) {
            String hash = metainfo.infoHash().hex();
            for (int index = 0; index < metainfo.info().pieceCount(); index++) {
                Answer answer = peer.exchange(new PieceRequest(hash, index), PIECE).get(10, TimeUnit.SECONDS);
                int from = index * PIECE;
                assertArrayEquals(Arrays.copyOfRange(data, from, Math.min(data.length, from + PIECE)),
                        answer.payload(), "piece " + index);
            }
        }
        NodeIdentity other = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        assertThrows(CertificatePinException.class, () -> NodeConnection.connect("peer", address,
                PinningTrustManager.pinned(other.fingerprint()), downloader, QuicSettings.defaults(),
                Duration.ofSeconds(5)).close());

        ProcessSignals.send(seed, "INT");
        assertTrue(seed.waitFor(30, TimeUnit.SECONDS), "the seed did not end: " + read(log));
        assertEquals(130, seed.exitValue(), read(log));
        assertTrue(read(log).contains("stopped seeding shared.bin"), read(log));
        // Gone at once, not when its entry expires: the client announced stopped on its way out.
        assertEquals(Optional.empty(), peerOnPort(port));
    }

    /**
     * A client whose jar is rebuilt in place while it seeds can no longer load the classes its stop needs; it still
     * exits on Ctrl-C, saying why, instead of staying alive on its event loops' threads.
     */
    @Test
    void aSeedingClientWhoseJarWasRewrittenStillExitsOnCtrlC() throws Exception {
        Path jar = dir.resolve("client-copy.jar");
        Files.copy(CLIENT_JAR, jar);
        Path log = dir.resolve("seed.log");
        Process seed = seed(log, jar);
        awaitPort(seed, log);
        // Written over in place, as a build does, rather than replaced: the open jar no longer holds the classes.
        try (ZipOutputStream empty = new ZipOutputStream(Files.newOutputStream(jar))) {
            empty.putNextEntry(new ZipEntry("empty.txt"));
        }
        ProcessSignals.send(seed, "INT");
        assertTrue(seed.waitFor(20, TimeUnit.SECONDS), "the seed did not end: " + read(log));
        assertEquals(1, seed.exitValue(), read(log));
        assertTrue(read(log).contains("client: internal error: java.lang.NoClassDefFoundError"), read(log));
    }

    @Test
    void dataThatDoesNotMatchIsNotSeeded() throws Exception {
        byte[] damaged = data.clone();
        damaged[3 * PIECE] ^= 1;
        Files.write(dir.resolve("data/shared.bin"), damaged);
        Path log = dir.resolve("seed.log");
        Process seed = seed(log);
        assertTrue(seed.waitFor(60, TimeUnit.SECONDS), read(log));
        assertEquals(7, seed.exitValue(), read(log));
        assertTrue(read(log).contains("1 of 11 pieces differ"), read(log));
    }

    /**
     * A private torrent: the seed serves a downloader the tracker listed to it (announced before the seed started, so
     * in the seed's first peer list) and refuses one it never listed.
     */
    @Test
    void aPrivateTorrentIsServedOnlyToListedPeers() throws Exception {
        trackPrivateTorrent();
        assertEquals(Optional.empty(), peerOnPort(1), "the downloader announces before the seed starts");

        Path log = dir.resolve("seed.log");
        Process seed = seed(log);
        int port = awaitPort(seed, log);
        Optional<AnnounceResponse.Peer> listed = awaitListed(port);
        assertTrue(listed.isPresent(), read(log));
        PinningTrustManager pin = PinningTrustManager.pinned(new Fingerprint(listed.get().certSha256()));
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        String hash = metainfo.infoHash().hex();
        try (NodeConnection known = NodeConnection.connect("peer", address, pin, downloader,
                QuicSettings.defaults(), Duration.ofSeconds(5))) {
            Answer answer = known.exchange(new PieceRequest(hash, 0), PIECE).get(10, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOf(data, PIECE), answer.payload());
        }
        try (NodeConnection stranger = NodeConnection.connect("peer", address, pin,
                NodeIdentity.generate(NodeIdentity.Role.PEER, null), QuicSettings.defaults(), Duration.ofSeconds(5))) {
            ErrorResponse refused = assertInstanceOf(ErrorResponse.class,
                    stranger.exchange(new PieceRequest(hash, 0)).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorCode.NOT_LISTED, refused.errorCode(), refused.error());
        }
    }

    /**
     * A private torrent: a peer that joins the swarm after the seed's announce is in none of the seed's peer lists;
     * the seed asks the tracker about it and serves it, and refuses a certificate the tracker does not list.
     */
    @Test
    void aPrivateTorrentSeedAsksTheTrackerAboutAPeerThatJoinedAfterIt() throws Exception {
        trackPrivateTorrent();
        Path log = dir.resolve("seed.log");
        Process seed = seed(log);
        int port = awaitPort(seed, log);
        Optional<AnnounceResponse.Peer> listed = awaitListed(port);
        assertTrue(listed.isPresent(), read(log));
        // Listed means the seed has announced; its next announce is an interval (60 s) away.
        NodeIdentity joiner = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        try (NodeConnection connection = tracker.connect(joiner)) {
            assertInstanceOf(AnnounceResponse.class, connection.exchange(new AnnounceRequest(
                    metainfo.infoHash().hex(), "-TEST00-joiner000001", 7001, 0, 0, metainfo.info().totalLength(),
                    AnnounceRequest.Event.STARTED)).get(10, TimeUnit.SECONDS));
        }
        PinningTrustManager pin = PinningTrustManager.pinned(new Fingerprint(listed.get().certSha256()));
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        String hash = metainfo.infoHash().hex();
        try (NodeConnection peer = NodeConnection.connect("peer", address, pin, joiner, QuicSettings.defaults(),
                Duration.ofSeconds(5))) {
            Answer answer = peer.exchange(new PieceRequest(hash, 1), PIECE).get(10, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOfRange(data, PIECE, 2 * PIECE), answer.payload(),
                    answer.header() + "\n" + read(log));
        }
        NodeIdentity stranger = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        try (NodeConnection peer = NodeConnection.connect("peer", address, pin, stranger, QuicSettings.defaults(),
                Duration.ofSeconds(5))) {
            ErrorResponse refused = assertInstanceOf(ErrorResponse.class,
                    peer.exchange(new PieceRequest(hash, 1)).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorCode.NOT_LISTED, refused.errorCode(), refused.error());
            assertTrue(refused.error().contains("the tracker does not list it"), refused.error());
        }
    }

    /** Restarts the tracker tracking a private (BEP 27) torrent of the same data. */
    private void trackPrivateTorrent() throws Exception {
        tracker.close();
        metainfo = TorrentWriter.create(dir.resolve("data/shared.bin"), new TorrentWriter.Options(
                "quic://127.0.0.1:1", null, PIECE, null, true, Instant.EPOCH), HashProgress.none());
        Path seedFolder = dir.resolve("seed");
        TorrentWriter.write(metainfo, seedFolder.resolve("shared.bin.torrent"));
        TorrentWriter.write(metainfo, dir.resolve("shared.bin.torrent"));
        tracker = TestTracker.start(seedFolder);
    }

    /** {@code download --seed-time 2s} stays after the download, then leaves by itself and says so. */
    @Test
    void aDownloadWithSeedTimeStaysThenEndsByItself() throws Exception {
        Path origin = Files.createDirectories(dir.resolve("origin"));
        Files.write(origin.resolve("shared.bin"), data);
        try (TestTracker seeding = TestTracker.start(origin)) {
            Path log = dir.resolve("download.log");
            Process download = client(log, "download", seeding.torrent("shared.bin").torrentFile().toString(),
                    "out/shared.bin", "127.0.0.1", String.valueOf(seeding.address().getPort()), "--listen", "0",
                    "--seed-time", "2s", "--no-progress");
            assertTrue(download.waitFor(60, TimeUnit.SECONDS), "the download did not end: " + read(log));
            assertEquals(0, download.exitValue(), read(log));
            assertArrayEquals(data, Files.readAllBytes(dir.resolve("out/shared.bin")));
            Matcher serving = SERVING.matcher(read(log));
            assertTrue(serving.find(), read(log));
            assertTrue(read(log).contains("stopped seeding shared.bin"), read(log));
        }
    }

    /**
     * A client still downloading (slowed by --max-rate) is listed with its port and serves the pieces it has verified;
     * its last piece, not fetched yet, is refused as not available.
     */
    @Test
    void aDownloadingClientServesWhatItHasVerifiedOnly() throws Exception {
        byte[] big = new byte[64 * PIECE];
        new Random(29).nextBytes(big);
        Path origin = Files.createDirectories(dir.resolve("origin"));
        Files.write(origin.resolve("big.bin"), big);
        try (TestTracker seeding = TestTracker.start(origin)) {
            Path log = dir.resolve("download.log");
            Process download = client(log, "download", seeding.torrent("big.bin").torrentFile().toString(),
                    "out/big.bin", "127.0.0.1", String.valueOf(seeding.address().getPort()), "--listen", "0",
                    "--max-rate", "96K", "--parallel", "1", "--no-progress");
            Metainfo torrent = seeding.torrent("big.bin").metainfo();
            String hash = torrent.infoHash().hex();
            int port = awaitPort(download, log, "serving peers on udp port");
            Optional<AnnounceResponse.Peer> listed = awaitListed(seeding, torrent, port);
            assertTrue(listed.isPresent(), "not listed on port " + port + ": " + read(log));
            try (NodeConnection peer = NodeConnection.connect("peer", new InetSocketAddress("127.0.0.1", port),
                    PinningTrustManager.pinned(new Fingerprint(listed.get().certSha256())), downloader,
                    QuicSettings.defaults(), Duration.ofSeconds(5))) {
                ErrorResponse last = assertInstanceOf(ErrorResponse.class,
                        peer.exchange(new PieceRequest(hash, 63)).get(10, TimeUnit.SECONDS));
                assertEquals(ErrorCode.PIECE_NOT_AVAILABLE, last.errorCode(), last.error());
                assertTrue(download.isAlive(), "the download ended before the check: " + read(log));
                Answer first = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (first == null && System.nanoTime() < deadline) {
                    Answer answer = peer.exchange(new PieceRequest(hash, 0), PIECE).get(10, TimeUnit.SECONDS);
                    first = answer.header() instanceof PieceResponse ? answer : null;
                    Thread.sleep(first == null ? 100 : 0);
                }
                assertTrue(first != null, "piece 0 never served: " + read(log));
                assertArrayEquals(Arrays.copyOf(big, PIECE), first.payload());
            }
        }
    }

    private Process seed(Path log) throws IOException {
        return seed(log, CLIENT_JAR);
    }

    private Process seed(Path log, Path jar) throws IOException {
        return client(log, jar, "seed", "shared.bin.torrent", "data/shared.bin", "127.0.0.1",
                String.valueOf(tracker.address().getPort()), "--pin", tracker.identity().fingerprint().toString(),
                "--listen", "0", "--no-progress");
    }

    private Process client(Path log, String... args) throws IOException {
        return client(log, CLIENT_JAR, args);
    }

    private Process client(Path log, Path jar, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(TrackerProcess.javaBin(), "-jar",
                jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        if (ProcessSignals.ignored(ProcessSignals.SIGINT)) {
            // A shell without job control starts background jobs with SIGINT ignored, and children inherit that.
            command.addAll(0, List.of("env", "--default-signal=INT"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("XDG_DATA_HOME", dir.resolve("state").toString());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static int awaitPort(Process process, Path log) throws Exception {
        return awaitPort(process, log, "Ctrl-C to stop");
    }

    private static int awaitPort(Process process, Path log, String ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(read(log));
            if (serving.find() && read(log).contains(ready)) {
                return Integer.parseInt(serving.group(1));
            }
            assertTrue(process.isAlive(), "the seed ended: " + read(log));
            Thread.sleep(100);
        }
        throw new AssertionError("the seed did not start: " + read(log));
    }

    private Optional<AnnounceResponse.Peer> awaitListed(int port) throws Exception {
        return awaitListed(tracker, metainfo, port);
    }

    private Optional<AnnounceResponse.Peer> awaitListed(TestTracker at, Metainfo torrent, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Optional<AnnounceResponse.Peer> listed = peerOnPort(at, torrent, port);
        while (listed.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            listed = peerOnPort(at, torrent, port);
        }
        return listed;
    }

    private Optional<AnnounceResponse.Peer> peerOnPort(int port) throws Exception {
        return peerOnPort(tracker, metainfo, port);
    }

    /** Asks the tracker, as a downloader would, for the swarm's peers, and picks the one on {@code port}. */
    private Optional<AnnounceResponse.Peer> peerOnPort(TestTracker at, Metainfo torrent, int port) throws Exception {
        try (NodeConnection connection = at.connect(downloader)) {
            AnnounceRequest announce = new AnnounceRequest(torrent.infoHash().hex(), "-TEST00-downloader01",
                    7000, 0, 0, torrent.info().totalLength(), AnnounceRequest.Event.STARTED, 50);
            AnnounceResponse answer = assertInstanceOf(AnnounceResponse.class,
                    connection.exchange(announce).get(10, TimeUnit.SECONDS));
            assertNotEquals(0, answer.interval());
            return answer.peers().stream().filter(peer -> peer.port() == port).findFirst();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
