package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.client.ClientMain;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads that are interrupted or meet a hostile or broken world: a client killed mid-way resumes with only the
 * missing pieces, a damaged part file is repaired, a restarted tracker is reached again, a full disk is reported
 * with progress kept, and a stranger answering on the tracker's address is refused.
 */
@Timeout(120)
class FaultTest {
    /** 16 MiB in 16 KiB pieces: 1,024 pieces. */
    private static final int SIZE = 16 << 20;

    @TempDir
    Path dir;
    private Path seed;
    private byte[] data;
    private TestTracker tracker;

    @BeforeEach
    void startTracker() throws Exception {
        seed = Files.createDirectories(dir.resolve("seed"));
        data = new byte[SIZE];
        new Random(11).nextBytes(data);
        Files.write(seed.resolve("big.bin"), data);
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private SeededTorrent torrent() {
        return tracker.torrent("big.bin");
    }

    private List<String> downloadCommand(Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("download", torrent().torrentFile().toString(),
                output.toString(), "127.0.0.1", String.valueOf(tracker.address().getPort())));
        args.addAll(List.of(extra));
        return args;
    }

    private static BitSet have(Path progress) throws IOException {
        JsonNode json = new ObjectMapper().readTree(progress.toFile());
        byte[] bits = Base64.getDecoder().decode(json.get("have").asText());
        BitSet set = new BitSet();
        for (int i = 0; i < bits.length * 8; i++) {
            if ((bits[i / 8] & (0x80 >>> (i % 8))) != 0) {
                set.set(i);
            }
        }
        return set;
    }

