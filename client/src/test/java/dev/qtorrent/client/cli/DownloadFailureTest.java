package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.storage.HashProgress;
import dev.qtorrent.common.storage.TorrentWriter;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.TestTracker;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a download can fail: each gives a clear message, its own exit code, and leaves neither the output nor a
 * part file behind.
 */
@Timeout(60)
class DownloadFailureTest {
    @TempDir
    Path dir;
    private TestTracker tracker;
    private Path seed;
    private Path output;

    @BeforeEach
    void startTracker() throws Exception {
        seed = Files.createDirectories(dir.resolve("seed"));
        byte[] data = new byte[5 * 16_384];
        new Random(7).nextBytes(data);
        Files.write(seed.resolve("data.bin"), data);
        tracker = TestTracker.start(seed);
        output = dir.resolve("downloaded/data.bin");
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private int port() {
        return tracker.address().getPort();
    }

    private Path torrent() {
        return tracker.torrent("data.bin").torrentFile();
    }

    private void assertNothingWritten() {
        assertFalse(Files.exists(output), "output must not exist");
        assertFalse(Files.exists(Path.of(output + ".part")), "part file must not be left");
    }

    @Test
    void trackerNotRunningFailsFastWithExitCode4() throws Exception {
        int deadPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        CliHarness cli = new CliHarness();
        long start = System.nanoTime();

        int code = cli.run("download", torrent(), output, "127.0.0.1", deadPort, "--connect-timeout", "2");

        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(ExitCode.UNREACHABLE.code(), code, cli.err());
        assertTrue(seconds < 8, "took " + seconds + " s");
        assertTrue(cli.err().contains("127.0.0.1:" + deadPort), cli.err());
        assertNothingWritten();
    }

    @Test
    void missingTorrentNamesTheFile() {
        CliHarness cli = new CliHarness();

        int code = cli.run("download", dir.resolve("nope.torrent"), output, "127.0.0.1", port());

        assertEquals(ExitCode.BAD_TORRENT.code(), code);
        assertTrue(cli.err().contains("nope.torrent"), cli.err());
        assertNothingWritten();
    }

    @Test
    void malformedTorrentNamesTheFileAndByteOffset() throws Exception {
        Path bad = dir.resolve("bad.torrent");
        Files.writeString(bad, "d8:announce5:quic:4:infoi1");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", bad, output, "127.0.0.1", port());

        assertEquals(ExitCode.BAD_TORRENT.code(), code);
        assertTrue(cli.err().contains("bad.torrent"), cli.err());
        assertTrue(cli.err().matches("(?s).*byte \\d+.*"), cli.err());
        assertNothingWritten();
    }

    @Test
    void pinMismatchShowsBothFingerprints() {
        String wrong = NodeIdentity.generate("127.0.0.1").fingerprint().hex();
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent(), output, "127.0.0.1", port(), "--pin", wrong);

        assertEquals(ExitCode.UNTRUSTED.code(), code, cli.err());
        assertTrue(cli.err().contains(wrong), cli.err());
        assertTrue(cli.err().contains(tracker.identity().fingerprint().hex()), cli.err());
        assertNothingWritten();
    }

    @Test
    void torrentWithoutPinIsRefusedUnlessInsecure() throws Exception {
        Path unpinned = dir.resolve("unpinned.torrent");
        Metainfo metainfo = TorrentWriter.create(seed.resolve("data.bin"), "quic://127.0.0.1:" + port(), null,
                16_384, HashProgress.none());
        TorrentWriter.write(metainfo, unpinned);

        CliHarness refused = new CliHarness();
        assertEquals(ExitCode.UNTRUSTED.code(), refused.run("download", unpinned, output));
        assertTrue(refused.err().contains("--pin") && refused.err().contains("--insecure"), refused.err());
        assertNothingWritten();

        CliHarness insecure = new CliHarness();
        assertEquals(0, insecure.run("download", unpinned, output, "--insecure"), insecure.err());
        assertTrue(insecure.err().contains("--insecure"), "the choice is stated on stderr: " + insecure.err());
        assertTrue(insecure.err().contains(tracker.identity().fingerprint().hex()), insecure.err());
    }

    @Test
    void explicitPinOverridesTheTorrent() {
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent(), output, "127.0.0.1", port(), "--pin",
                tracker.identity().fingerprint().hex().toUpperCase());

        assertEquals(0, code, cli.err());
    }

    @Test
    void lyingTrackerIsDetectedAndNoFileIsWritten() throws Exception {
        // The tracker reads pieces from disk as it serves them: changing the bytes under it makes it lie.
        byte[] other = new byte[5 * 16_384];
        new Random(8).nextBytes(other);
        Files.write(seed.resolve("data.bin"), other);
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent(), output, "127.0.0.1", port(), "--retries", "2");

        assertEquals(ExitCode.FAILED.code(), code, cli.err());
        assertTrue(cli.err().contains("SHA-1"), cli.err());
        assertTrue(cli.err().contains("failed 2 times"), cli.err());
        assertNothingWritten();
    }

    @Test
    void unknownTorrentIsRefusedByTheTracker() throws Exception {
        Path other = dir.resolve("other.bin");
        Files.writeString(other, "not seeded anywhere");
        Path torrent = dir.resolve("other.torrent");
        TorrentWriter.write(TorrentWriter.create(other, "quic://127.0.0.1:" + port(),
                tracker.identity().fingerprint().hex(), 16_384, HashProgress.none()), torrent);
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent, dir.resolve("other.out"));

        assertEquals(ExitCode.REFUSED.code(), code, cli.err());
        assertTrue(cli.err().contains("unknown_info_hash"), cli.err());
        assertFalse(Files.exists(dir.resolve("other.out")));
    }

    @Test
    void unwritableOutputNamesThePath() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder should be");
        Path inside = blocker.resolve("data.bin");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent(), inside, "127.0.0.1", port());

        assertEquals(ExitCode.LOCAL_IO.code(), code, cli.err());
        assertTrue(cli.err().contains(blocker.toString()), cli.err());
    }

    @Test
    void contradictoryTrustOptionsAreAUsageError() {
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent(), output, "--insecure", "--pin", "00".repeat(32));

        assertEquals(ExitCode.USAGE.code(), code);
        assertNothingWritten();
    }
}
