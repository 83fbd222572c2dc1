package dev.qtorrent.client.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.storage.PieceStore;
import dev.qtorrent.common.storage.StorageLayout;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk writer's offsets on a sparse part file of 5 GiB: pieces whose bytes lie past 2 GiB and 4 GiB, one of them
 * straddling the 4 GiB mark, written block by block at {@code long} offsets, hashed in order and checked. Only the
 * pieces written touch the disk, so the test stays small and fast.
 */
@Timeout(60)
class DiskWriterTest {
    private static final long GIB = 1L << 30;
    private static final long TOTAL = 5 * GIB + 12_345;
    /** Not a power of two, so that piece boundaries fall anywhere relative to 2^31 and 2^32. */
    private static final long PIECE_LENGTH = 3 * (1L << 20) + 5;

    @TempDir
    Path dir;

    @Test
    void writesPiecesPastFourGibibytesAtTheirOffsets() throws Exception {
        StorageLayout layout = new StorageLayout(List.of(new FileEntry(List.of("huge.bin"), TOTAL)), PIECE_LENGTH);
        Path part = dir.resolve("huge.bin.part");
        try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw")) {
            file.setLength(TOTAL);
        }
        int straddling = (int) ((4 * GIB) / PIECE_LENGTH);
        int pastTwo = (int) ((2 * GIB) / PIECE_LENGTH) + 1;
        int last = layout.pieceCount() - 1;
        assertTrue(layout.pieceOffset(straddling) < 4 * GIB);
        assertTrue(layout.pieceOffset(straddling) + layout.pieceSize(straddling) > 4 * GIB);
        assertTrue(layout.pieceSize(last) < PIECE_LENGTH);

        try (PieceStore store = PieceStore.open(dir, List.of(part), layout, true)) {
            DiskWriter writer = new DiskWriter(store);
            for (int index : new int[] {pastTwo, straddling, last}) {
                assertTrue(writePiece(writer, layout, index, content(index, layout.pieceSize(index))),
                        "piece " + index + " should check out");
            }
            writer.flush();
            writer.close();
        }

        assertEquals(TOTAL, Files.size(part));
        try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "r")) {
            for (int index : new int[] {pastTwo, straddling, last}) {
                byte[] back = new byte[(int) layout.pieceSize(index)];
                file.seek(layout.pieceOffset(index));
                file.readFully(back);
                assertArrayEquals(content(index, back.length), back, "piece " + index);
            }
            // The byte before the straddling piece was never written: still a hole of zeros.
            file.seek(layout.pieceOffset(straddling) - 1);
            assertEquals(0, file.read());
        }
    }

    @Test
    void reportsAPieceWhoseBytesDoNotMatchItsHash() throws Exception {
        StorageLayout layout = new StorageLayout(List.of(new FileEntry(List.of("small.bin"), 1_000_000)), 600_000);
        Path part = dir.resolve("small.bin.part");
        try (PieceStore store = PieceStore.open(dir, List.of(part), layout, true)) {
            DiskWriter writer = new DiskWriter(store);
            byte[] bytes = content(0, layout.pieceSize(0));
            byte[] wrongHash = MessageDigest.getInstance("SHA-1").digest(content(1, layout.pieceSize(0)));

            assertEquals(DiskWriter.Verdict.BAD, writeAndVerify(writer, 0, layout.pieceOffset(0), bytes, wrongHash,
                    null));
            writer.flush();
            writer.close();
        }
    }

    /**
     * The endgame's race: once a piece is verified, no later copy changes its bytes on disk, neither a held second
     * copy (written only if it is the first to check out) nor a late first copy's blocks; a lying copy that arrives
     * before the honest one is overwritten by it.
     */
    @Test
    void noCopyOverwritesAVerifiedPiece() throws Exception {
        StorageLayout layout = new StorageLayout(List.of(new FileEntry(List.of("race.bin"), 1_000_000)), 600_000);
        Path part = dir.resolve("race.bin.part");
        byte[] good = content(0, layout.pieceSize(0));
        byte[] hash = MessageDigest.getInstance("SHA-1").digest(good);
        byte[] lie = content(7, layout.pieceSize(0));
        try (PieceStore store = PieceStore.open(dir, List.of(part), layout, true)) {
            DiskWriter writer = new DiskWriter(store);
            // A lying first copy lands on disk, then a held honest copy checks out and replaces it.
            assertEquals(DiskWriter.Verdict.BAD, writeAndVerify(writer, 0, 0, lie, hash, null));
            assertEquals(DiskWriter.Verdict.GOOD, writeAndVerify(writer, 0, 0, good, hash, new ArrayList<>()));
            // Later copies, lying or not, held or not, leave the verified bytes alone.
            assertEquals(DiskWriter.Verdict.BAD, writeAndVerify(writer, 0, 0, lie, hash, new ArrayList<>()));
            assertEquals(DiskWriter.Verdict.BAD, writeAndVerify(writer, 0, 0, lie, hash, null));
            assertEquals(DiskWriter.Verdict.ALREADY, writeAndVerify(writer, 0, 0, good, hash, new ArrayList<>()));
            writer.flush();
            writer.close();
        }
        byte[] back = new byte[good.length];
        try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "r")) {
            file.readFully(back);
        }
        assertArrayEquals(good, back);
    }

    /** Sends one piece through the writer in blocks, as {@link PieceFetch} does; returns whether it checked out. */
    private static boolean writePiece(DiskWriter writer, StorageLayout layout, int index, byte[] bytes)
            throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-1").digest(bytes);
        return writeAndVerify(writer, index, layout.pieceOffset(index), bytes, hash, null) == DiskWriter.Verdict.GOOD;
    }

    private static DiskWriter.Verdict writeAndVerify(DiskWriter writer, int index, long offset, byte[] bytes,
                                                     byte[] expected, List<DiskWriter.HeldBlock> held)
            throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        long handedOver = 0;
        while (handedOver < bytes.length) {
            ByteBuffer block = writer.takeBlock();
            int length = (int) Math.min(block.capacity(), bytes.length - handedOver);
            block.put(bytes, (int) handedOver, length).flip();
            writer.write(index, offset + handedOver, block, sha1, held);
            handedOver += length;
        }
        CompletableFuture<DiskWriter.Verdict> checked = new CompletableFuture<>();
        writer.verify(index, sha1, expected, held, checked::complete);
        return checked.get(30, TimeUnit.SECONDS);
    }

    private static byte[] content(int index, long length) {
        byte[] bytes = new byte[(int) length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (index * 31 + i * 7 + (i >>> 12));
        }
        return bytes;
    }
}
