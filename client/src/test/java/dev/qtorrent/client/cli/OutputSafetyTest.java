package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.tracker.TestTracker;
import dev.qtorrent.tracker.seed.SeededTorrent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a download does with what is already at its output, against a real tracker: data that matches is checked and
 * reported complete without a byte fetched or written, anything else is left alone unless {@code --overwrite} is
 * given, a second download to the same output is refused, and folders receive the download inside them.
 */
@Timeout(90)
class OutputSafetyTest {
    /** 4 MiB in 16 KiB pieces: 256 pieces, a few seconds under a 1 MiB/s limit. */
    private static final int BIG = 4 << 20;

    @TempDir
    Path dir;
    private Path seed;
    private byte[] big;
    private TestTracker tracker;

    @BeforeEach
    void startTracker() throws Exception {
        seed = Files.createDirectories(dir.resolve("seed"));
        big = new byte[BIG];
        new Random(5).nextBytes(big);
        Files.write(seed.resolve("big.bin"), big);
        Files.writeString(seed.resolve("hello.txt"), "Hello World!");
        Files.createDirectories(seed.resolve("album/disc 2"));
        Files.write(seed.resolve("album/01.bin"), bytes(20_000, 1));
        Files.write(seed.resolve("album/disc 2/02.bin"), bytes(30_001, 2));
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopTracker() {
        tracker.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** What one run of the command line printed and returned. */
    private record Run(int code, String out, String err) {
    }

    private Run download(SeededTorrent torrent, Object output, String... extra) {
        List<Object> args = new ArrayList<>(List.of("download", torrent.torrentFile(), output, "127.0.0.1",
                tracker.address().getPort()));
        args.addAll(List.of(extra));
        CliHarness cli = new CliHarness();
        int code = cli.run(args.toArray());
        return new Run(code, cli.out(), cli.err());
    }

    private long served(String name) {
        return tracker.torrent(name).piecesServed().sum();
    }

    private static void assertAlbum(Path expected, Path actual) throws IOException {
        for (String name : new String[] {"01.bin", "disc 2/02.bin"}) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
                    name);
        }
    }

    @Test
    void matchingFileIsCheckedAndReportedCompleteWithoutBeingRewritten() throws Exception {
        Path output = dir.resolve("big.bin");
        assertEquals(0, download(tracker.torrent("big.bin"), output).code);
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(output, old);
        Object inode = Files.readAttributes(output, BasicFileAttributes.class).fileKey();
        long servedBefore = served("big.bin");

        Run again = download(tracker.torrent("big.bin"), output, "--progress");

        assertEquals(0, again.code, again.err());
        assertTrue(again.out().contains("already complete"), again.out());
        assertTrue(again.out().contains("256 pieces, all verified"), again.out());
        assertTrue(again.err().contains("\r"), "the check shows a progress line: " + again.err());
        assertEquals(old, Files.getLastModifiedTime(output), "not rewritten");
        assertEquals(inode, Files.readAttributes(output, BasicFileAttributes.class).fileKey(), "not replaced");
        assertEquals(servedBefore, served("big.bin"), "nothing fetched");
        assertArrayEquals(big, Files.readAllBytes(output));
    }

    @Test
    void overwriteFetchesNothingWhenTheDataAlreadyMatches() throws Exception {
        Path output = dir.resolve("hello.txt");
        Files.writeString(output, "Hello World!");
        long servedBefore = served("hello.txt");

        Run run = download(tracker.torrent("hello.txt"), output, "--overwrite");

        assertEquals(0, run.code, run.err);
        assertTrue(run.out.contains("already complete"), run.out);
        assertEquals(servedBefore, served("hello.txt"));
    }

