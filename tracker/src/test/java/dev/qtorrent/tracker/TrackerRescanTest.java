package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.tracker.seed.SeedWatcher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker command's rescan, which SIGHUP runs: a file added to the seed folder of a tracker that does not watch
 * it is announced once a rescan is asked for.
 */
@Timeout(60)
class TrackerRescanTest {
    @TempDir
    Path dir;

    @Test
    void aRescanServesWhatWasAddedToTheSeedFolder() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<NodeServer> started = new CompletableFuture<>();
        TrackerCommand command = new TrackerCommand().onStarted(started::complete)
                .seedWatch(new SeedWatcher.Settings(Duration.ofMillis(300), false, Duration.ZERO));
        assertFalse(command.rescan(), "nothing to rescan before the tracker serves");
        StringWriter err = new StringWriter();
        var cli = TrackerMain.newCommandLine(command, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--quic",
                String.valueOf(port), "--bind", "127.0.0.1", "--seed-dir", dir.resolve("seed").toString(),
                "--tls-dir", dir.resolve("tls").toString(), "--log-file", dir.resolve("tracker.log").toString()));
        started.get(30, TimeUnit.SECONDS);
        Path torrentFile = dir.resolve("seed/late.bin.torrent");
        byte[] content = new byte[20_000];
        new Random(1).nextBytes(content);
        Files.write(dir.resolve("seed/late.bin"), content);
        Thread.sleep(700);
        assertFalse(Files.exists(torrentFile), "this tracker does not watch its folder");

        assertTrue(command.rescan());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(torrentFile) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Metainfo metainfo = Metainfo.load(torrentFile);
        try (NodeConnection connection = NodeConnection.connect("tracker",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                PinningTrustManager.pinned(new Fingerprint(metainfo.certificatePin().orElseThrow())),
                NodeIdentity.generate(NodeIdentity.Role.PEER, null), QuicSettings.defaults(), Duration.ofSeconds(5))) {
            Response answer = null;
            // The .torrent is written just before the torrent is served.
            while (!(answer instanceof AnnounceResponse) && System.nanoTime() < deadline) {
                answer = connection.exchange(new AnnounceRequest(metainfo.infoHash().hex(), "peer", 6881, 0, 0,
                        content.length, AnnounceRequest.Event.STARTED)).get(5, TimeUnit.SECONDS);
            }
            assertTrue(answer instanceof AnnounceResponse, String.valueOf(answer));
        } finally {
            command.stop();
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString());
    }
}
