package dev.qtorrent.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qtorrent.common.metainfo.FileEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StorageLayoutTest {

    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /** Files a(10) b(0) c(5) d(0) e(20): 35 bytes, 16-byte pieces 0..2, with empty files between the others. */
    private static final StorageLayout MIXED = layout(16, 10, 0, 5, 0, 20);

    static Stream<Arguments> mixedRanges() {
        return Stream.of(
                Arguments.of("piece 0 spans three files and skips an empty one", 0, 16,
                        List.of(span(0, 0, 10), span(2, 0, 5), span(4, 0, 1))),
                Arguments.of("piece 1 inside the last file", 16, 16, List.of(span(4, 1, 16))),
                Arguments.of("short last piece", 32, 3, List.of(span(4, 17, 3))),
                Arguments.of("starts where an empty file sits", 10, 5, List.of(span(2, 0, 5))),
                Arguments.of("crosses one boundary", 9, 2, List.of(span(0, 9, 1), span(2, 0, 1))),
                Arguments.of("whole torrent", 0, 35, List.of(span(0, 0, 10), span(2, 0, 5), span(4, 0, 20))),
                Arguments.of("empty range", 15, 0, List.of()),
                Arguments.of("empty range at the end", 35, 0, List.of()),
                Arguments.of("last byte", 34, 1, List.of(span(4, 19, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixedRanges")
    void mapsARangeToFileSpans(String description, long offset, long length, List<FileSpan> expected) {
        assertEquals(expected, MIXED.spans(offset, length));
    }

    @Test
    void piecesOfTheMixedLayout() {
        assertEquals(35, MIXED.totalLength());
        assertEquals(3, MIXED.pieceCount());
        assertEquals(List.of(16L, 16L, 3L), List.of(MIXED.pieceSize(0), MIXED.pieceSize(1), MIXED.pieceSize(2)));
        assertEquals(MIXED.spans(0, 16), MIXED.pieceSpans(0));
        assertEquals(List.of(0L, 10L, 10L, 15L, 15L),
                List.of(MIXED.fileOffset(0), MIXED.fileOffset(1), MIXED.fileOffset(2), MIXED.fileOffset(3),
                        MIXED.fileOffset(4)));
    }

    @ParameterizedTest
    @CsvSource({"-1, 1", "0, 36", "35, 1", "30, -1"})
    void rejectsRangesOutsideTheTorrent(long offset, long length) {
        assertThrows(IndexOutOfBoundsException.class, () -> MIXED.spans(offset, length));
    }

    @ParameterizedTest
    @CsvSource({"-1", "3"})
    void rejectsBadPieceIndexes(int index) {
        assertThrows(IndexOutOfBoundsException.class, () -> MIXED.pieceOffset(index));
        assertThrows(IndexOutOfBoundsException.class, () -> MIXED.pieceSize(index));
    }

    @Test
    void skipsLeadingAndTrailingEmptyFiles() {
        StorageLayout layout = layout(4, 0, 0, 7, 0);

        assertEquals(List.of(span(2, 0, 4)), layout.pieceSpans(0));
        assertEquals(List.of(span(2, 4, 3)), layout.pieceSpans(1));
    }

    @Test
    void allEmptyFilesMeanNoPieces() {
        StorageLayout layout = layout(16, 0, 0);

        assertEquals(0, layout.totalLength());
        assertEquals(0, layout.pieceCount());
        assertEquals(List.of(), layout.spans(0, 0));
    }

    @Test
    void sixGibibytesInSixteenKibibytePieces() {
        StorageLayout layout = layout(16 * KIB, 6 * GIB);
        int last = 393_215;

        assertEquals(393_216, layout.pieceCount());
        assertEquals(6 * GIB - 16 * KIB, layout.pieceOffset(last));
        assertEquals(16 * KIB, layout.pieceSize(last));
        assertEquals(List.of(span(0, 6 * GIB - 16 * KIB, 16 * KIB)), layout.pieceSpans(last));
        // 131,072 * 16 KiB = 2 GiB: the first offset that no longer fits an int.
        assertEquals(2 * GIB, layout.pieceOffset(131_072));
    }

    @Test
    void shortLastPieceBeyondFourGibibytes() {
        StorageLayout layout = layout(16 * KIB, 4 * GIB + 100);

        assertEquals(262_145, layout.pieceCount());
        assertEquals(4 * GIB, layout.pieceOffset(262_144));
        assertEquals(100, layout.pieceSize(262_144));
    }

    @Test
    void pieceSpanningFilesBeyondThreeGibibytes() {
        StorageLayout layout = layout(16 * MIB, 3 * GIB + 1000, 0, 3 * GIB);
        int piece = 192;

        assertEquals(3 * GIB, layout.pieceOffset(piece));
        assertEquals(List.of(span(0, 3 * GIB, 1000), span(2, 0, 16 * MIB - 1000)), layout.pieceSpans(piece));
        assertEquals(List.of(span(2, 3 * GIB - 1000, 1000)), layout.pieceSpans(layout.pieceCount() - 1));
        assertEquals(6 * GIB + 1000, layout.totalLength());
        assertEquals(385, layout.pieceCount());
    }

    @Test
    void rejectsANonPositivePieceLength() {
        assertThrows(IllegalArgumentException.class, () -> layout(0, 10));
    }

    private static StorageLayout layout(long pieceLength, long... lengths) {
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            files.add(new FileEntry(List.of("t", "f" + i), lengths[i]));
        }
        return new StorageLayout(files, pieceLength);
    }

    private static FileSpan span(int file, long offset, long length) {
        return new FileSpan(file, offset, length);
    }
}
