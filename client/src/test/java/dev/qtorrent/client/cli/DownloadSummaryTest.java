package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.tracker.TestTracker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a download reports: its own rate, one unit system, nouns in the right number, addresses as URLs write them. */
@Timeout(90)
class DownloadSummaryTest {
    @TempDir
    Path dir;

    @Test
    void oneByteInOnePiece() {
        long[] now = {0};
        TransferMeter meter = new TransferMeter(() -> now[0]);
        meter.progress(0);
        now[0] = 500_000_000L;
        meter.progress(1);

        String summary = DownloadMessages.summary(Path.of("x"),
                new Downloader.Result(Path.of("x"), 1, 1, 0, 0, Duration.ofMillis(600), 0), meter);

        assertEquals("Downloaded x: 1 byte in 1 piece, all verified, in 0.60 s (2 B/s)", summary);
    }

    @Test
    void resumingMessageAgreesInNumber() {
        StringWriter err = new StringWriter();
        DownloadMessages messages = new DownloadMessages(new PrintWriter(err), new TransferMeter(), null);

        messages.resumed(1, 3, 1);

        assertEquals("resuming: 1 of 3 pieces already downloaded; 1 damaged piece will be fetched again\n",
                err.toString());
    }

    @Test
    void resumedPiecesDoNotCountInTheRate() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        byte[] data = new byte[16 << 20];
        new Random(5).nextBytes(data);
        Files.write(seed.resolve("big.bin"), data);
        Path output = dir.resolve("big.bin");
        TestTracker first = TestTracker.start(seed);
        Path torrent = first.torrent("big.bin").torrentFile();
        CliHarness stopped = new CliHarness();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> stopped.run("download", torrent, output,
                "127.0.0.1", first.address().getPort(), "--max-rate", "8M", "--stall-timeout", "1",
                "--reconnect-window", "0", "--connect-timeout", "1"));
        Path progress = dir.resolve("big.bin.part.progress");
        while (!Files.exists(progress) && !run.isDone()) {
            Thread.sleep(20);
        }
        Thread.sleep(800);
        first.close();
        assertEquals(ExitCode.UNREACHABLE.code(), run.get(60, TimeUnit.SECONDS), stopped.err());

        try (TestTracker second = TestTracker.start(seed, first.identity())) {
            CliHarness resumed = new CliHarness();
            int code = resumed.run("download", torrent, output, "127.0.0.1", second.address().getPort(),
                    "--max-rate", "4MiB");

            assertEquals(0, code, resumed.err());
            assertArrayEquals(data, Files.readAllBytes(output));
            Matcher m = Pattern.compile("Downloaded .*: 16\\.0 MiB in 1024 pieces, all verified, in [0-9.]+ s "
                    + "\\(fetched ([0-9.]+) MiB at ([0-9.]+) MiB/s\\); ([0-9]+) pieces resumed\n").matcher(resumed.out());
            assertTrue(m.matches(), resumed.out());
            int resumedPieces = Integer.parseInt(m.group(3));
            double fetchedMib = Double.parseDouble(m.group(1));
            // The summary rounds to a tenth of a MiB.
            assertEquals((1024 - resumedPieces) / 64.0, fetchedMib, 0.051, resumed.out());
            // A cap bounds the rate from above whatever the machine's load; resumed bytes used to push it past. The
            // pacer lets a quarter of a second's worth of bytes and one piece run ahead of the cap, which a short
            // fetch shows in its rate: 8 MiB can arrive in 1.75 s under a 4 MiB/s cap.
            double ahead = 4 * 0.25 + 1 / 64.0;
            double bound = 4 * fetchedMib / Math.max(fetchedMib - ahead, 0.5);
            assertTrue(Double.parseDouble(m.group(2)) <= bound * 1.05, "bound " + bound + ": " + resumed.out());
        }
    }

    @Test
    void everyMaxRateFormDownloads() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("small.txt"), "hello, world\n");
        try (TestTracker tracker = TestTracker.start(seed)) {
            for (String rate : new String[] {"0", "10M", "10MB", "10MiB", "1.5M"}) {
                CliHarness cli = new CliHarness();
                Path output = dir.resolve("out-" + rate + ".txt");

                int code = cli.run("download", tracker.torrent("small.txt").torrentFile(), output, "127.0.0.1",
                        tracker.address().getPort(), "--max-rate", rate);

                assertEquals(0, code, rate + ": " + cli.err());
                assertEquals("hello, world\n", Files.readString(output));
            }
        }
    }

    @Test
    void ipv6TrackerIsWrittenInBrackets() throws Exception {
        int deadPort;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            deadPort = socket.getLocalPort();
        }
        Path data = Files.writeString(dir.resolve("a.txt"), "a");
        CliHarness create = new CliHarness();
        assertEquals(0, create.run("create", data, "--tracker", "quic://[::1]:" + deadPort, "--pin", "ab".repeat(32)),
                create.err());
        CliHarness cli = new CliHarness();

        int code = cli.run("download", dir.resolve("a.txt.torrent"), dir.resolve("out"), "--connect-timeout", "1");

        assertEquals(ExitCode.UNREACHABLE.code(), code, cli.err());
        assertTrue(cli.err().contains("tracker [::1]:" + deadPort + " did not answer within 1 s"), cli.err());
    }
}
