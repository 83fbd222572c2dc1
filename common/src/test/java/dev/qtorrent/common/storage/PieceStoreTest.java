package dev.qtorrent.common.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.SafePath;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceStoreTest {

    /** a(10) b(0) c(5) d(0) e(20) in folder t, 16-byte pieces: piece 0 spans a, c and e. */
    private static final List<FileEntry> FILES = List.of(
            file(10, "t", "a"), file(0, "t", "b"), file(5, "t", "sub", "c"), file(0, "t", "d"), file(20, "t", "e"));

    @TempDir
    Path root;

    @Test
    void writesAcrossFilesAndReadsBack() throws IOException {
        StorageLayout layout = new StorageLayout(FILES, 16);
        byte[] content = sequence(35);

        try (PieceStore store = open(layout, true)) {
            store.write(0, ByteBuffer.wrap(content, 0, 16));
            store.write(16, ByteBuffer.wrap(content, 16, 19));

            ByteBuffer all = ByteBuffer.allocate(35);
            assertEquals(35, store.read(0, all));
            assertArrayEquals(content, all.array());
        }
        assertArrayEquals(Arrays.copyOfRange(content, 0, 10), Files.readAllBytes(root.resolve("t/a")));
        assertArrayEquals(Arrays.copyOfRange(content, 10, 15), Files.readAllBytes(root.resolve("t/sub/c")));
        assertArrayEquals(Arrays.copyOfRange(content, 15, 35), Files.readAllBytes(root.resolve("t/e")));
        assertEquals(0, Files.size(root.resolve("t/b")));
        assertEquals(0, Files.size(root.resolve("t/d")));
    }

    @Test
    void alignedBlocksGoPastThePageCacheAndEverythingReadsBackAsWritten() throws IOException {
        // Files whose boundaries and ends are not aligned: blocks that cross a boundary or reach an end are
        // written through the page cache, the rest directly, and both ways must agree, in any order.
        int block = 16 << 10;
        long large = DirectWrites.MIN_FILE_BYTES;
        StorageLayout layout = new StorageLayout(List.of(file(large + 1000, "one"), file(large + 40_000, "two"),
                file(40_000, "small")), block);
        int total = (int) layout.totalLength();
        byte[] content = sequence(total);
        byte[] stale = new byte[total];
        Arrays.fill(stale, (byte) 0x5a);
        try (PieceStore store = open(layout, true)) {
            String type = Files.getFileStore(root).type();
            if (List.of("ext4", "xfs", "btrfs").contains(type)) {
                assertTrue(store.writesPastPageCache(0), "direct writes on " + type);
                assertTrue(store.writesPastPageCache(1), "direct writes on " + type);
            }
            assertFalse(store.writesPastPageCache(2), "a small file has its usual channel only");
            // Stale bytes first through the page cache (heap buffers), then the real ones over them, last block first.
            store.write(0, ByteBuffer.wrap(stale));
            for (int offset = (total - 1) / block * block; offset >= 0; offset -= block) {
                int length = Math.min(block, total - offset);
                ByteBuffer buffer = PieceStore.allocateBlock(block);
                buffer.put(content, offset, length).flip();
                store.write(offset, buffer);
            }
            ByteBuffer all = ByteBuffer.allocate(total);
            assertEquals(total, store.read(0, all));
            assertArrayEquals(content, all.array());
            // A file whose direct writes were refused takes the usual way for the rest.
            store.refuseDirectWrites(0);
            assertFalse(store.writesPastPageCache(0));
            ByteBuffer again = PieceStore.allocateBlock(block);
            again.put(stale, 0, block).flip();
            store.write(2 * block, again);
            System.arraycopy(stale, 0, content, 2 * block, block);
            // And page-cache bytes over directly written ones.
            store.write(block + 10, ByteBuffer.wrap(stale, 0, 100));
            System.arraycopy(stale, 0, content, block + 10, 100);
        }
        ByteBuffer files = ByteBuffer.allocate(total);
        for (String name : List.of("one", "two", "small")) {
            files.put(Files.readAllBytes(root.resolve(name)));
        }
        assertEquals(total, files.position());
        assertArrayEquals(content, files.array());
    }

    @Test
    void readStopsAtTheEndOfTheTorrentAndRestoresTheLimit() throws IOException {
        StorageLayout layout = new StorageLayout(FILES, 16);
        writeFiles(sequence(35));

        try (PieceStore store = open(layout, false)) {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            buffer.position(3);

            assertEquals(5, store.read(30, buffer));
            assertEquals(8, buffer.position());
            assertEquals(64, buffer.limit());
            assertArrayEquals(Arrays.copyOfRange(sequence(35), 30, 35), Arrays.copyOfRange(buffer.array(), 3, 8));
            assertEquals(0, store.read(35, buffer));
            assertThrows(IndexOutOfBoundsException.class, () -> store.read(36, ByteBuffer.allocate(1)));
        }
    }

    @Test
    void readOnlyStoreNeedsOnlyTheNonEmptyFiles() throws IOException {
        StorageLayout layout = new StorageLayout(FILES, 16);
        writeFiles(sequence(35));
        Files.delete(root.resolve("t/b"));

        try (PieceStore store = open(layout, false)) {
            assertThrows(IllegalStateException.class, () -> store.write(0, ByteBuffer.allocate(1)));
        }
        Files.delete(root.resolve("t/e"));
        assertThrows(NoSuchFileException.class, () -> open(layout, false));
    }

    @Test
    void reportsAFileShorterThanTheLayout() throws IOException {
        StorageLayout layout = new StorageLayout(FILES, 16);
        writeFiles(sequence(35));
        Files.write(root.resolve("t/e"), new byte[3]);

        try (PieceStore store = open(layout, false)) {
            EOFException e = assertThrows(EOFException.class, () -> store.read(0, ByteBuffer.allocate(35)));
            assertTrue(e.getMessage().contains("ends at byte 3"), e.getMessage());
        }
    }

    @Test
    void rejectsWritesPastTheEnd() throws IOException {
        try (PieceStore store = open(new StorageLayout(FILES, 16), true)) {
            assertThrows(IndexOutOfBoundsException.class, () -> store.write(30, ByteBuffer.allocate(6)));
        }
    }

    @Test
    void rejectsPathsOutsideTheRoot() {
        StorageLayout layout = new StorageLayout(List.of(file(1, "x")), 16);

        assertThrows(IllegalArgumentException.class,
                () -> PieceStore.open(root, List.of(Path.of("../x")), layout, true));
        assertThrows(IllegalArgumentException.class, () -> PieceStore.open(root, List.of(), layout, true));
    }

    @Test
    void concurrentWritesToDifferentPiecesDoNotInterfere() throws Exception {
        int pieceLength = 4096;
        int pieces = 64;
        StorageLayout layout = new StorageLayout(List.of(file(pieceLength * (long) pieces - 100, "big.bin")),
                pieceLength);
        byte[] content = sequence(pieceLength * pieces - 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (PieceStore store = open(layout, true)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int piece = 0; piece < layout.pieceCount(); piece++) {
                int offset = (int) layout.pieceOffset(piece);
                int size = (int) layout.pieceSize(piece);
                writes.add(pool.submit(() -> {
                    store.write(offset, ByteBuffer.wrap(content, offset, size));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }

            ByteBuffer all = ByteBuffer.allocate(content.length);
            store.read(0, all);
            assertArrayEquals(content, all.array());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A sparse 5 GiB file: only the few bytes written touch the disk, so the test stays fast. */
    @Test
    void readsAndWritesBeyondFourGibibytesInASparseFile() throws IOException {
        long size = 5L << 30;
        try (RandomAccessFile file = new RandomAccessFile(root.resolve("huge.bin").toFile(), "rw")) {
            file.setLength(size);
        }
        StorageLayout layout = new StorageLayout(List.of(file(size, "huge.bin")), 16L << 10);
        long offset = (4L << 30) + 123;
        byte[] marker = "beyond 4 GiB".getBytes(StandardCharsets.US_ASCII);

        try (PieceStore store = open(layout, true)) {
            store.write(offset, ByteBuffer.wrap(marker));
            ByteBuffer back = ByteBuffer.allocate(marker.length + 2);
            assertEquals(back.capacity(), store.read(offset - 1, back));

            assertEquals(0, back.get(0));
            assertArrayEquals(marker, Arrays.copyOfRange(back.array(), 1, 1 + marker.length));
            assertEquals(0, back.get(back.capacity() - 1));
        }
        assertEquals(size, Files.size(root.resolve("huge.bin")));
        try (RandomAccessFile file = new RandomAccessFile(root.resolve("huge.bin").toFile(), "r")) {
            byte[] direct = new byte[marker.length];
            file.seek(offset);
            file.readFully(direct);
            assertArrayEquals(marker, direct);
        }
    }

    private PieceStore open(StorageLayout layout, boolean writable) throws IOException {
        List<Path> paths = layout.files().stream().map(f -> SafePath.resolve(root, f.path())).toList();
        return PieceStore.open(root, paths, layout, writable);
    }

    private void writeFiles(byte[] content) throws IOException {
        long offset = 0;
        for (FileEntry entry : FILES) {
            Path path = SafePath.resolve(root, entry.path());
            Files.createDirectories(path.getParent());
            Files.write(path, Arrays.copyOfRange(content, (int) offset, (int) (offset + entry.length())));
            offset += entry.length();
        }
    }

    private static FileEntry file(long length, String... path) {
        return new FileEntry(List.of(path), length);
    }

    private static byte[] sequence(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 7 + 1);
        }
        return bytes;
    }
}
