package dev.qtorrent.tracker.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog following its folder after start, one refresh at a time (what the watcher runs on each change): entries
 * added are served once they stop changing, entries removed or changed are withdrawn at once.
 */
@Timeout(30)
class SeedRefreshTest {
    private static final String ANNOUNCE = "quic://tracker.example:7001";
    private static final Fingerprint PIN =
            new Fingerprint("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private static final Fingerprint OTHER_PIN =
            new Fingerprint("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;

    @Test
    void aFileStillGrowingIsHashedOnlyOnceItHasStopped() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "already here");
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            Path growing = dir.resolve("growing.bin");
            Files.write(growing, random(1000, 1));
            for (int part = 2; part <= 4; part++) {
                assertTrue(catalog.refresh(QUIET), "a new file is still changing");
                assertEquals(List.of("a.txt"), names(catalog));
                assertFalse(Files.exists(dir.resolve("growing.bin.torrent")));
                Thread.sleep(QUIET.toMillis() / 2);
                Files.write(growing, random(1000, part), StandardOpenOption.APPEND);
            }
            assertTrue(catalog.refresh(QUIET));
            Thread.sleep(QUIET.toMillis() + 50);

            assertFalse(catalog.refresh(QUIET), "quiet for the quiet period: hashed");
            assertEquals(List.of("a.txt", "growing.bin"), names(catalog));
            SeededTorrent torrent = catalog.torrents().get(1);
            assertEquals(4000, torrent.metainfo().info().totalLength(), "the whole file, not the part first seen");
            assertEquals(torrent.infoHash(), Metainfo.load(dir.resolve("growing.bin.torrent")).infoHash());
        }
    }

    @Test
    void aRemovedFileIsWithdrawnAndTheTorrentTheTrackerWroteForItRemoved() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "stays");
        Files.write(dir.resolve("b.bin"), random(50_000, 3));
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            SeededTorrent removed = catalog.torrents().get(1);
            String hash = removed.infoHash().hex();

            Files.delete(dir.resolve("b.bin"));
            assertFalse(catalog.refresh(QUIET));

            assertEquals(Optional.empty(), catalog.metainfo(hash), "neither served nor tracked");
            assertEquals(List.of("a.txt"), names(catalog));
            assertFalse(Files.exists(dir.resolve("b.bin.torrent")), "left alone it would be tracked");
            // A piece being sent when the file went away ends with a reason, never with other bytes.
            ProtocolException failure = assertThrows(ProtocolException.class,
                    () -> removed.read(0, ByteBuffer.allocate(10)));
            assertEquals(ErrorCode.PIECE_NOT_AVAILABLE, failure.code());
            assertTrue(failure.getMessage().contains("b.bin was removed from the seed folder"), failure.getMessage());
            assertTrue(removed.unavailable(0).isPresent());
        }
    }

    @Test
    void aTorrentFromElsewhereIsTrackedOnceItsDataIsRemoved() throws Exception {
        byte[] foreign = foreignTorrent("shared.bin", random(40_000, 5));
        Path torrentFile = Files.write(dir.resolve("from-a-friend.torrent"), foreign);
        Files.write(dir.resolve("shared.bin"), random(40_000, 5));
        String hash = Metainfo.parse(foreign).infoHash().hex();
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertTrue(catalog.find(hash).isPresent());

            Files.delete(dir.resolve("shared.bin"));
            catalog.refresh(QUIET);

            assertEquals(Optional.empty(), catalog.find(hash));
            assertEquals("no data here", catalog.findTracked(hash).orElseThrow().why());
            assertTrue(Files.exists(torrentFile), "a torrent from elsewhere is never removed");
        }
    }

    @Test
    void aChangedFileGetsANewTorrentAndItsOldInfoHashIsWithdrawnAtOnce() throws Exception {
        Path file = dir.resolve("a.bin");
        Files.write(file, random(50_000, 7));
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            String before = catalog.torrents().get(0).infoHash().hex();

            Thread.sleep(20);
            Files.write(file, random(50_000, 8));
            assertTrue(catalog.refresh(QUIET), "the new content is still settling");
            assertEquals(Optional.empty(), catalog.metainfo(before), "withdrawn at the first sight of the change");
            assertEquals(List.of(), catalog.torrents());

            Thread.sleep(QUIET.toMillis() + 50);
            assertFalse(catalog.refresh(QUIET));
            String after = catalog.torrents().get(0).infoHash().hex();
            assertNotEquals(before, after);
            assertEquals(after, Metainfo.load(dir.resolve("a.bin.torrent")).infoHash().hex());
            assertEquals(Optional.empty(), catalog.metainfo(before));
            ByteBuffer start = ByteBuffer.allocate(100);
            catalog.torrents().get(0).read(0, start);
            assertEquals(ByteBuffer.wrap(random(50_000, 8), 0, 100), start.flip());
        }
    }

    @Test
    void aTorrentFromElsewhereWhoseDataChangedFallsBackToTracking() throws Exception {
        byte[] content = random(40_000, 9);
        byte[] foreign = foreignTorrent("shared.bin", content);
        Files.write(dir.resolve("from-a-friend.torrent"), foreign);
        Files.write(dir.resolve("shared.bin"), content);
        String hash = Metainfo.parse(foreign).infoHash().hex();
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertTrue(catalog.find(hash).isPresent());

            Thread.sleep(20);
            Files.write(dir.resolve("shared.bin"), random(40_000, 10));
            catalog.refresh(QUIET);
            Thread.sleep(QUIET.toMillis() + 50);
            assertFalse(catalog.refresh(QUIET));

            assertEquals(Optional.empty(), catalog.find(hash));
            assertEquals("its data here does not match", catalog.findTracked(hash).orElseThrow().why());
            assertEquals(1, catalog.problems().size(), catalog.problems().toString());
            assertFalse(Files.exists(dir.resolve("shared.bin.torrent")), "the data stays the other torrent's");
        }
    }

    @Test
    void torrentsDroppedInAreServedWithTheirDataAndTrackedWithout() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "already here");
        byte[] content = random(30_000, 11);
        byte[] withData = foreignTorrent("with.bin", content);
        byte[] without = foreignTorrent("without.bin", random(30_000, 12));
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            Files.write(dir.resolve("with.bin"), content);
            Files.write(dir.resolve("with.bin.torrent"), withData);
            Files.write(dir.resolve("without.bin.torrent"), without);
            assertTrue(catalog.refresh(QUIET));
            Thread.sleep(QUIET.toMillis() + 50);
            assertFalse(catalog.refresh(QUIET));

            assertTrue(catalog.find(Metainfo.parse(withData).infoHash().hex()).isPresent());
            assertTrue(catalog.findTracked(Metainfo.parse(without).infoHash().hex()).isPresent());
            assertEquals(List.of("a.txt", "with.bin"), names(catalog));
        }
    }

    @Test
    void aFolderAddedIsServedAndAHiddenFileInsideItChangesNothing() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "already here");
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            Path album = Files.createDirectories(dir.resolve("album/disc 1"));
            Files.write(album.resolve("01.flac"), random(20_000, 13));
            Files.write(dir.resolve("album/cover.jpg"), random(5_000, 14));
            assertTrue(catalog.refresh(QUIET));
            Thread.sleep(QUIET.toMillis() + 50);
            assertFalse(catalog.refresh(QUIET));
            SeededTorrent torrent = catalog.torrents().get(1);
            assertEquals("album", torrent.name());
            assertEquals(2, torrent.metainfo().info().files().size());

            // What a copying tool or a file manager leaves beside the files is not part of the torrent.
            Files.writeString(album.resolve(".01.flac.partial"), "temporary");
            assertFalse(catalog.refresh(QUIET));
            assertEquals(Optional.of(torrent), catalog.find(torrent.infoHash().hex()), "still the same torrent");

            Files.write(album.resolve("02.flac"), random(1_000, 15));
            catalog.refresh(QUIET);
            assertEquals(Optional.empty(), catalog.find(torrent.infoHash().hex()), "a file added to the folder");
        }
    }

    /** An unreadable file is reported once, not retried until it changes or a rescan asks, and the rest is served. */
    @Test
    void anUnreadableFileIsReportedAndARescanTriesItAgain() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "already here");
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            Path locked = Files.write(dir.resolve("locked.bin"), random(1000, 16));
            Files.setPosixFilePermissions(locked, Set.of());
            assumeFalse(Files.isReadable(locked), "skipped: this user reads files without read permission (root)");
            catalog.refresh(QUIET);
            Thread.sleep(QUIET.toMillis() + 50);

            assertFalse(catalog.refresh(QUIET));
            assertEquals(List.of("a.txt"), names(catalog));
            assertEquals(1, catalog.problems().size(), catalog.problems().toString());
            assertTrue(catalog.problems().get(0).startsWith(locked.toString()), catalog.problems().get(0));

            // Permissions change no modification time: only a rescan tries the file again.
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-r--r--"));
            assertFalse(catalog.refresh(QUIET));
            assertEquals(List.of("a.txt"), names(catalog));
            assertFalse(catalog.rescan(QUIET));
            assertEquals(List.of("a.txt", "locked.bin"), names(catalog));
            assertEquals(List.of(), catalog.problems());
        }
    }

    private static List<String> names(SeedCatalog catalog) {
        return catalog.torrents().stream().map(SeededTorrent::name).toList();
    }

    /** A torrent for {@code content} written by another tracker, with its own address and pin. */
    private byte[] foreignTorrent(String name, byte[] content) throws IOException {
        Files.write(elsewhere.resolve(name), content);
        SeedCatalog.open(elsewhere, "quic://elsewhere.example:7001", OTHER_PIN).close();
        return Files.readAllBytes(elsewhere.resolve(name + ".torrent"));
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
