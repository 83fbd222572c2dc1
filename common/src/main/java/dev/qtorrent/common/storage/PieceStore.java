package dev.qtorrent.common.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * Positional reads and writes of torrent bytes over the files of a {@link StorageLayout}. Every operation is a
 * {@link FileChannel} positional read or write, which never moves a shared position, so threads may work on different
 * ranges at once.
 */
public final class PieceStore implements AutoCloseable {

    private final StorageLayout layout;
    private final List<Path> paths;
    /** One channel per file; null for zero-length files opened read-only, which may be absent and are never read. */
    private final FileChannel[] channels;
    private final boolean writable;
    /** Writes that bypass the page cache, for writable stores; null for read-only ones. */
    private final DirectWrites direct;

    private PieceStore(StorageLayout layout, List<Path> paths, FileChannel[] channels, boolean writable,
                       DirectWrites direct) {
        this.layout = layout;
        this.paths = paths;
        this.channels = channels;
        this.writable = writable;
        this.direct = direct;
    }

    /**
     * Opens the torrent's files. Writable stores create missing files and their folders but do not preallocate, so
     * unwritten regions stay sparse, and write aligned blocks past the page cache where the file system allows it
     * ({@link DirectWrites}); read-only stores require every non-empty file to exist.
     *
     * @param root folder holding the files; every file must lie inside it
     * @param filePaths one path per {@link StorageLayout#files()} entry, already resolved under {@code root} (for
     *     example by {@code SafePath.resolve(root, entry.path())}); relative paths are taken from the working
     *     directory, like any {@link Path}
     * @throws IllegalArgumentException if the counts differ or a path lies outside {@code root}
     * @throws IOException if a file cannot be opened or created; files opened so far are closed again
     */
    public static PieceStore open(Path root, List<Path> filePaths, StorageLayout layout, boolean writable)
            throws IOException {
        List<Path> paths = resolveAll(root, filePaths, layout);
        FileChannel[] channels = new FileChannel[paths.size()];
        try {
            for (int i = 0; i < paths.size(); i++) {
                Path path = paths.get(i);
                if (layout.files().get(i).padding()) {
                    // Padding is zeros by definition: nothing to open, create or write.
                    continue;
                }
                if (writable) {
                    Path parent = path.getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    channels[i] = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                } else if (layout.files().get(i).length() > 0) {
                    channels[i] = FileChannel.open(path, StandardOpenOption.READ);
                }
            }
        } catch (IOException | RuntimeException e) {
            closeAll(channels, e);
            throw e;
        }
        return new PieceStore(layout, paths, channels, writable,
                writable ? DirectWrites.open(paths, channels, layout) : null);
    }

    private static List<Path> resolveAll(Path root, List<Path> filePaths, StorageLayout layout) {
        if (filePaths.size() != layout.files().size()) {
            throw new IllegalArgumentException(filePaths.size() + " paths for " + layout.files().size() + " files");
        }
        Path normalizedRoot = root.toAbsolutePath().normalize();
        return filePaths.stream().map(p -> {
            Path resolved = p.toAbsolutePath().normalize();
            if (!resolved.startsWith(normalizedRoot) || resolved.equals(normalizedRoot)) {
                throw new IllegalArgumentException("file " + p + " is outside " + root);
            }
            return resolved;
        }).toList();
    }

    public StorageLayout layout() {
        return layout;
    }

    public boolean isWritable() {
        return writable;
    }

    /**
     * Reads torrent bytes starting at {@code torrentOffset} into {@code dst} until it is full or the torrent ends.
     *
     * @return the number of bytes read, 0 at the end of the torrent
     * @throws EOFException if a file is shorter than the layout says (a truncated seed or a not yet written region of
     *     a download that was not preallocated)
     */
    public int read(long torrentOffset, ByteBuffer dst) throws IOException {
        long available = layout.totalLength() - Objects.checkIndex(torrentOffset, layout.totalLength() + 1);
        int length = (int) Math.min(dst.remaining(), available);
        int limit = dst.limit();
        try {
            for (FileSpan span : layout.spans(torrentOffset, length)) {
                dst.limit(dst.position() + (int) span.length());
                FileChannel channel = channels[span.fileIndex()];
                long position = span.fileOffset();
                if (channel == null && layout.files().get(span.fileIndex()).padding()) {
                    while (dst.hasRemaining()) {
                        dst.put((byte) 0);
                    }
                    continue;
                }
                while (dst.hasRemaining()) {
                    int n = channel.read(dst, position);
                    if (n < 0) {
                        throw new EOFException(paths.get(span.fileIndex()) + " ends at byte " + position
                                + " but the torrent needs " + span.fileEnd());
                    }
                    position += n;
                }
            }
        } finally {
            dst.limit(limit);
        }
        return length;
    }

    /**
     * Writes all of {@code src} at torrent offset {@code torrentOffset}, splitting it over the files it covers.
     *
     * @throws IndexOutOfBoundsException if the bytes would reach past the end of the torrent
     * @throws IllegalStateException if the store was opened read-only
     */
    public void write(long torrentOffset, ByteBuffer src) throws IOException {
        if (!writable) {
            throw new IllegalStateException("piece store is read-only");
        }
        int limit = src.limit();
        try {
            for (FileSpan span : layout.spans(torrentOffset, src.remaining())) {
                src.limit(src.position() + (int) span.length());
                FileChannel channel = channels[span.fileIndex()];
                long position = span.fileOffset();
                if (channel == null && layout.files().get(span.fileIndex()).padding()) {
                    src.position(src.limit());
                    continue;
                }
                while (src.hasRemaining()) {
                    FileChannel past = direct == null ? null : direct.channelFor(span.fileIndex(), position, src);
                    if (past != null) {
                        try {
                            position += past.write(src, position);
                            continue;
                        } catch (IOException refused) {
                            // A device or file system that takes O_DIRECT at open but not at write: this file's
                            // writes go the usual way from now on, starting with this one.
                            direct.refuse(span.fileIndex());
                        }
                    }
                    position += channel.write(src, position);
                }
            }
        } finally {
            src.limit(limit);
        }
    }

    /** Forces written data to the storage device, e.g. before a download is declared complete. */
    public void force() throws IOException {
        for (FileChannel channel : channels) {
            if (channel != null) {
                channel.force(false);
            }
        }
    }

    /** Whether aligned writes to file {@code file} go past the page cache. */
    boolean writesPastPageCache(int file) {
        return direct != null && direct.opened(file);
    }

    /** Sends every later write to file {@code file} through the page cache, as a refused direct write does. */
    void refuseDirectWrites(int file) {
        if (direct != null) {
            direct.refuse(file);
        }
    }

    /**
     * A buffer for blocks to {@link #write}: direct memory aligned so that a block at an aligned offset can go past
     * the page cache. Any buffer may be written; others take the page cache's way.
     */
    public static ByteBuffer allocateBlock(int bytes) {
        return DirectWrites.allocate(bytes);
    }

    @Override
    public void close() throws IOException {
        IOException first = closeAll(channels, null);
        IOException directFirst = direct == null ? null : direct.closeAll(first);
        first = first != null ? first : directFirst;
        if (first != null) {
            throw first;
        }
    }

    /** Closes every channel even if some fail; returns the first failure unless {@code primary} already explains. */
    static IOException closeAll(FileChannel[] channels, Exception primary) {
        IOException first = null;
        for (FileChannel channel : channels) {
            if (channel == null) {
                continue;
            }
            try {
                channel.close();
            } catch (IOException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
