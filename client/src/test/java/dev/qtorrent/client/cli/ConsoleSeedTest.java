package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.StopSignals;
import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /seed} in the console: it seeds until Ctrl-C, which ends the seeding and not the console. */
@Timeout(60)
class ConsoleSeedTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCEndsTheSeedAndTheConsoleGoesOn() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("hello_world.txt"), "Hello World!");
        try (TestTracker tracker = TestTracker.start(seed)) {
            String torrent = tracker.torrent("hello_world.txt").torrentFile().toString();
            StopSignals signals = StopSignals.unhandled();
            CliHarness console = new CliHarness("/seed \"" + torrent + "\" \"" + seed.resolve("hello_world.txt")
                    + "\" 127.0.0.1 " + tracker.address().getPort() + " --listen 0\n/info \"" + torrent
                    + "\"\n/quit\n", signals);
            CompletableFuture<Integer> session = CompletableFuture.supplyAsync(() -> console.run());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!console.err().contains("seeding hello_world.txt from") && System.nanoTime() < deadline) {
                assertTrue(!session.isDone(), "the console ended before seeding: " + console.err());
                Thread.sleep(20);
            }

            signals.deliver(StopSignals.Kind.INT);

            // Stopping the seed is the last command that ended by a signal, so the console ends with its code.
            assertEquals(ExitCode.INTERRUPTED.code(), session.get(30, TimeUnit.SECONDS), console.err());
            assertTrue(console.out().contains("stopped seeding hello_world.txt"), console.out());
            assertTrue(console.out().contains("Info hash:"), "the next line ran: " + console.out());
        }
    }
}
