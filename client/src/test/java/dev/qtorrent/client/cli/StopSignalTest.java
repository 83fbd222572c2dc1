package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.client.StopSignals;
import dev.qtorrent.tracker.TestTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM during a download, delivered to {@link StopSignals} by hand in this JVM (the operating system's
 * own signals are exercised by {@code StopSignalIT}): the download saves its progress, says exactly what it kept,
 * returns 130 or 143, and the same command resumes from there.
 */
@Timeout(90)
class StopSignalTest {
    /** 4 MiB in 16 KiB pieces: 256 pieces, about four seconds under a 1 MiB/s limit. */
    private static final int SIZE = 4 << 20;
    private static final int PIECES = SIZE / 16_384;

    @TempDir
    Path dir;
    private byte[] data;
    private TestTracker tracker;

    @BeforeEach
    void startTracker() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        data = new byte[SIZE];
        new Random(3).nextBytes(data);
        Files.write(seed.resolve("big.bin"), data);
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private Object[] command(Path output, String... extra) {
        Object[] base = {"download", tracker.torrent("big.bin").torrentFile(), output, "127.0.0.1",
            tracker.address().getPort()};
        Object[] all = new Object[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** The pieces the progress record beside {@code part} names. */
    static int recorded(Path part) throws IOException {
        byte[] bits = Base64.getDecoder().decode(new ObjectMapper()
                .readTree(part.resolveSibling(part.getFileName() + ".progress").toFile()).get("have").asText());
        int count = 0;
        for (byte b : bits) {
            count += Integer.bitCount(b & 0xff);
        }
        return count;
    }

    static void awaitProgress(Path part, CompletableFuture<Integer> run, Supplier<String> log) throws Exception {
        Path progress = part.resolveSibling(part.getFileName() + ".progress");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(progress)) {
            assertFalse(run.isDone(), "ended before any progress was recorded: " + log.get());
            assertTrue(System.nanoTime() < deadline, "no progress recorded: " + log.get());
            Thread.sleep(20);
        }
    }

    @Test
    void interruptStopsTheDownloadWithItsProgressAndTheSameCommandResumes() throws Exception {
        Path output = dir.resolve("big.bin");
        Path part = dir.resolve("big.bin.part").toAbsolutePath();
        StopSignals signals = StopSignals.unhandled();
        CliHarness cli = new CliHarness("", signals);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cli.run(command(output, "--max-rate", "1M")));
        awaitProgress(part, run, cli::err);

        signals.deliver(StopSignals.Kind.INT);

        assertEquals(ExitCode.INTERRUPTED.code(), run.get(30, TimeUnit.SECONDS), cli.err());
        int kept = recorded(part);
        assertTrue(kept > 0 && kept < PIECES, "kept " + kept);
        assertTrue(cli.err().contains("stopped: " + kept + " of " + PIECES + " pieces kept in " + part
                + "; the same command resumes"), cli.err());
        assertFalse(cli.err().contains("run the same command again"), "one message, not two: " + cli.err());
        assertFalse(Files.exists(output));
        assertFalse(Files.exists(dir.resolve("big.bin.part.lock")), "the lock goes with the stopped download");

        long before = tracker.torrent("big.bin").piecesServed().sum();
        CliHarness again = new CliHarness();
        assertEquals(0, again.run(command(output)), again.err());
        assertTrue(again.err().contains("resuming: " + kept + " of " + PIECES), again.err());
        assertEquals(PIECES - kept, tracker.torrent("big.bin").piecesServed().sum() - before,
                "only the missing pieces are fetched");
        assertArrayEquals(data, Files.readAllBytes(output));
    }

    @Test
    void terminateSavesProgressAndReturns143() throws Exception {
        Path output = dir.resolve("big.bin");
        Path part = dir.resolve("big.bin.part").toAbsolutePath();
        StopSignals signals = StopSignals.unhandled();
        CliHarness cli = new CliHarness("", signals);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cli.run(command(output, "--max-rate", "1M")));
        awaitProgress(part, run, cli::err);

        // Returns once the download has stopped, as the real handler waits before the process ends.
        signals.deliver(StopSignals.Kind.TERM);

        assertTrue(cli.err().contains("stopped: "), "TERM waits for the download to stop: " + cli.err());
        assertEquals(ExitCode.TERMINATED.code(), run.get(), cli.err());
        int kept = recorded(part);
        assertTrue(cli.err().contains("stopped: " + kept + " of " + PIECES + " pieces kept in " + part), cli.err());
    }

    @Test
    void consoleInterruptCancelsTheDownloadAndGoesOnWithTheNextLine() throws Exception {
        Path output = dir.resolve("big.bin");
        Path part = dir.resolve("big.bin.part").toAbsolutePath();
        String torrent = tracker.torrent("big.bin").torrentFile().toString();
        String line = "/download \"" + torrent + "\" \"" + output + "\" 127.0.0.1 " + tracker.address().getPort();
        StopSignals signals = StopSignals.unhandled();
        CliHarness console = new CliHarness(line + " --max-rate 1M\n" + line + "\n/quit\n", signals);
        CompletableFuture<Integer> session = CompletableFuture.supplyAsync(() -> console.run());
        awaitProgress(part, session, console::err);

        signals.deliver(StopSignals.Kind.INT);

        // The cancelled download is the last command that failed, so the console ends with its code.
        assertEquals(ExitCode.INTERRUPTED.code(), session.get(60, TimeUnit.SECONDS), console.err());
        assertTrue(console.err().contains("stopped: "), console.err());
        assertTrue(console.err().contains("resuming: "), "the next line resumed: " + console.err());
        assertTrue(console.out().contains("Downloaded "), console.out());
        assertArrayEquals(data, Files.readAllBytes(output));
    }
}
