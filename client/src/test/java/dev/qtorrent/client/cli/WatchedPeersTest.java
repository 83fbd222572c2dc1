package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.qtorrent.client.StopSignals;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse.Peer;
import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download finds a peer through the tracker's watch alone, over real QUIC on loopback: the tracker here lists
 * nobody in its announce answers, so the only way the downloader can learn of the seeding client is the watch line
 * that says it joined.
 */
@Timeout(60)
class WatchedPeersTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path dir;
    private RecordingTracker tracker;
    private final StopSignals seedSignals = StopSignals.unhandled();
    private final CliHarness seeder = new CliHarness("", seedSignals);
    private CompletableFuture<Integer> seeding;

    @BeforeEach
    void startTracker() throws Exception {
        tracker = new RecordingTracker();
    }

    @AfterEach
    void stop() throws Exception {
        if (seeding != null && !seeding.isDone()) {
            seedSignals.deliver(StopSignals.Kind.INT);
            seeding.get(30, TimeUnit.SECONDS);
        }
        tracker.close();
    }

    @Test
    void aPeerTheWatchReportsIsDialledAndServesTheDownload() throws Exception {
        byte[] data = new byte[5 * PIECE + 123];
        new Random(5).nextBytes(data);
        Path file = Files.write(dir.resolve("data.bin"), data);
        Metainfo metainfo = TorrentWriter.create(file, new TorrentWriter.Options(tracker.announceUrl(),
                tracker.identity().fingerprint().hex(), PIECE, null, false, Instant.EPOCH), HashProgress.none());
        Path torrent = dir.resolve("data.bin.torrent");
        TorrentWriter.write(metainfo, torrent);

        seeding = CompletableFuture.supplyAsync(() -> seeder.run("seed", torrent, file, "--listen", "0",
                "--state-dir", dir.resolve("seeder-state")));
        await(() -> tracker.announces().stream().anyMatch(a -> a.event() == AnnounceRequest.Event.STARTED),
                "the seeder's first announce");
        AnnounceRequest seeded = tracker.announces().get(0);
        Fingerprint seederCertificate = tracker.announcer();
        assertNotNull(seederCertificate);

        CliHarness downloader = new CliHarness();
        Path output = dir.resolve("out/data.bin");
        CompletableFuture<Integer> downloading = CompletableFuture.supplyAsync(() -> downloader.run("download",
                torrent, output, "--state-dir", dir.resolve("downloader-state")));
        await(() -> tracker.watches() > 0 || downloading.isDone(), "the downloader's watch");
        assertFalse(downloading.isDone(), "the download ended before it watched: " + downloader.err());
        tracker.tell(new SwarmChangeResponse(metainfo.infoHash().hex(), SwarmChangeResponse.Change.JOINED,
                new Peer(seeded.peerId(), "127.0.0.1", seeded.port(), seederCertificate.hex()), true));

        assertEquals(0, downloading.get(30, TimeUnit.SECONDS), downloader.err());
        assertArrayEquals(data, Files.readAllBytes(output));
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what + "; seeder: " + seeder.err());
            }
            Thread.sleep(20);
        }
    }
}
