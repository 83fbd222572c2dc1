package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.seed.SeedCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The tracker lists at start what it tracks without data, in its banner and its log. */
@Timeout(60)
class TrackedTorrentBannerTest {
    @TempDir
    Path dir;

    @Test
    void bannerAndLogListALoneTorrentAsTracked() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("here.txt"), "seeded");
        Path data = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("foo.iso"),
                "not in the seed folder");
        Metainfo lone = TorrentWriter.create(data, "quic://127.0.0.1:7001",
                NodeIdentity.generate("127.0.0.1").fingerprint().hex(), 16384, (done, total) -> { });
        Path torrentFile = seed.resolve("foo.torrent");
        TorrentWriter.write(lone, torrentFile);
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger catalogLog = (Logger) LoggerFactory.getLogger(SeedCatalog.class);
        log.start();
        catalogLog.addAppender(log);
        CompletableFuture<NodeServer> started = new CompletableFuture<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        TrackerCommand command = new TrackerCommand().onStarted(started::complete);
        var cli = TrackerMain.newCommandLine(command, new PrintWriter(out, true), new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--quic",
                String.valueOf(port), "--bind", "127.0.0.1", "--seed-dir", seed.toString(),
                "--tls-dir", dir.resolve("tls").toString(), "--log-file", dir.resolve("tracker.log").toString()));
        try {
            started.get(30, TimeUnit.SECONDS);
        } finally {
            command.stop();
            assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.toString());
            catalogLog.detachAppender(log);
        }

        List<String> banner = Arrays.asList(out.toString().split("\n"));
        assertTrue(banner.contains("Seeding 1 torrent and tracking 1 from " + seed.toAbsolutePath().normalize()
                + ":"), out.toString());
        assertTrue(banner.contains("  tracking foo.iso (no data here)  info hash " + lone.infoHash().hex() + "  -> "
                + torrentFile), out.toString());
        assertTrue(banner.stream().noneMatch(line -> line.contains("not serving")), out.toString());
        assertTrue(log.list.stream().map(ILoggingEvent::getFormattedMessage).anyMatch(line -> line.equals(
                torrentFile + ": no data here; tracking it without serving its pieces (info hash "
                        + lone.infoHash().hex() + ")")), log.list.toString());
    }
}
