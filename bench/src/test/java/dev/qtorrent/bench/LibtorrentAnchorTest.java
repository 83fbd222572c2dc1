package dev.qtorrent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libtorrent anchor end to end on a small file: real libtorrent processes (Debian's python3-libtorrent) seeding
 * and downloading a torrent our own code wrote, as the tracker writes one. Skipped where libtorrent is missing.
 */
@Timeout(120)
class LibtorrentAnchorTest {
    private static final int SIZE = 3 << 20;

    @TempDir
    Path work;

    private LibtorrentAnchor anchor() throws Exception {
        Optional<LibtorrentAnchor> anchor = LibtorrentAnchor.find(work);
        Assumptions.assumeTrue(anchor.isPresent(),
                "python3-libtorrent is not installed: apt-get install python3-libtorrent");
        return anchor.get();
    }

    private Path torrent(Path seedFile) throws Exception {
        // A quic:// tracker and our certificate pin, as in the tracker's own torrents; libtorrent ignores both.
        byte[] torrent = TorrentWriter.create(seedFile, "quic://127.0.0.1:7001", "ab".repeat(32), 256 << 10,
                HashProgress.none()).toBytes();
        return Files.write(seedFile.resolveSibling(seedFile.getFileName() + ".torrent"), torrent);
    }

    @Test
    void downloadsTheSeedFileFromTheSeederAndMeasuresTheProcess() throws Exception {
        Path seed = Files.createDirectories(work.resolve("seed"));
        byte[] data = new byte[SIZE];
        new Random(7).nextBytes(data);
        Path seedFile = Files.write(seed.resolve("anchor.bin"), data);
        Path torrent = torrent(seedFile);
        try (LibtorrentAnchor anchor = anchor()) {
            assertTrue(anchor.describe().startsWith("libtorrent "), anchor.describe());
            anchor.startSeeder(torrent, seed);
            Path out = work.resolve("out");
            LibtorrentRun run = anchor.download(torrent, out, seedFile);
            assertEquals(SIZE, run.bytes());
            assertTrue(run.seconds() > 0 && run.cpuSeconds() > 0 && run.seederCpuSeconds() >= 0, run.toString());
            assertTrue(run.peakRss() > 10 << 20, run.toString());
            assertFalse(Files.exists(out), "the download is removed once checked");
        }
    }

    @Test
    void aSeedFileThatDoesNotMatchItsTorrentStopsTheSeeder() throws Exception {
        Path seed = Files.createDirectories(work.resolve("seed"));
        Path seedFile = Files.write(seed.resolve("anchor.bin"), new byte[SIZE]);
        Path torrent = torrent(seedFile);
        byte[] changed = new byte[SIZE];
        changed[SIZE - 1] = 1;
        Files.write(seedFile, changed);
        try (LibtorrentAnchor anchor = anchor()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> anchor.startSeeder(torrent, seed));
            assertTrue(e.getMessage().contains("the seed file does not match the torrent"), e.getMessage());
        }
    }
}
