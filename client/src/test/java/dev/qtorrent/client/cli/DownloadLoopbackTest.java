package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The download command against a real tracker over loopback QUIC, bytes compared. */
@Timeout(60)
class DownloadLoopbackTest {
    @TempDir
    Path dir;
    private TestTracker tracker;
    private byte[] multiPiece;

    @BeforeEach
    void startTracker() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("hello_world.txt"), "Hello World!");
        // Three full 16 KiB pieces and a short fourth one.
        multiPiece = new byte[3 * 16_384 + 1_000];
        new Random(42).nextBytes(multiPiece);
        Files.write(seed.resolve("pieces.bin"), multiPiece);
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    @Test
    void downloadsHelloWorld() throws Exception {
        SeededTorrent hello = tracker.torrent("hello_world.txt");
        Path output = dir.resolve("downloaded/hello_world.txt");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", hello.torrentFile(), output, "127.0.0.1", tracker.address().getPort());

        assertEquals(0, code, cli.err());
        assertEquals("Hello World!", Files.readString(output));
        assertFalse(Files.exists(Path.of(output + ".part")));
        assertTrue(cli.out().contains("1 piece, all verified"), cli.out());
    }

    @Test
    void downloadsMultiPieceFileWithShortLastPiece() throws Exception {
        SeededTorrent torrent = tracker.torrent("pieces.bin");
        assertEquals(4, torrent.layout().pieceCount());
        assertEquals(1_000, torrent.layout().pieceSize(3));
        Path output = dir.resolve("out/pieces.bin");
        CliHarness cli = new CliHarness();

        int code = cli.run("download", torrent.torrentFile(), output, "127.0.0.1", tracker.address().getPort(),
                "--parallel", "2");

        assertEquals(0, code, cli.err());
        assertArrayEquals(multiPiece, Files.readAllBytes(output));
        assertFalse(Files.exists(Path.of(output + ".part")));
    }

    @Test
    void outputFolderGetsTheTorrentName() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("into"));
        CliHarness cli = new CliHarness();

        int code = cli.run("download", tracker.torrent("pieces.bin").torrentFile(), folder, "127.0.0.1",
                tracker.address().getPort());

        assertEquals(0, code, cli.err());
        assertArrayEquals(multiPiece, Files.readAllBytes(folder.resolve("pieces.bin")));
    }

    @Test
    void replacesADifferingOutputOnlyWithOverwrite() throws Exception {
        Path output = dir.resolve("hello.txt");
        Files.writeString(output, "old contents");
        Path torrent = tracker.torrent("hello_world.txt").torrentFile();
        int port = tracker.address().getPort();

        CliHarness refused = new CliHarness();
        assertEquals(ExitCode.LOCAL_IO.code(), refused.run("download", torrent, output, "127.0.0.1", port));
        assertEquals("old contents", Files.readString(output));

        CliHarness overwrite = new CliHarness();
        assertEquals(0, overwrite.run("download", torrent, output, "127.0.0.1", port, "--overwrite"),
                overwrite.err());
        assertEquals("Hello World!", Files.readString(output));
    }
}
