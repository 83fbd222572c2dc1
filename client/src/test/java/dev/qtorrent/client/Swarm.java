package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A swarm on loopback for integration tests: the tracker jar as a process on 127.0.0.1, and client jars as processes,
 * each with a folder of its own (state folder, log, console output, downloads). The tracker's identity is made before
 * it starts, so that the tests' torrents carry its pin and name its port, as the torrents of a real tracker do.
 */
final class Swarm {
    static final Path CLIENT_JAR = Path.of(System.getProperty("qtorrent.client.jar", "target/client.jar"));
    static final Path TRACKER_JAR = Path.of(System.getProperty("qtorrent.tracker.jar",
            "../tracker/target/tracker.jar"));

    private final Path dir;
    private final int trackerPort;
    private final NodeIdentity trackerIdentity;
    private Process tracker;
    private final List<ClientProcess> clients = new ArrayList<>();
    private final Map<String, Metainfo> torrents = new HashMap<>();
    /** Who asks the tracker what it lists: a certificate of no peer in the swarm. */
    private final NodeIdentity observer = NodeIdentity.generate(NodeIdentity.Role.PEER, null);

    Swarm(Path dir) throws IOException {
        this.dir = dir;
        this.trackerPort = TrackerProcess.freeUdpPort();
        this.trackerIdentity = NodeIdentity.loadOrCreate(Files.createDirectories(dir.resolve("tracker/tls")),
                "127.0.0.1");
        Files.createDirectories(dir.resolve("tracker/seed"));
        Files.createDirectories(dir.resolve("torrents"));
        Files.createDirectories(dir.resolve("data"));
    }

