package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A tracker that seeds is the origin: downloads take from it only what no connected peer holds, so clients that have
 * pieces take its load. The tracker jar and the client jars run as processes on loopback; where each download's bytes
 * came from is read from the line it logs at its end.
 */
@Timeout(120)
@EnabledOnOs({OS.LINUX, OS.MAC})
class OffloadIT {
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

    /**
     * The tracker seeds, and so does a client: a connected peer holds every piece, so the downloaders take (nearly)
     * nothing from the tracker, which serves only what no peer can.
     */
    @Test
    void aSeedingClientOffloadsTheSeedingTracker() throws Exception {
        byte[] data = Swarm.randomData(SIZE, 43);
        swarm.torrent(NAME, data, PIECE, true);
        swarm.startTracker();
        swarm.seed("seed", NAME);

        // Slowed, so that dialling the seed takes a small part of the download, as it does with a file of any size:
        // until a peer is connected the tracker is the only source.
        List<ClientProcess> downloads = List.of(swarm.download("downloader1", NAME, "--max-rate", "2M"),
                swarm.download("downloader2", NAME, "--max-rate", "2M"));
        long fromTracker = 0;
        for (ClientProcess download : downloads) {
            swarm.assertDownloaded(download, NAME, data, 60);
            ClientProcess.Received received = download.received();
            assertTrue(received.fromPeers() >= SIZE / 2, download.describe());
            fromTracker += received.fromTracker();
        }
        assertTrue(fromTracker < SIZE, "the tracker sent " + fromTracker + " bytes to two downloaders of " + SIZE
                + " although a seeding client was connected to both");
    }

    /**
     * The tracker seeds and four downloaders start together, each slowed so that they overlap: the pieces one of them
     * has come from it rather than from the tracker, so the tracker sends at most half of the four copies.
     */
    @Test
    void downloadersOffloadTheSeedingTrackerToEachOther() throws Exception {
        byte[] data = Swarm.randomData(SIZE, 47);
        swarm.torrent(NAME, data, PIECE, true);
        swarm.startTracker();

        List<ClientProcess> downloads = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            downloads.add(swarm.download("downloader" + i, NAME, "--max-rate", "512K"));
        }
        long fromTracker = 0;
        long fromPeers = 0;
        for (ClientProcess download : downloads) {
            swarm.assertDownloaded(download, NAME, data, 60);
            ClientProcess.Received received = download.received();
            fromTracker += received.fromTracker();
            fromPeers += received.fromPeers();
        }
        assertTrue(fromTracker <= 2L * SIZE, "the tracker sent " + fromTracker + " bytes, more than 2 of the 4 "
                + "copies (" + SIZE + " bytes each); peers sent " + fromPeers);
        assertTrue(fromPeers >= SIZE / 2, "peers sent only " + fromPeers + " bytes to each other");
    }
}
