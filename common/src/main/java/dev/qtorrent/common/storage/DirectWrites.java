package dev.qtorrent.common.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A second channel on each file of a download, opened with {@code O_DIRECT}, for the writes whose file offset, length
 * and memory are aligned to the file system's block size: the bytes go from the buffer to the device, not first into
 * the page cache. A download writes each byte once and does not read it back, and copying a gigabyte into the page
 * cache cost the client 0.3 to 2.4 s of CPU (the higher figure when that memory had been idle: on virtual machines it
 * is then handed back to the host and must be fetched again), against 0.2 s to write it directly. Other writes (a
 * file's unaligned end, a block that spans two files) go through the file's usual channel; the kernel keeps the two
 * coherent. A file system that refuses {@code O_DIRECT} (tmpfs, for one) gets the usual channel for everything.
 */
final class DirectWrites {
    /**
     * Files smaller than this keep only their usual channel: what they would save is small, and a torrent of many
     * small files would hold twice the file descriptors.
     */
    static final long MIN_FILE_BYTES = 4L << 20;
    /** The alignment {@link #allocate} gives, enough for block sizes of up to 4 KiB (larger ones are not used). */
    static final int MEMORY_ALIGNMENT = 4096;

    /** One direct channel per file, null where a file has none. */
    private final FileChannel[] channels;
    private final int[] alignments;

    private DirectWrites(FileChannel[] channels, int[] alignments) {
        this.channels = channels;
        this.alignments = alignments;
    }

    /**
     * Direct channels on those of {@code paths} that are large enough and whose file system allows them; {@code usual}
     * are the files' own channels.
     */
    static DirectWrites open(List<Path> paths, FileChannel[] usual, StorageLayout layout) {
        FileChannel[] channels = new FileChannel[paths.size()];
        int[] alignments = new int[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            if (usual[i] == null || layout.files().get(i).length() < MIN_FILE_BYTES) {
                continue;
            }
            try {
                long blockSize = Files.getFileStore(paths.get(i)).getBlockSize();
                if (blockSize <= 0 || blockSize > MEMORY_ALIGNMENT || Long.bitCount(blockSize) != 1) {
                    continue;
                }
                channels[i] = FileChannel.open(paths.get(i), StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
                alignments[i] = (int) blockSize;
            } catch (IOException | UnsupportedOperationException e) {
                // No direct writes on this file system: the usual channel takes them all.
            }
        }
        return new DirectWrites(channels, alignments);
    }

    /** Memory for blocks that may be written directly: direct, and aligned to {@link #MEMORY_ALIGNMENT}. */
    static ByteBuffer allocate(int bytes) {
        // Sliced to its exact size, so that clear() and capacity() see only the block.
        return ByteBuffer.allocateDirect(bytes + MEMORY_ALIGNMENT - 1).alignedSlice(MEMORY_ALIGNMENT).limit(bytes)
                .slice();
    }

    /** Stops direct writes to file {@code file}, closing its direct channel. */
    void refuse(int file) {
        FileChannel channel = channels[file];
        channels[file] = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was written through it that the usual channel's force does not cover.
            }
        }
    }

    /** Whether file {@code file} has a direct channel. */
    boolean opened(int file) {
        return channels[file] != null;
    }

    /** The direct channel of file {@code file} when {@code src} may be written at {@code position} through it. */
    FileChannel channelFor(int file, long position, ByteBuffer src) {
        FileChannel channel = channels[file];
        if (channel == null || !src.isDirect()) {
            return null;
        }
        int alignment = alignments[file];
        boolean aligned = (position & alignment - 1) == 0 && (src.remaining() & alignment - 1) == 0
                && src.alignmentOffset(src.position(), alignment) == 0;
        return aligned ? channel : null;
    }

    /**
     * Closes every direct channel, as {@link PieceStore#closeAll} closes a store's usual ones: the first failure is
     * returned unless {@code primary} already explains, which then carries them.
     */
    IOException closeAll(Exception primary) {
        return PieceStore.closeAll(channels, primary);
    }
}
