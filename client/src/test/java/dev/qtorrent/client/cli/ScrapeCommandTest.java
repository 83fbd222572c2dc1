package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceRequest.Event;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code client scrape} against a real tracker over loopback QUIC: the counts of each torrent, in one request. */
@Timeout(60)
class ScrapeCommandTest {
    @TempDir
    Path dir;
    private TestTracker tracker;

    @BeforeEach
    void startTracker() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("a.txt"), "first torrent");
        Files.writeString(seed.resolve("b.txt"), "second torrent");
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    @Test
    void eachTorrentGetsItsSeedsLeechersAndDownloads() throws Exception {
        Metainfo a = Metainfo.load(tracker.torrent("a.txt").torrentFile());
        try (NodeConnection peer = tracker.connect(NodeIdentity.generate(NodeIdentity.Role.PEER, null))) {
            announce(peer, new AnnounceRequest(a.infoHash().hex(), "-QT0100-leecher00000", 6881, 0, 0, 13,
                    Event.STARTED));
            announce(peer, new AnnounceRequest(a.infoHash().hex(), "-QT0100-seed00000000", 6882, 0, 13, 0,
                    Event.COMPLETED));
        }
        CliHarness cli = new CliHarness();

        // The tracker's torrents name port 7001: the test tracker listens elsewhere.
        int code = cli.run("scrape", tracker.torrent("a.txt").torrentFile(), MagnetLink.of(Metainfo.load(
                tracker.torrent("b.txt").torrentFile())).toString(), "--port", tracker.address().getPort());

        assertEquals(0, code, cli.err());
        // The tracker seeds both, so it counts as a seed of each, as in announce answers.
        assertTrue(cli.out().matches("(?s)a\\.txt\\s+2 seeds, 1 leecher, 1 download completed  "
                + a.infoHash().hex() + "\\R.*"), cli.out());
        assertTrue(cli.out().contains("b.txt  1 seed, 0 leechers, 0 downloads completed"), cli.out());
    }

    @Test
    void aTorrentTheTrackerDoesNotKnowIsReportedAsSuch() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("c.txt"), "not on that tracker");
        try (TestTracker elsewhere = TestTracker.start(other, tracker.identity())) {
            CliHarness cli = new CliHarness();

            int code = cli.run("scrape", elsewhere.torrent("c.txt").torrentFile(), "--port",
                    tracker.address().getPort());

            assertEquals(0, code, cli.err());
            assertTrue(cli.out().contains("c.txt  not known to the tracker at"), cli.out());
        }
    }

    private static void announce(NodeConnection connection, AnnounceRequest request) throws Exception {
        assertTrue(connection.exchange(request).get(10, TimeUnit.SECONDS) instanceof AnnounceResponse);
    }
}
