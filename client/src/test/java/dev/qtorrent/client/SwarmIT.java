package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients downloading from each other while the tracker only tracks: the tracker jar and several client jars as
 * processes on loopback, real QUIC between all of them, each client with its own identity. Every download must end
 * byte for byte; where the bytes came from is read from the line each download logs at its end.
 */
@Timeout(120)
@EnabledOnOs({OS.LINUX, OS.MAC})
class SwarmIT {
    private static final String NAME = "shared.bin";
    /** 4 MiB in 64 KiB pieces: 64 pieces, enough for several sources to share the work. */
    private static final int SIZE = 4 << 20;
    private static final int PIECE = 64 * 1024;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private Swarm swarm;

    @BeforeEach
    void createSwarm() throws Exception {
        swarm = new Swarm(dir);
    }

    @AfterEach
    void stopSwarm() throws Exception {
        swarm.stop();
    }

    /** The tracker only tracks: every byte of the four downloads comes from the seeding client and the others. */
    @Test
    void oneSeedingClientAndFourDownloadersWhileTheTrackerOnlyTracks() throws Exception {
        byte[] data = Swarm.randomData(SIZE, 41);
        swarm.torrent(NAME, data, PIECE, false);
        swarm.startTracker();
        swarm.seed("seed", NAME);

        List<ClientProcess> downloads = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            downloads.add(swarm.download("downloader" + i, NAME));
        }
        for (ClientProcess download : downloads) {
            swarm.assertDownloaded(download, NAME, data, 60);
            ClientProcess.Received received = download.received();
            assertEquals(0, received.fromTracker(), "the tracker holds no data: " + download.describe());
            assertTrue(received.fromPeers() >= SIZE, download.describe());
            assertTrue(received.peers() >= 1, download.describe());
        }
    }

    /**
     * Downloads that start before any peer holds the data (the tracker only tracks) are not stuck for good: they
     * announce again while no source has what they miss, find the seeding client that started after them, and end.
     */
    @Test
    void downloadsThatStartBeforeTheSeedFindItByAnnouncingAgain() throws Exception {
        byte[] data = Swarm.randomData(SIZE, 59);
        swarm.torrent(NAME, data, PIECE, false);
        swarm.startTracker();
        List<ClientProcess> downloads = List.of(swarm.download("downloader1", NAME),
                swarm.download("downloader2", NAME));
        for (ClientProcess download : downloads) {
            swarm.awaitListed(NAME, download);
        }
        // The seed comes a little later, once the downloads have found each other and the tracker's counts tell them
        // of nobody new: only announcing again while stuck finds it then.
        Thread.sleep(3000);

        swarm.seed("seed", NAME);

        for (ClientProcess download : downloads) {
            swarm.assertDownloaded(download, NAME, data, 60);
            ClientProcess.Received received = download.received();
            assertEquals(0, received.fromTracker(), download.describe());
            assertTrue(received.fromPeers() >= SIZE, download.describe());
        }
    }

    /**
     * A download killed with SIGKILL while it fetches from a seeding client (the tracker only tracks) keeps what it
     * had verified: the same command fetches only the rest, from the peer, and ends byte for byte.
     */
    @Test
    void aDownloadKilledWithSigkillResumesFromItsPeers() throws Exception {
        byte[] data = Swarm.randomData(SIZE, 53);
        swarm.torrent(NAME, data, PIECE, false);
        swarm.startTracker();
        swarm.seed("seed", NAME);

        String[] slow = {"--max-rate", "512K"};
        ClientProcess first = swarm.download("downloader", NAME, slow);
        Path progress = swarm.progressFile("downloader", NAME);
        int kept = Swarm.awaitRecordedPieces(first, progress, 4);
        first.kill();
        kept = Math.max(kept, Swarm.recordedPieces(progress));
        assertTrue(kept < SIZE / PIECE, "the first run was not stopped before the end");

        ClientProcess second = swarm.download("downloader", NAME, slow);
        swarm.assertDownloaded(second, NAME, data, 60);
        ClientProcess.Received received = second.received();
        assertEquals(0, received.fromTracker(), second.describe());
        assertTrue(received.fromPeers() > 0, second.describe());
        assertTrue(received.fromPeers() < SIZE, "the resumed download fetched all " + SIZE + " bytes again although "
                + kept + " pieces were kept: " + second.describe());
        assertTrue(Files.notExists(progress), "the progress record is left behind");
    }
}
