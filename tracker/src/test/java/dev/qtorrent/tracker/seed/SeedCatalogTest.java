package dev.qtorrent.tracker.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.TorrentFiles;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SeedCatalogTest {
    private static final String ANNOUNCE = "quic://tracker.example:7001";
    private static final Fingerprint PIN =
            new Fingerprint("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    private static final Fingerprint OTHER_PIN =
            new Fingerprint("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;
    /** Where another tracker writes the torrents that the tests bring into {@link #dir}. */
    @TempDir
    Path elsewhere;

    @Test
    void missingFolderIsCreatedWithTheGreeting() throws IOException {
        Path seed = dir.resolve("a/b/seed");

        try (SeedCatalog catalog = SeedCatalog.open(seed, ANNOUNCE, PIN)) {
            assertTrue(Files.isDirectory(seed));
            assertEquals(seed, catalog.folder());
            assertEquals(List.of("hello_world.txt"), names(catalog));
        }
    }

    @Test
    void emptyFolderGetsTheTwelveByteGreeting() throws IOException {
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            Path greeting = dir.resolve("hello_world.txt");
            assertArrayEquals("Hello World!".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(greeting));
            assertEquals(Set.of("hello_world.txt", "hello_world.txt.torrent"), listing(dir));
            assertEquals(List.of(), catalog.problems());

            SeededTorrent torrent = catalog.torrents().get(0);
            assertEquals(12, torrent.metainfo().info().totalLength());
            assertEquals(1, torrent.layout().pieceCount());
            assertEquals(Optional.of(torrent), catalog.find(torrent.infoHash().hex()));
            assertEquals(greeting, torrent.data());
            assertEquals(dir.resolve("hello_world.txt.torrent"), torrent.torrentFile());
        }
    }

    @Test
    void folderHoldingOnlySkippedEntriesAlsoGetsTheGreeting() throws IOException {
        Files.writeString(dir.resolve(".hidden"), "secret");
        Files.createDirectories(dir.resolve("folder"));

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of("hello_world.txt"), names(catalog));
        }
    }

    @Test
    void torrentIsWrittenBesideEveryFileAndFolderButNotBesideSkippedEntries() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "alpha");
        Files.write(dir.resolve("b.bin"), random(40_000, 1));
        Files.writeString(dir.resolve("empty.dat"), "");
        Files.writeString(dir.resolve(".hidden"), "secret");
        Files.writeString(dir.resolve("download.part"), "partial");
        Files.writeString(dir.resolve("write.tmp"), "temporary");
        Files.createDirectories(dir.resolve("folder/sub"));
        Files.writeString(dir.resolve("folder/inner.txt"), "inner");
        Files.writeString(dir.resolve("folder/sub/deep.txt"), "deep");
        Files.createDirectories(dir.resolve("empty-folder"));

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of("a.txt", "b.bin", "folder"), names(catalog));
            assertEquals(List.of(dir.resolve("empty.dat") + ": " + TorrentFiles.EMPTY_DATA), catalog.problems());
        }
        assertEquals(Set.of("a.txt", "a.txt.torrent", "b.bin", "b.bin.torrent", "empty.dat", ".hidden",
                "download.part", "write.tmp", "folder", "folder.torrent", "empty-folder"), listing(dir));
        assertEquals(Set.of("inner.txt", "sub"), listing(dir.resolve("folder")));
        Metainfo folder = Metainfo.load(dir.resolve("folder.torrent"));
        assertTrue(folder.info().isMultiFile());
        assertEquals(9, folder.info().totalLength());
    }

    @Test
    void unreadableTorrentFromElsewhereIsReportedAndLeftAlone() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "alpha");
        Files.writeString(dir.resolve("old.torrent"), "not even bencode");

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of("a.txt"), names(catalog));
            assertEquals(1, catalog.problems().size());
            assertTrue(catalog.problems().get(0).contains("old.torrent"), catalog.problems().get(0));
        }
        assertEquals("not even bencode", Files.readString(dir.resolve("old.torrent")));
        assertFalse(Files.exists(dir.resolve("old.torrent.torrent")));
    }

    @Test
    void torrentFromElsewhereIsServedAsItIs() throws IOException {
        byte[] content = random(40_000, 12);
        byte[] foreign = foreignTorrent("shared.bin", content);
        Files.write(dir.resolve("shared.bin"), content);
        Path torrentFile = Files.write(dir.resolve("from-a-friend.torrent"), foreign);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            SeededTorrent torrent = catalog.torrents().get(0);
            assertEquals(1, catalog.torrents().size());
            assertEquals(Metainfo.parse(foreign).infoHash(), torrent.infoHash());
            assertEquals(torrentFile, torrent.torrentFile());
            assertEquals(List.of(), catalog.problems());
        }
        assertArrayEquals(foreign, Files.readAllBytes(torrentFile), "a foreign torrent is never rewritten");
        assertFalse(Files.exists(dir.resolve("shared.bin.torrent")));
    }

    /** A copy that does not match is never served; the torrent is still tracked, so peers can find each other. */
    @Test
    void torrentFromElsewhereWithOtherDataIsReportedAndTrackedNotServed() throws IOException {
        byte[] foreign = foreignTorrent("shared.bin", random(40_000, 13));
        Files.write(dir.resolve("shared.bin"), random(40_000, 14));
        Path torrentFile = Files.write(dir.resolve("from-a-friend.torrent"), foreign);
        String hash = Metainfo.parse(foreign).infoHash().hex();

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of(), catalog.torrents());
            assertEquals(Optional.empty(), catalog.find(hash));
            assertEquals(1, catalog.problems().size());
            assertTrue(catalog.problems().get(0).contains("from-a-friend.torrent"), catalog.problems().get(0));
            assertEquals(List.of(new TrackedTorrent(Metainfo.parse(foreign), torrentFile,
                    "its data here does not match")), catalog.tracked());
        }
        assertArrayEquals(foreign, Files.readAllBytes(dir.resolve("from-a-friend.torrent")));
        assertFalse(Files.exists(dir.resolve("shared.bin.torrent")), "the mismatching data gets no torrent either");
    }

    @Test
    void loneTorrentFromElsewhereIsTrackedAsItIs() throws IOException {
        byte[] foreign = foreignTorrent("shared.bin", random(40_000, 15));
        Path torrentFile = Files.write(dir.resolve("from-a-friend.torrent"), foreign);
        Metainfo metainfo = Metainfo.parse(foreign);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(List.of(), catalog.torrents());
            assertEquals(List.of(), catalog.problems());
            assertEquals(Optional.empty(), catalog.find(metainfo.infoHash().hex()));
            TrackedTorrent tracked = catalog.findTracked(metainfo.infoHash().hex()).orElseThrow();
            assertEquals(new TrackedTorrent(metainfo, torrentFile, "no data here"), tracked);
            assertArrayEquals(metainfo.infoBytes(), catalog.metainfo(metainfo.infoHash().hex()).orElseThrow()
                    .infoBytes());
        }
        assertArrayEquals(foreign, Files.readAllBytes(torrentFile), "a foreign torrent is never rewritten");
        assertEquals(Set.of("from-a-friend.torrent"), listing(dir), "no greeting: the folder was not empty");
    }

    /** The tracker's own torrent outlives its data: it is tracked, and still follows the tracker's address. */
    @Test
    void ownTorrentWhoseDataWasRemovedIsTrackedAndRetagged() throws IOException {
        Files.write(dir.resolve("gone.bin"), random(20_000, 16));
        String hash;
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            hash = catalog.torrents().get(0).infoHash().hex();
        }
        Files.delete(dir.resolve("gone.bin"));

        try (SeedCatalog catalog = SeedCatalog.open(dir, "quic://moved.example:7002", PIN)) {
            assertEquals(List.of(), catalog.torrents());
            assertEquals(List.of(), catalog.problems());
            assertEquals("no data here", catalog.findTracked(hash).orElseThrow().why());
        }
        Metainfo rewritten = Metainfo.load(dir.resolve("gone.bin.torrent"));
        assertEquals("quic://moved.example:7002", rewritten.announce());
        assertEquals(hash, rewritten.infoHash().hex());
    }

    @Test
    void writtenTorrentLoadsAndPinsTheFingerprint() throws IOException {
        byte[] content = random(3 * 16384 + 1000, 2);
        Files.write(dir.resolve("data.bin"), content);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            Metainfo loaded = Metainfo.load(dir.resolve("data.bin.torrent"));

            assertEquals(ANNOUNCE, loaded.announce());
            assertEquals(Optional.of(PIN.hex()), loaded.certificatePin());
            assertEquals("data.bin", loaded.info().name());
            assertFalse(loaded.info().isMultiFile());
            assertEquals(content.length, loaded.info().totalLength());
            assertEquals(16384, loaded.info().pieceLength());
            assertEquals(4, loaded.info().pieceCount());
            assertEquals(loaded.infoHash(), catalog.torrents().get(0).infoHash());
            assertEquals(InfoHash.of(loaded.infoBytes()), loaded.infoHash());
        }
    }

    @Test
    void storeReadsTheSeededBytes() throws IOException {
        byte[] content = random(20_000, 3);
        Files.write(dir.resolve("data.bin"), content);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            ByteBuffer all = ByteBuffer.allocate(content.length);
            catalog.torrents().get(0).store().read(0, all);
            assertArrayEquals(content, all.array());
        }
    }

    @Test
    void upToDateTorrentIsReusedWithoutRewriting() throws IOException {
        Path data = Files.write(dir.resolve("data.bin"), random(50_000, 4));
        Path torrentFile = dir.resolve("data.bin.torrent");
        InfoHash first;
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            first = catalog.torrents().get(0).infoHash();
        }
        Files.setLastModifiedTime(data, FileTime.from(T0));
        FileTime written = FileTime.from(T0.plusSeconds(10));
        Files.setLastModifiedTime(torrentFile, written);
        byte[] before = Files.readAllBytes(torrentFile);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(first, catalog.torrents().get(0).infoHash());
        }

        assertArrayEquals(before, Files.readAllBytes(torrentFile));
        assertEquals(written, Files.getLastModifiedTime(torrentFile));
    }

    /**
     * Size and modification time are what tell changed data apart: data that keeps both is served from the torrent
     * without being read again, which is why a restart of a large seed is instant.
     */
    @Test
    void dataThatLooksUnchangedIsNotHashedAgain() throws IOException {
        Path data = Files.write(dir.resolve("data.bin"), random(50_000, 15));
        InfoHash first;
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            first = catalog.torrents().get(0).infoHash();
        }
        FileTime stamp = Files.getLastModifiedTime(data);
        Files.write(data, random(50_000, 16));
        Files.setLastModifiedTime(data, stamp);

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(first, catalog.torrents().get(0).infoHash());
        }
    }

    @Test
    void changedDataFileIsHashedAgain() throws IOException {
        Path data = Files.write(dir.resolve("data.bin"), random(50_000, 5));
        Path torrentFile = dir.resolve("data.bin.torrent");
        InfoHash before;
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            before = catalog.torrents().get(0).infoHash();
        }
        Files.setLastModifiedTime(torrentFile, FileTime.from(T0));
        // Same length, new content: only the newer modification time gives the change away.
        byte[] changed = random(50_000, 6);
        Files.write(data, changed);
        Files.setLastModifiedTime(data, FileTime.from(T0.plusSeconds(10)));

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            SeededTorrent torrent = catalog.torrents().get(0);
            assertNotEquals(before, torrent.infoHash());
            assertEquals(torrent.infoHash(), Metainfo.load(torrentFile).infoHash());
            ByteBuffer all = ByteBuffer.allocate(changed.length);
            torrent.store().read(0, all);
            assertArrayEquals(changed, all.array());
        }
    }

    @Test
    void dataFileWithAnotherLengthIsHashedAgainEvenIfOlder() throws IOException {
        Path data = Files.write(dir.resolve("data.bin"), random(50_000, 7));
        Path torrentFile = dir.resolve("data.bin.torrent");
        SeedCatalog.open(dir, ANNOUNCE, PIN).close();
        Files.write(data, random(50_001, 7));
        Files.setLastModifiedTime(data, FileTime.from(T0));
        Files.setLastModifiedTime(torrentFile, FileTime.from(T0.plusSeconds(10)));

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(50_001, catalog.torrents().get(0).metainfo().info().totalLength());
        }
        assertEquals(50_001, Metainfo.load(torrentFile).info().totalLength());
    }

    @Test
    void newAnnounceUrlRewritesTheTorrentWithTheSameInfoHash() throws IOException {
        Files.write(dir.resolve("data.bin"), random(50_000, 8));
        Path torrentFile = dir.resolve("data.bin.torrent");
        InfoHash before;
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            before = catalog.torrents().get(0).infoHash();
        }
        byte[] infoBytes = Metainfo.load(torrentFile).infoBytes();

        try (SeedCatalog catalog = SeedCatalog.open(dir, "quic://moved.example:7002", PIN)) {
            assertEquals(before, catalog.torrents().get(0).infoHash());
            assertEquals("quic://moved.example:7002", catalog.torrents().get(0).metainfo().announce());
        }

        Metainfo rewritten = Metainfo.load(torrentFile);
        assertEquals("quic://moved.example:7002", rewritten.announce());
        assertEquals(Optional.of(PIN.hex()), rewritten.certificatePin());
        assertEquals(before, rewritten.infoHash());
        assertArrayEquals(infoBytes, rewritten.infoBytes());
    }

    @Test
    void newCertificatePinRewritesTheTorrentWithTheSameInfoHash() throws IOException {
        Files.write(dir.resolve("data.bin"), random(50_000, 9));
        Path torrentFile = dir.resolve("data.bin.torrent");
        InfoHash before;
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            before = catalog.torrents().get(0).infoHash();
        }

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, OTHER_PIN)) {
            assertEquals(before, catalog.torrents().get(0).infoHash());
        }

        Metainfo rewritten = Metainfo.load(torrentFile);
        assertEquals(Optional.of(OTHER_PIN.hex()), rewritten.certificatePin());
        assertEquals(ANNOUNCE, rewritten.announce());
        assertEquals(before, rewritten.infoHash());
    }

    @Test
    void corruptTorrentIsReplaced() throws IOException {
        Files.write(dir.resolve("data.bin"), random(1000, 10));
        Path torrentFile = dir.resolve("data.bin.torrent");
        SeedCatalog.open(dir, ANNOUNCE, PIN).close();
        InfoHash expected = Metainfo.load(torrentFile).infoHash();
        Files.writeString(torrentFile, "d4:junk");

        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(expected, catalog.torrents().get(0).infoHash());
        }
        assertEquals(expected, Metainfo.load(torrentFile).infoHash());
    }

    @Test
    void unknownInfoHashIsNotFound() throws IOException {
        try (SeedCatalog catalog = SeedCatalog.open(dir, ANNOUNCE, PIN)) {
            assertEquals(Optional.empty(), catalog.find("0".repeat(40)));
        }
    }

    private static List<String> names(SeedCatalog catalog) {
        return catalog.torrents().stream().map(SeededTorrent::name).toList();
    }

    /** The names in {@code folder}, without the hidden folder where the catalog keeps its own state. */
    private static Set<String> listing(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> !name.equals(".qtorrent"))
                    .collect(Collectors.toSet());
        }
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
