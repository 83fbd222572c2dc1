package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.peer.serve.ServerLimits;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose upload slots are full answers {@code busy} with a retry-after: the download waits and asks again, and
 * neither fails nor counts it against the piece.
 */
@Timeout(60)
class BusyNodeTest {
    @TempDir
    Path dir;

    @Test
    void aDownloadFromABusyNodeWaitsAndCompletes() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        byte[] data = new byte[64 * 16_384];
        new Random(11).nextBytes(data);
        Files.write(seed.resolve("many.bin"), data);
        // One piece at a time per connection: every request beyond the first of a burst is answered busy.
        ServerLimits oneSlot = new ServerLimits(16, 16, 1 << 20, 1, 1);
        try (TestTracker tracker = TestTracker.start(seed, QuicSettings.defaults(), oneSlot)) {
            SeededTorrent many = tracker.torrent("many.bin");
            Path output = dir.resolve("out/many.bin");
            CliHarness cli = new CliHarness();

            int code = cli.run("download", many.torrentFile(), output, "127.0.0.1", tracker.address().getPort(),
                    "--parallel", "8", "--retries", "1", "--no-listen");

            assertEquals(0, code, cli.err());
            assertArrayEquals(data, Files.readAllBytes(output));
            assertTrue(many.layout().pieceCount() > 8, "enough pieces for the slots to run out");
        }
    }
}
