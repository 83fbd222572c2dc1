package dev.qtorrent.common.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BInteger;
import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.Fixtures;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.TorrentFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TorrentWriterTest {

    private static final String ANNOUNCE = "https://tracker.example:4433/announce";
    private static final String PIN = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /**
     * mktorrent writes an info dictionary with exactly our four keys, so hashing the same file with the same piece
     * length must give the info hash transmission-show printed for mktorrent's torrent.
     */
    @ParameterizedTest
    @CsvSource({
            "greeting.txt, 32768, 5ce74bf6da0715b1ef84986f6448055555f7f73a",
            "lines.txt,    32768, a10df997198180f6b5a773057ffd220a5c92551f",
            // A folder: nested files and an empty one, in mktorrent's multi-file layout.
            "album,        32768, fb00432ed282bc75626d693b77af76d8eed9b398"})
    void matchesTheInfoHashOfMktorrent(String content, long pieceLength, String toolHash) throws IOException {
        // Hashing must not depend on how a folder's files happen to be listed, only on their torrent order.
        Metainfo metainfo = TorrentWriter.create(Fixtures.file(content), ANNOUNCE, null, pieceLength,
                HashProgress.none());

        assertEquals(toolHash, metainfo.infoHash().hex());
    }

    @Test
    void roundTripsThroughParse(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("data.bin"), deterministicBytes(100_000));

        Metainfo created = TorrentWriter.create(file, ANNOUNCE, PIN, 16384, Instant.ofEpochSecond(1_700_000_000),
                HashProgress.none());
        Metainfo parsed = Metainfo.parse(created.toBytes());

        assertEquals(created.infoHash(), parsed.infoHash());
        assertEquals(InfoHash.of(parsed.infoBytes()), parsed.infoHash());
        assertEquals(ANNOUNCE, parsed.announce());
        assertEquals(Optional.of(PIN), parsed.certificatePin());
        assertEquals(Set.of("announce", "created by", "creation date", "info", Metainfo.CERT_PIN_KEY),
                parsed.root().entries().keySet());
        assertEquals(new BInteger(1_700_000_000), parsed.get("creation date").orElseThrow());
        assertEquals(Set.of("length", "name", "piece length", "pieces"), parsed.info().raw().entries().keySet());
        assertEquals(List.of(new FileEntry(List.of("data.bin"), 100_000)), parsed.info().files());
        assertPiecesAreSha1Of(Files.readAllBytes(file), parsed.info());
    }

    /** A piece length that does not divide the 1 MiB read buffer makes pieces straddle reads. */
    @ParameterizedTest
    @CsvSource({"2621440, 100003", "2621440, 1048576", "1048577, 16384", "1, 16384"})
    void hashesEveryPieceAcrossReadBoundaries(int size, long pieceLength, @TempDir Path dir) throws Exception {
        byte[] content = deterministicBytes(size);
        Path file = Files.write(dir.resolve("data.bin"), content);
        List<long[]> progress = new ArrayList<>();

        Metainfo metainfo = TorrentWriter.create(file, ANNOUNCE, null, pieceLength,
                (done, total) -> progress.add(new long[] {done, total}));

        assertPiecesAreSha1Of(content, metainfo.info());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i)[0] > progress.get(i - 1)[0], "progress must increase");
        }
        assertArrayEquals(new long[] {size, size}, progress.get(progress.size() - 1));
    }

    @Test
    void rejectsBadArguments(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("data.bin"), new byte[10]);
        Path device = Files.write(dir.resolve("con.txt"), new byte[10]);
        HashProgress none = HashProgress.none();

        assertThrows(IllegalArgumentException.class, () -> TorrentWriter.create(file, ANNOUNCE, "abc", 16384, none));
        assertThrows(IllegalArgumentException.class, () -> TorrentWriter.create(file, ANNOUNCE, null, 0, none));
        assertThrows(IllegalArgumentException.class, () -> TorrentWriter.create(device, ANNOUNCE, null, 16384, none));
        assertThrows(NoSuchFileException.class,
                () -> TorrentWriter.create(dir.resolve("missing"), ANNOUNCE, null, 16384, none));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThrows(IOException.class, () -> TorrentWriter.create(empty, ANNOUNCE, null, 16384, none));
        // Data of no bytes would make a torrent without pieces, which other clients refuse (see InteropTest).
        Path emptyFile = Files.write(dir.resolve("empty/zero.bin"), new byte[0]);
        Files.createDirectories(dir.resolve("empty/sub"));
        Files.write(dir.resolve("empty/sub/also-zero.txt"), new byte[0]);
        for (Path noData : List.of(emptyFile, empty)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TorrentWriter.create(noData, ANNOUNCE, null, 16384, none));
            assertTrue(e.getMessage().contains(TorrentFiles.EMPTY_DATA), e.getMessage());
            assertFalse(TorrentFiles.holdsData(noData));
        }
        assertTrue(TorrentFiles.holdsData(file));
        // A folder whose files include a name no downloader may create is refused as a whole.
        assertThrows(IllegalArgumentException.class, () -> TorrentWriter.create(dir, ANNOUNCE, null, 16384, none));
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("greeting.txt.torrent");
        Files.writeString(target, "old contents");
        Metainfo metainfo = TorrentWriter.create(Fixtures.file("greeting.txt"), ANNOUNCE, PIN, 16384,
                HashProgress.none());

        TorrentWriter.write(metainfo, target);

        assertArrayEquals(metainfo.toBytes(), Files.readAllBytes(target));
        assertEquals(metainfo, Metainfo.load(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    static void assertPiecesAreSha1Of(byte[] content, InfoDictionary info) throws Exception {
        int expectedPieces = (int) ((content.length + info.pieceLength() - 1) / info.pieceLength());
        assertEquals(expectedPieces, info.pieceCount());
        assertEquals(content.length, info.totalLength());
        for (int i = 0; i < info.pieceCount(); i++) {
            int from = (int) (i * info.pieceLength());
            int to = (int) Math.min(content.length, from + info.pieceLength());
            byte[] expected = MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(content, from, to));
            assertArrayEquals(expected, info.pieceHash(i), "piece " + i);
            assertEquals(to - from, info.pieceSize(i));
        }
    }

    /** Bytes from a fixed linear congruential sequence: varied enough that misplaced bytes change the hashes. */
    static byte[] deterministicBytes(int size) {
        byte[] bytes = new byte[size];
        int state = 12345;
        for (int i = 0; i < size; i++) {
            state = state * 1103515245 + 12345;
            bytes[i] = (byte) (state >>> 16);
        }
        return bytes;
    }

}
