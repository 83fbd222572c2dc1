package dev.qtorrent.common.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BList;
import dev.qtorrent.common.bencode.BValue;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MetainfoTest {

    private static final String PIN = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /**
     * The info hashes were printed by {@code transmission-show} 3.00 and {@code aria2c -S} 1.36 for torrents made by
     * {@code mktorrent} 1.1 and {@code transmission-create} 3.00 from the content files beside them.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            greeting.mktorrent.torrent   | 5ce74bf6da0715b1ef84986f6448055555f7f73a | greeting.txt | 32768 | 1 | 13    | 1
            lines.mktorrent.torrent      | a10df997198180f6b5a773057ffd220a5c92551f | lines.txt    | 32768 | 3 | 94800 | 1
            lines.transmission.torrent   | 8dcd7d361b406a39d0c5a70620c88d02a306396c | lines.txt    | 16384 | 6 | 94800 | 1
            album.transmission.torrent   | 1819c8f8308e6d00b1d23d0b8b04dc613153d04a | album        | 16384 | 4 | 49200 | 2
            album.mktorrent.torrent      | fb00432ed282bc75626d693b77af76d8eed9b398 | album        | 32768 | 2 | 49200 | 3
            """)
    void parsesTorrentsMadeByOtherTools(String torrent, String toolHash, String name, long pieceLength,
                                        int pieceCount, long totalLength, int fileCount) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.file(torrent));

        Metainfo metainfo = Metainfo.load(Fixtures.file(torrent));

        assertEquals(toolHash, metainfo.infoHash().hex());
        assertEquals(InfoHash.fromHex(toolHash), metainfo.infoHash());
        InfoDictionary info = metainfo.info();
        assertEquals(name, info.name());
        assertEquals(pieceLength, info.pieceLength());
        assertEquals(pieceCount, info.pieceCount());
        assertEquals(totalLength, info.totalLength());
        assertEquals(fileCount, info.files().size());
        assertEquals(fileCount > 1, info.isMultiFile());
        assertEquals("https://tracker.example:4433/announce", metainfo.announce());
        assertTrue(metainfo.certificatePin().isEmpty());
        assertArrayEquals(bytes, metainfo.toBytes());
        assertEquals(metainfo, Metainfo.parse(bytes));
    }

    @ParameterizedTest
    @CsvSource({"greeting.mktorrent.torrent", "lines.transmission.torrent", "album.transmission.torrent",
            "album.mktorrent.torrent"})
    void pieceHashesMatchTheContentFiles(String torrent) throws Exception {
        InfoDictionary info = Metainfo.load(Fixtures.file(torrent)).info();
        StorageLayout layout = StorageLayout.of(info);
        List<Path> paths = info.files().stream().map(f -> SafePath.resolve(Fixtures.dir(), f.path())).toList();

        try (PieceStore store = PieceStore.open(Fixtures.dir(), paths, layout, false)) {
            for (int piece = 0; piece < info.pieceCount(); piece++) {
                ByteBuffer buffer = ByteBuffer.allocate((int) info.pieceSize(piece));
                store.read(layout.pieceOffset(piece), buffer);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(buffer.array());
                assertArrayEquals(info.pieceHash(piece), digest, "piece " + piece);
            }
        }
    }

    @Test
    void multiFilePathsStartWithTheTorrentName() {
        InfoDictionary info = Metainfo.load(Fixtures.file("album.mktorrent.torrent")).info();

        assertEquals(List.of(
                new FileEntry(List.of("album", "01-intro.txt"), 13200),
                new FileEntry(List.of("album", "02-empty.txt"), 0),
                new FileEntry(List.of("album", "sub", "03-outro.txt"), 36000)), info.files());
        assertEquals(16432, info.pieceSize(1));
        assertThrows(IndexOutOfBoundsException.class, () -> info.pieceSize(2));
        assertThrows(IndexOutOfBoundsException.class, () -> info.pieceHash(-1));
    }

    @Test
    void keepsKeysItDoesNotInterpret() {
        Metainfo metainfo = Metainfo.load(Fixtures.file("album.transmission.torrent"));

        BValue tiers = metainfo.get("announce-list").orElseThrow();
        assertEquals(2, ((BList) tiers).values().size());
        assertTrue(metainfo.get("created by").isPresent());
        assertTrue(metainfo.info().raw().containsKey("private"));
        assertArrayEquals(Bencode.encode(metainfo.info().raw()), metainfo.infoBytes());
    }

    @Test
    void hashesTheInfoBytesExactlyAsWritten() {
        byte[] info = ascii("d6:lengthi3e4:name1:x12:piece lengthi16384e6:pieces20:" + "a".repeat(20) + "e");
        byte[] torrent = concat(ascii("d4:info"), info, ascii("e"));

        Metainfo metainfo = Metainfo.parse(torrent);

        assertArrayEquals(info, metainfo.infoBytes());
        assertEquals(InfoHash.of(info), metainfo.infoHash());
        assertEquals("", metainfo.announce());
    }

    @Test
    void readsAndNormalizesTheCertificatePin() {
        byte[] torrent = torrentWith(PIN.toUpperCase());

        assertEquals(PIN, Metainfo.parse(torrent).certificatePin().orElseThrow());
    }

    static Stream<Arguments> invalidTorrents() {
        String pieces20 = "6:pieces20:" + "a".repeat(20);
        return Stream.of(
                Arguments.of("malformed bencode", "d4:infoi03ee",
                        "not a valid torrent: bad bencode at byte 8: leading zero in integer"),
                Arguments.of("trailing garbage", "de!", "not a valid torrent: bad bencode at byte 2: trailing data"),
                Arguments.of("not a dictionary", "le", "not a valid torrent: the top level must be a dictionary"),
                Arguments.of("no info", "de", "not a valid torrent: info is missing"),
                Arguments.of("pieces not a multiple of 20",
                        "d4:infod6:lengthi3e4:name1:x12:piece lengthi16e6:pieces21:" + "a".repeat(21) + "ee",
                        "not a valid torrent: info: pieces length 21 is not a multiple of 20"),
                Arguments.of("pieces count wrong",
                        "d4:infod6:lengthi40e4:name1:x12:piece lengthi16e" + pieces20 + "ee",
                        "not a valid torrent: info: pieces holds 1 hashes but 40 bytes in pieces of 16 need 3"),
                Arguments.of("zero piece length",
                        "d4:infod6:lengthi3e4:name1:x12:piece lengthi0e" + pieces20 + "ee",
                        "not a valid torrent: info: piece length must be positive, not 0"),
                Arguments.of("negative length",
                        "d4:infod6:lengthi-3e4:name1:x12:piece lengthi16e" + pieces20 + "ee",
                        "not a valid torrent: info: file x has negative length -3"),
                Arguments.of("escaping name",
                        "d4:infod6:lengthi3e4:name2:..12:piece lengthi16e" + pieces20 + "ee",
                        "not a valid torrent: info.name: unsafe path element \"..\""),
                Arguments.of("escaping multi-file path",
                        "d4:infod5:filesld6:lengthi3e4:pathl2:..6:passwdeee4:name1:x12:piece lengthi16e"
                                + pieces20 + "ee",
                        "not a valid torrent: info.files[0]: unsafe path element \"..\""),
                Arguments.of("both length and files",
                        "d4:infod5:filesle6:lengthi3e4:name1:x12:piece lengthi16e" + pieces20 + "ee",
                        "not a valid torrent: info must have exactly one of length"),
                Arguments.of("v2-only torrent",
                        "d4:infod9:file treede12:meta versioni2e4:name1:x12:piece lengthi16384eee",
                        "not a valid torrent: BitTorrent v2-only torrents are not supported"),
                Arguments.of("pin too short", new String(torrentWith("abc123"), StandardCharsets.ISO_8859_1),
                        "not a valid torrent: qtorrent cert sha256 must be 64 hex digits"),
                Arguments.of("pin not hex", new String(torrentWith("g" + PIN.substring(1)), StandardCharsets.ISO_8859_1),
                        "not a valid torrent: qtorrent cert sha256 must be 64 hex digits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTorrents")
    void rejectsInvalidTorrentsWithAClearMessage(String description, String torrent, String messageStart) {
        byte[] bytes = torrent.getBytes(StandardCharsets.ISO_8859_1);

        MetainfoException e = assertThrows(MetainfoException.class, () -> Metainfo.parse(bytes));

        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    @Test
    void loadNamesAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("seed").resolve("x.torrent");

        MetainfoException e = assertThrows(MetainfoException.class, () -> Metainfo.load(missing));

        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void loadNamesTheFileAndTheOffsetOfBadBencode(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("x.torrent"), ascii("d8:announce3:url4:infod4:name"));

        MetainfoException e = assertThrows(MetainfoException.class, () -> Metainfo.load(file));

        assertEquals(file + ": not a valid torrent: bad bencode at byte 29: unexpected end of input", e.getMessage());
    }

    @Test
    void loadRejectsADirectory(@TempDir Path dir) {
        MetainfoException e = assertThrows(MetainfoException.class, () -> Metainfo.load(dir));

        assertTrue(e.getMessage().startsWith(dir + ": is a directory"), e.getMessage());
    }

    @Test
    void infoDictionaryConstructorValidatesAndCopies() {
        byte[] pieces = new byte[20];
        InfoDictionary info = InfoDictionary.singleFile("x", 5, 16, pieces);
        pieces[0] = 1;

        assertEquals(0, info.pieceHash(0)[0]);
        assertFalse(info.isMultiFile());
        assertEquals(List.of(new FileEntry(List.of("x"), 5)), info.files());
        BDict raw = info.raw();
        assertThrows(IllegalArgumentException.class,
                () -> new InfoDictionary("x", 16, new byte[20], List.of(new FileEntry(List.of("y"), 5)), false, raw));
        assertThrows(IllegalArgumentException.class,
                () -> new InfoDictionary("x", 16, new byte[20], List.of(new FileEntry(List.of("x", "y"), 5)), false,
                        raw));
        assertThrows(IllegalArgumentException.class,
                () -> new InfoDictionary("x", 16, new byte[20], List.of(new FileEntry(List.of("y", "z"), 5)), true,
                        raw));
    }

    private static byte[] torrentWith(String pin) {
        BDict info = InfoDictionary.singleFile("x", 1, 16384, new byte[20]).raw();
        return Bencode.encode(BDict.builder().put("info", info).put(Metainfo.CERT_PIN_KEY, pin).build());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