    /** {@code size} bytes that every run of a test gets the same. */
    static byte[] randomData(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /**
     * Writes {@code data} as file {@code name} and its torrent, pinned to the tracker, into the tracker's seed folder:
     * with the data beside it when {@code trackerSeeds}, so that the tracker serves it, else alone, so that the tracker
     * only tracks it. Call before {@link #startTracker()}, which reads the folder once.
     */
    Metainfo torrent(String name, byte[] data, int pieceLength, boolean trackerSeeds) throws IOException {
        Path file = dir.resolve("data").resolve(name);
        Files.write(file, data);
        Metainfo metainfo = TorrentWriter.create(file, new TorrentWriter.Options("quic://127.0.0.1:" + trackerPort,
                trackerIdentity.fingerprint().hex(), pieceLength, null, false, Instant.EPOCH), HashProgress.none());
        TorrentWriter.write(metainfo, torrentFile(name));
        torrents.put(name, metainfo);
        Path seed = dir.resolve("tracker/seed");
        TorrentWriter.write(metainfo, seed.resolve(name + ".torrent"));
        if (trackerSeeds) {
            Files.write(seed.resolve(name), data);
        }
        return metainfo;
    }

    /** Starts the tracker jar on its port and waits until it serves. */
    void startTracker() throws IOException {
        Path folder = dir.resolve("tracker");
        ProcessBuilder builder = new ProcessBuilder(TrackerProcess.javaBin(), "-jar",
                TRACKER_JAR.toAbsolutePath().toString(), "--quic", String.valueOf(trackerPort), "--bind",
                "127.0.0.1", "--seed-dir", "seed", "--tls-dir", "tls", "--log-file", "tracker.log")
                .directory(folder.toFile()).redirectErrorStream(true);
        tracker = builder.start();
        TrackerProcess.startAndWait(tracker);
    }

    InetSocketAddress trackerAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), trackerPort);
    }

    Fingerprint trackerPin() {
        return trackerIdentity.fingerprint();
    }

    Path torrentFile(String name) {
        return dir.resolve("torrents").resolve(name + ".torrent");
    }

    /** Where client {@code who} writes its download of {@code name}. */
    Path output(String who, String name) {
        return dir.resolve(who).resolve(name);
    }

    /** The record of verified pieces that client {@code who}'s download of {@code name} keeps beside its part file. */
    Path progressFile(String who, String name) {
        return output(who, name).resolveSibling(name + ".part.progress");
    }

    /** Waits until a download has recorded at least {@code pieces} verified pieces in {@code progress}; how many. */
    static int awaitRecordedPieces(ClientProcess download, Path progress, int pieces) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int recorded = Files.exists(progress) ? recordedPieces(progress) : 0;
            if (recorded >= pieces) {
                return recorded;
            }
            assertTrue(download.isAlive(), download.name() + " ended before recording " + pieces + " pieces: "
                    + download.describe());
            assertTrue(System.nanoTime() < deadline, "no progress recorded: " + download.describe());
            Thread.sleep(50);
        }
    }

    /** The pieces a download's progress record lists as verified (a base64 bitfield under "have"). */
    static int recordedPieces(Path progress) {
        byte[] bits;
        try {
            bits = Base64.getDecoder().decode(new ObjectMapper().readTree(progress.toFile()).get("have").asText());
        } catch (IOException e) {
            // Replaced by a rename, so never seen half written; gone once the download is complete.
            return 0;
        }
        int count = 0;
        for (byte b : bits) {
            count += Integer.bitCount(b & 0xff);
        }
        return count;
    }

    /**
     * {@code client seed} of the torrent {@code name} from the data {@link #torrent} wrote; waits until the tracker
     * lists it, so that every download started after finds it.
     */
    ClientProcess seed(String who, String name) throws Exception {
        ClientProcess seed = client(who, "seed", torrentFile(name).toString(),
                dir.resolve("data").resolve(name).toString(), "127.0.0.1", String.valueOf(trackerPort),
                "--listen", "0", "--no-progress");
        awaitListed(name, seed);
        return seed;
    }

    /** Waits until the tracker lists {@code client} in the swarm of {@code name}, on the port its node serves. */
    void awaitListed(String name, ClientProcess client) throws Exception {
        int port = client.awaitServingPort();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (listed(name).stream().noneMatch(peer -> peer.port() == port)) {
            assertTrue(client.isAlive(), client.name() + " ended before the tracker listed it:\n" + client.describe());
            assertTrue(System.nanoTime() < deadline, "the tracker never listed " + client.name() + " on port " + port
                    + ":\n" + client.describe());
            Thread.sleep(100);
        }
    }

    /**
     * The peers the tracker lists for the torrent {@code name} now. Asked with a {@code stopped} announce, which
     * answers like any other but adds no entry, so that asking changes nothing in the swarm.
     */
    List<AnnounceResponse.Peer> listed(String name) throws Exception {
        try (NodeConnection connection = NodeConnection.connect("tracker", trackerAddress(),
                PinningTrustManager.pinned(trackerPin()), observer, QuicSettings.defaults(), Duration.ofSeconds(10))) {
            AnnounceRequest stopped = new AnnounceRequest(torrents.get(name).infoHash().hex(), "-TEST00-swarm-observer",
                    1, 0, 0, 1, AnnounceRequest.Event.STOPPED, AnnounceRequest.MAX_NUMWANT);
            return assertInstanceOf(AnnounceResponse.class, connection.exchange(stopped).get(10, TimeUnit.SECONDS))
                    .peers();
        }
    }

    /** {@code client download} of the torrent {@code name} into {@link #output}, serving peers on a free port. */
    ClientProcess download(String who, String name, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("download", torrentFile(name).toString(),
                output(who, name).toString(), "127.0.0.1", String.valueOf(trackerPort), "--listen", "0",
                "--no-progress"));
        args.addAll(List.of(extra));
        return client(who, args.toArray(String[]::new));
    }

    /** Starts the client jar with {@code args} and its own state folder and log, in {@code who}'s folder. */
    ClientProcess client(String who, String... args) throws IOException {
        Path home = Files.createDirectories(dir.resolve(who));
        List<String> command = new ArrayList<>(List.of(TrackerProcess.javaBin(), "-jar",
                CLIENT_JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--state-dir", home.resolve("state").toString()));
        Path console = home.resolve("console.txt");
        Path log = home.resolve("client.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        builder.environment().put("XDG_DATA_HOME", home.resolve("xdg").toString());
        builder.environment().put("QTORRENT_LOG_FILE", log.toString());
        ClientProcess client = new ClientProcess(who, builder.start(), console, log);
        clients.add(client);
        return client;
    }

    /** Asserts that {@code client} ended with exit code 0 within {@code seconds} and wrote exactly {@code data}. */
    void assertDownloaded(ClientProcess client, String name, byte[] data, int seconds) throws Exception {
        int code = client.awaitExit(Duration.ofSeconds(seconds));
        assertEquals(0, code, client.describe());
        assertArrayEquals(data, Files.readAllBytes(output(client.name(), name)), client.name() + "'s " + name);
    }

    /** The tracker's log, for assertion messages. */
    String trackerLog() throws IOException {
        Path log = dir.resolve("tracker/tracker.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Ends every process the swarm started: clients at once (SIGKILL), the tracker with SIGTERM. */
    void stop() throws InterruptedException {
        for (ClientProcess client : clients) {
            client.process().destroyForcibly();
        }
        for (ClientProcess client : clients) {
            client.process().waitFor(10, TimeUnit.SECONDS);
        }
        if (tracker != null) {
            tracker.destroy();
            if (!tracker.waitFor(10, TimeUnit.SECONDS)) {
                tracker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