    @Test
    void differingFileIsRefusedWithExit7AndLeftUntouched() throws Exception {
        Path output = dir.resolve("big.bin");
        byte[] mine = big.clone();
        // Two pieces differ: 0 and 100.
        mine[10] ^= 1;
        mine[100 * 16_384 + 5] ^= 1;
        Files.write(output, mine);

        Run cli = download(tracker.torrent("big.bin"), output);

        assertEquals(ExitCode.LOCAL_IO.code(), cli.code, cli.err());
        assertTrue(cli.err().contains("2 of 256 pieces differ"), cli.err());
        assertTrue(cli.err().contains("--overwrite"), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), "one line: " + cli.err());
        assertArrayEquals(mine, Files.readAllBytes(output));
        assertFalse(Files.exists(dir.resolve("big.bin.part")));
        assertFalse(Files.exists(dir.resolve("big.bin.part.lock")));
    }

    @Test
    void aSecondTorrentGivenAsOutputIsKept() throws Exception {
        // client download a.torrent b.torrent, typed as for aria2.
        Path other = tracker.torrent("album").torrentFile();
        byte[] before = Files.readAllBytes(other);

        Run cli = download(tracker.torrent("hello.txt"), other);

        assertEquals(ExitCode.LOCAL_IO.code(), cli.code, cli.err());
        assertTrue(cli.err().contains("already exists"), cli.err());
        assertArrayEquals(before, Files.readAllBytes(other));
    }

    @Test
    void overwriteReplacesOnlyOnceTheNewDataIsVerified() throws Exception {
        Path output = dir.resolve("big.bin");
        byte[] old = bytes(1000, 9);
        Files.write(output, old);
        Path progress = dir.resolve("big.bin.part.progress");
        CliHarness cli = new CliHarness();
        CompletableFuture<Integer> replacing = CompletableFuture.supplyAsync(() -> cli.run("download",
                tracker.torrent("big.bin").torrentFile(), output, "127.0.0.1", tracker.address().getPort(),
                "--overwrite", "--max-rate", "1M"));

        waitFor(progress, replacing, cli);
        assertArrayEquals(old, Files.readAllBytes(output), "the old data stays while the download runs");

        assertEquals(0, replacing.get(60, TimeUnit.SECONDS), cli.err());
        assertArrayEquals(big, Files.readAllBytes(output));
        assertFalse(Files.exists(dir.resolve("big.bin.part")));
    }

    @Test
    void secondDownloadToTheSameOutputIsRefusedAndTheFirstCompletes() throws Exception {
        Path output = dir.resolve("out/big.bin");
        CliHarness first = new CliHarness();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> first.run("download",
                tracker.torrent("big.bin").torrentFile(), output, "127.0.0.1", tracker.address().getPort(),
                "--max-rate", "1M"));
        waitFor(dir.resolve("out/big.bin.part.progress"), running, first);

        Run second = download(tracker.torrent("big.bin"), output);

        assertEquals(ExitCode.LOCAL_IO.code(), second.code, second.err());
        assertTrue(second.err().contains("another download is writing it"), second.err());
        assertTrue(second.err().contains("pid " + ProcessHandle.current().pid()), second.err());
        assertTrue(second.err().contains(tracker.torrent("big.bin").torrentFile().toString()),
                "names the other download's torrent: " + second.err());
        assertFalse(second.err().contains("kept"), "claims nothing about a part file it does not own");
        assertEquals(0, running.get(60, TimeUnit.SECONDS), first.err());
        assertArrayEquals(big, Files.readAllBytes(output));
        assertFalse(Files.exists(dir.resolve("out/big.bin.part.lock")), "the lock goes with the download");
    }

    @Test
    void lockFileLeftByAKilledDownloadDoesNotBlock() throws Exception {
        Path output = dir.resolve("hello.txt");
        Files.writeString(dir.resolve("hello.txt.part.lock"), "pid 1, started 2001-01-01T00:00:00Z, gone.torrent\n");

        Run cli = download(tracker.torrent("hello.txt"), output);

        assertEquals(0, cli.code, cli.err());
        assertEquals("Hello World!", Files.readString(output));
        assertFalse(Files.exists(dir.resolve("hello.txt.part.lock")));
    }

    @Test
    void outputEndingInASeparatorIsAFolderMadeForTheFile() throws Exception {
        Run cli = download(tracker.torrent("hello.txt"), dir.resolve("newdir") + File.separator);

        assertEquals(0, cli.code, cli.err());
        assertEquals("Hello World!", Files.readString(dir.resolve("newdir/hello.txt")));
    }

    @Test
    void outputThatDoesNotExistNamesTheFileItself() throws Exception {
        Run cli = download(tracker.torrent("hello.txt"), dir.resolve("greeting"));

        assertEquals(0, cli.code, cli.err());
        assertEquals("Hello World!", Files.readString(dir.resolve("greeting")));
    }

    @Test
    void multiFileTorrentGoesInsideANewFolderEndingInASeparatorAndIsCompleteTheNextTime() throws Exception {
        Path dl = dir.resolve("dl");

        Run first = download(tracker.torrent("album"), dl + "/");
        long served = served("album");
        Run second = download(tracker.torrent("album"), dl + "/");

        assertEquals(0, first.code, first.err());
        assertAlbum(seed.resolve("album"), dl.resolve("album"));
        assertEquals(0, second.code, second.err());
        assertTrue(second.out().contains("already complete"), second.out());
        assertEquals(served, served("album"), "nothing fetched the second time");
        try (var entries = Files.list(dl)) {
            assertEquals(List.of(dl.resolve("album")), entries.toList(), "nothing spread into dl/");
        }
    }

    @Test
    void multiFileTorrentGoesInsideAnExistingFolder() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("music"));

        Run cli = download(tracker.torrent("album"), existing);

        assertEquals(0, cli.code, cli.err());
        assertAlbum(seed.resolve("album"), existing.resolve("album"));
    }

    @Test
    void multiFileOutputThatDoesNotExistNamesTheRootFolder() throws Exception {
        Run cli = download(tracker.torrent("album"), dir.resolve("my album"));

        assertEquals(0, cli.code, cli.err());
        assertAlbum(seed.resolve("album"), dir.resolve("my album"));
    }

    @Test
    void theSameCommandAgainFindsTheRootFolderItMadeInsteadOfNestingIt() throws Exception {
        Path root = dir.resolve("my album");
        assertEquals(0, download(tracker.torrent("album"), root).code);
        long served = served("album");

        Run again = download(tracker.torrent("album"), root);

        assertEquals(0, again.code, again.err());
        assertTrue(again.out().contains("already complete"), again.out());
        assertEquals(served, served("album"), "nothing fetched the second time");
        assertFalse(Files.exists(root.resolve("album")), "not nested under its own name");
        assertAlbum(seed.resolve("album"), root);
    }

    @Test
    void differingMultiFileFolderIsRefusedThenReplacedWithOverwrite() throws Exception {
        Path root = dir.resolve("dl/album");
        assertEquals(0, download(tracker.torrent("album"), dir.resolve("dl") + "/").code);
        Files.write(root.resolve("disc 2/02.bin"), bytes(30_001, 3));
        Files.writeString(root.resolve("notes.txt"), "mine");

        Run refused = download(tracker.torrent("album"), dir.resolve("dl") + "/");

        assertEquals(ExitCode.LOCAL_IO.code(), refused.code, refused.err());
        assertTrue(refused.err().contains("pieces differ"), refused.err());
        assertEquals("mine", Files.readString(root.resolve("notes.txt")));

        Run replaced = download(tracker.torrent("album"), dir.resolve("dl") + "/", "--overwrite");

        assertEquals(0, replaced.code, replaced.err());
        assertAlbum(seed.resolve("album"), root);
        assertFalse(Files.exists(root.resolve("notes.txt")), "--overwrite replaces the whole folder");
        try (var entries = Files.list(dir.resolve("dl"))) {
            assertEquals(List.of(root), entries.toList(), "no old data left beside it");
        }
    }

    @Test
    void multiFileFolderWithAMissingFileIsRefused() throws Exception {
        Path root = dir.resolve("dl/album");
        assertEquals(0, download(tracker.torrent("album"), dir.resolve("dl") + "/").code);
        Files.delete(root.resolve("01.bin"));

        Run cli = download(tracker.torrent("album"), dir.resolve("dl") + "/");

        assertEquals(ExitCode.LOCAL_IO.code(), cli.code, cli.err());
        assertTrue(cli.err().contains("1 of 2 files"), cli.err());
        assertFalse(Files.exists(root.resolve("01.bin")));
    }

    private static void waitFor(Path file, CompletableFuture<Integer> download, CliHarness cli) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            assertFalse(download.isDone(), "finished before the check: " + cli.err());
            assertTrue(System.nanoTime() < deadline, "no progress recorded: " + cli.err());
            Thread.sleep(20);
        }
    }
}
