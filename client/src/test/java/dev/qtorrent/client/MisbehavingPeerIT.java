package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.tls.NodeIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that lie, die or are not who the tracker says, met by a real client process: each is a {@link FixturePeer}
 * in the test's JVM, announced to the tracker jar like any peer. The download must end byte for byte from the
 * others, and the client's log must say what it did with the bad peer.
 */
@Timeout(120)
@EnabledOnOs({OS.LINUX, OS.MAC})
class MisbehavingPeerIT {
    private static final String NAME = "shared.bin";
    private static final int SIZE = 2 << 20;
    private static final int PIECE = 64 * 1024;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private Swarm swarm;
    private FixturePeer fixture;

    @BeforeEach
    void createSwarm() throws Exception {
        swarm = new Swarm(dir);
    }

    @AfterEach
    void stopSwarm() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        swarm.stop();
    }

    /**
     * A peer that holds every piece and sends each one wrong. The tracker seeds too, but serves only what no peer
     * holds, so the download asks the liar first: two pieces fail SHA-1, the liar is banned, and every byte that
     * counts comes from the tracker.
     */
    @Test
    void aPeerSendingWrongBytesIsBannedAndTheDownloadCompletesFromTheOthers() throws Exception {
        byte[] data = Swarm.randomData(SIZE, 61);
        Metainfo metainfo = swarm.torrent(NAME, data, PIECE, true);
        swarm.startTracker();
        NodeIdentity identity = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        fixture = new FixturePeer("-FX0001-lying-peer01", metainfo, data, identity, FixturePeer.Kind.LYING);
        fixture.announce(swarm.trackerAddress(), swarm.trackerPin(), identity);

        // Slowed, so that the tracker cannot send it all while the peer is being dialled.
        ClientProcess download = swarm.download("downloader", NAME, "--max-rate", "1M");
        swarm.assertDownloaded(download, NAME, data, 60);

        String banned = "banned peer " + fixture.peerId() + " at " + fixture.address() + ": 2 pieces failed SHA-1";
        assertTrue(download.logLine(banned).isPresent(), "not logged: " + banned + "\n" + download.describe());
        assertTrue(fixture.piecesStarted() >= 2, "the liar was asked for " + fixture.piecesStarted() + " pieces");
        ClientProcess.Received received = download.received();
        assertTrue(received.fromTracker() >= SIZE, "every good piece came from the tracker: " + download.describe());
    }

    /**
     * A peer that sends half a piece, then dies without a word (its socket gone, as a killed process's is), while a
     * seeding client holds every piece too and the tracker only tracks: the download gets the dead peer's pieces from
     * the seeding client instead. Pieces of 1 MiB are two of the server's 512 KiB chunks, so half of one is sent.
     */
    @Test
    void aPeerThatDiesInTheMiddleOfAPieceIsReplacedByTheOthers() throws Exception {
        byte[] data = Swarm.randomData(8 << 20, 67);
        Metainfo metainfo = swarm.torrent(NAME, data, 1 << 20, false);
        swarm.startTracker();
        NodeIdentity identity = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        fixture = new FixturePeer("-FX0001-dying-peer01", metainfo, data, identity, FixturePeer.Kind.DYING);
        fixture.announce(swarm.trackerAddress(), swarm.trackerPin(), identity);
        swarm.seed("seed", NAME);

        ClientProcess download = swarm.download("downloader", NAME);
        assertTrue(fixture.awaitMidPiece(Duration.ofSeconds(30)),
                "the dying peer was never asked for a piece: " + download.describe());
        // Let the half handed to QUIC reach the downloader, so that it holds part of a piece when the peer dies.
        Thread.sleep(300);
        fixture.die();

        swarm.assertDownloaded(download, NAME, data, 60);
        assertTrue(download.received().fromPeers() >= data.length, download.describe());
    }

    /**
     * The same with a real process: a seeding client killed with SIGKILL while it sends, the download slowed so that
     * pieces are on their way. The tracker seeds too, so the download fetches from the client (a peer is preferred to
     * the origin) until it dies, then notices the silence and gets the rest from the tracker.
     */
    @Test
    void aSeedingClientKilledWithSigkillWhileSendingIsReplacedByTheTracker() throws Exception {
        byte[] data = Swarm.randomData(4 << 20, 73);
        swarm.torrent(NAME, data, 256 * 1024, true);
        swarm.startTracker();
        ClientProcess seed = swarm.seed("seed", NAME);

        ClientProcess download = swarm.download("downloader", NAME, "--max-rate", "1M");
        Swarm.awaitRecordedPieces(download, swarm.progressFile("downloader", NAME), 6);
        seed.kill();

        swarm.assertDownloaded(download, NAME, data, 60);
        ClientProcess.Received received = download.received();
        assertTrue(received.fromPeers() > 0, "the seeding client sent nothing before it died: " + download.describe());
        assertTrue(received.fromTracker() > 0, download.describe());
    }

    /**
     * A peer that announced with one certificate and serves with another: the tracker lists the first, the download
     * pins it, so the handshake fails and the peer is never asked anything. The tracker seeds, and serves it all.
     */
    @Test
    void anImpostorWhoseCertificateIsNotTheListedOneIsRefused() throws Exception {
        byte[] data = Swarm.randomData(SIZE, 71);
        Metainfo metainfo = swarm.torrent(NAME, data, PIECE, true);
        swarm.startTracker();
        NodeIdentity listed = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        NodeIdentity presented = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
        fixture = new FixturePeer("-FX0001-impostor0001", metainfo, data, presented, FixturePeer.Kind.HONEST);
        fixture.announce(swarm.trackerAddress(), swarm.trackerPin(), listed);

        // Slowed, so that the download is still running when the dial fails.
        ClientProcess download = swarm.download("downloader", NAME, "--max-rate", "1M");
        swarm.assertDownloaded(download, NAME, data, 60);

        String refused = "cannot use peer " + fixture.peerId() + " at " + fixture.address() + ": ";
        List<String> lines = download.logLines(line -> line.contains(refused));
        assertTrue(!lines.isEmpty(), "not logged: " + refused + "...\n" + download.describe());
        assertTrue(lines.get(0).toLowerCase(Locale.ROOT).contains("certificate"), lines.get(0));
        assertEquals(0, fixture.requests(), "the impostor was sent requests");
        ClientProcess.Received received = download.received();
        assertEquals(0, received.fromPeers(), download.describe());
        assertTrue(received.fromTracker() >= SIZE, download.describe());
    }
}
