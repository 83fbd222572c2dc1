package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download that does not stay to seed announces {@code stopped} as it ends, so the tracker stops listing a node
 * that went away with the process; other peers would otherwise be sent to a dead port until the entry expires.
 */
@Timeout(60)
class LeaveAnnounceTest {
    @TempDir
    Path dir;
    private TestTracker tracker;

    @BeforeEach
    void startTracker() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("hello_world.txt"), "Hello World!");
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    @Test
    void aFinishedDownloadLeavesThePeerList() throws Exception {
        SeededTorrent hello = tracker.torrent("hello_world.txt");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", hello.torrentFile(), dir.resolve("out/hello_world.txt"), "127.0.0.1",
                tracker.address().getPort(), "--listen", "0");

        assertEquals(0, code, cli.err());
        assertEquals(List.of(), otherPeers(hello), "only the tracker itself is left to download from");
    }

    /** The peers a new downloader is sent, the tracker's own entry left out. */
    private List<AnnounceResponse.Peer> otherPeers(SeededTorrent torrent) throws Exception {
        try (NodeConnection connection = tracker.connect()) {
            AnnounceRequest announce = new AnnounceRequest(torrent.infoHash().hex(), "-TEST00-newcomer0001", 7000,
                    0, 0, torrent.layout().totalLength(), AnnounceRequest.Event.STARTED, 50);
            AnnounceResponse answer = assertInstanceOf(AnnounceResponse.class,
                    connection.exchange(announce).get(10, TimeUnit.SECONDS));
            return answer.peers().stream()
                    .filter(peer -> !peer.certSha256().equals(tracker.identity().fingerprint().toString()))
                    .toList();
        }
    }
}