    @Test
    void killedClientResumesWithOnlyTheMissingPiecesAndRepairsDamage() throws Exception {
        Path output = dir.resolve("out/big.bin");
        Path part = dir.resolve("out/big.bin.part");
        Path progress = dir.resolve("out/big.bin.part.progress");
        int pieces = torrent().layout().pieceCount();

        // A separate JVM, slowed to about 4 s for the whole file, is killed (SIGKILL) part-way through.
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClientMain.class.getName()));
        command.addAll(downloadCommand(output, "--max-rate", "4M", "--parallel", "4"));
        Process client = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("first-run.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(progress) && have(progress).cardinality() > pieces / 5)) {
            assertTrue(client.isAlive(), "the first run ended early: " + Files.readString(dir.resolve("first-run.log")));
            assertTrue(System.nanoTime() < deadline, "no progress recorded");
            Thread.sleep(20);
        }
        client.destroyForcibly();
        assertTrue(client.waitFor(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(output), "a killed download leaves no final file");
        BitSet recorded = have(progress);
        assertTrue(recorded.cardinality() < pieces, "killed before the end");

        // Damage one recorded piece: the next run must not trust it.
        int damaged = recorded.nextSetBit(recorded.cardinality() / 2);
        try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw")) {
            file.seek(torrent().layout().pieceOffset(damaged) + 100);
            file.write(~data[(int) torrent().layout().pieceOffset(damaged) + 100]);
        }

        long before = torrent().piecesServed().sum();
        CliHarness second = new CliHarness();
        int code = second.run(downloadCommand(output).toArray());
        long requested = torrent().piecesServed().sum() - before;

        assertEquals(0, code, second.err());
        assertArrayEquals(data, Files.readAllBytes(output));
        assertEquals(pieces - recorded.cardinality() + 1, requested,
                "only the missing pieces and the damaged one are fetched again");
        assertTrue(second.err().contains("resuming: " + (recorded.cardinality() - 1) + " of " + pieces),
                second.err());
        assertTrue(second.err().contains("1 damaged"), second.err());
        assertFalse(Files.exists(part));
        assertFalse(Files.exists(progress), "the progress record goes with the finished download");
    }

    @Test
    void restartedTrackerIsReachedAgainAndTheDownloadCompletes() throws Exception {
        Path output = dir.resolve("after-restart.bin");
        int port = tracker.address().getPort();
        NodeIdentity identity = tracker.identity();
        CliHarness cli = new CliHarness();
        CompletableFuture<Integer> download = CompletableFuture.supplyAsync(() -> cli.run(
                downloadCommand(output, "--max-rate", "8M", "--stall-timeout", "1").toArray()));

        Path progress = dir.resolve("after-restart.bin.part.progress");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(progress)) {
            assertFalse(download.isDone(), "finished before the restart: " + cli.err());
            assertTrue(System.nanoTime() < deadline, "no progress");
            Thread.sleep(20);
        }
        tracker.close();
        Thread.sleep(1_500);
        tracker = TestTracker.start(seed, QuicSettings.defaults(), identity, port);

        assertEquals(0, download.get(90, TimeUnit.SECONDS), cli.err());
        assertArrayEquals(data, Files.readAllBytes(output));
        assertTrue(cli.err().contains("reconnecting"), cli.err());
    }

    @Test
    void trackerThatStaysAwayEndsTheDownloadWithProgressKept() throws Exception {
        Path output = dir.resolve("gone.bin");
        CliHarness cli = new CliHarness();
        CompletableFuture<Integer> download = CompletableFuture.supplyAsync(() -> cli.run(downloadCommand(output,
                "--max-rate", "8M", "--stall-timeout", "1", "--reconnect-window", "2", "--connect-timeout", "1")
                .toArray()));
        Path progress = dir.resolve("gone.bin.part.progress");
        while (!Files.exists(progress)) {
            assertFalse(download.isDone(), cli.err());
            Thread.sleep(20);
        }
        tracker.close();

        assertEquals(ExitCode.UNREACHABLE.code(), download.get(60, TimeUnit.SECONDS), cli.err());
        assertFalse(Files.exists(output));
        assertTrue(Files.exists(dir.resolve("gone.bin.part")));
        assertTrue(have(progress).cardinality() > 0);
        assertTrue(cli.err().contains("run the same command again to resume"), cli.err());
    }

    @Test
    void fullDiskNamesThePathAndKeepsProgress() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs to fill (needs root): " + said);
        try {
            Path output = small.resolve("big.bin");
            CliHarness cli = new CliHarness();

            int code = cli.run(downloadCommand(output, "--max-rate", "8M").toArray());

            assertEquals(ExitCode.LOCAL_IO.code(), code, cli.err());
            assertTrue(cli.err().contains(small.toString()), "names the path: " + cli.err());
            assertTrue(cli.err().toLowerCase().contains("no space"), cli.err());
            assertFalse(Files.exists(output), "no final file");
            assertTrue(Files.exists(small.resolve("big.bin.part.progress")), "progress kept");
            assertTrue(have(small.resolve("big.bin.part.progress")).cardinality() > 0);
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void strangerOnTheTrackersAddressIsRefusedWithBothFingerprints() throws Exception {
        int port = tracker.address().getPort();
        String genuine = tracker.identity().fingerprint().hex();
        // The user's copy of the torrent, pinning the genuine tracker (the stranger rewrites the one in its seed).
        Path torrent = Files.copy(seed.resolve("big.bin.torrent"), dir.resolve("big.bin.torrent"));
        tracker.close();
        NodeIdentity stranger = NodeIdentity.generate("127.0.0.1");
        tracker = TestTracker.start(seed, QuicSettings.defaults(), stranger, port);
        Path output = dir.resolve("never.bin");
        CliHarness cli = new CliHarness();

        // The torrent still pins the genuine tracker's certificate.
        int code = cli.run("download", torrent, output, "127.0.0.1", port);

        assertEquals(ExitCode.UNTRUSTED.code(), code, cli.err());
        assertTrue(cli.err().contains(genuine), cli.err());
        assertTrue(cli.err().contains(stranger.fingerprint().hex()), cli.err());
        assertFalse(Files.exists(output));
    }
}
