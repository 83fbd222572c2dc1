package dev.qtorrent.common.storage;

import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoDictionary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Maps a torrent's byte stream onto its files. BEP 3 treats the files, in order, as one concatenated stream cut into
 * pieces, so a piece can cover the end of one file and the start of the next. All offsets are {@code long}: torrents
 * over 2 GiB are ordinary.
 */
public final class StorageLayout {

    private final List<FileEntry> files;
    private final long pieceLength;
    /** starts[i] is the torrent offset of file i's first byte; starts[n] is the total length. */
    private final long[] starts;
    private final int pieceCount;

    public StorageLayout(List<FileEntry> files, long pieceLength) {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive, not " + pieceLength);
        }
        this.files = List.copyOf(files);
        if (this.files.isEmpty()) {
            throw new IllegalArgumentException("a torrent needs at least one file");
        }
        this.pieceLength = pieceLength;
        this.starts = new long[this.files.size() + 1];
        for (int i = 0; i < this.files.size(); i++) {
            starts[i + 1] = Math.addExact(starts[i], this.files.get(i).length());
        }
        long total = starts[this.files.size()];
        long pieces = total == 0 ? 0 : (total - 1) / pieceLength + 1;
        if (pieces > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(total + " bytes in pieces of " + pieceLength + " is too many pieces");
        }
        this.pieceCount = (int) pieces;
    }

    public static StorageLayout of(InfoDictionary info) {
        return new StorageLayout(info.files(), info.pieceLength());
    }

    public List<FileEntry> files() {
        return files;
    }

    public long pieceLength() {
        return pieceLength;
    }

    public long totalLength() {
        return starts[files.size()];
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Torrent offset of the first byte of piece {@code index}. */
    public long pieceOffset(int index) {
        Objects.checkIndex(index, pieceCount);
        return index * pieceLength;
    }

    /** Bytes in piece {@code index}; only the last piece can be shorter than the piece length. */
    public long pieceSize(int index) {
        return Math.min(pieceLength, totalLength() - pieceOffset(index));
    }

    /** Torrent offset of file {@code index}'s first byte. */
    public long fileOffset(int index) {
        Objects.checkIndex(index, files.size());
        return starts[index];
    }

    /** The file spans that piece {@code index} covers, in torrent order. */
    public List<FileSpan> pieceSpans(int index) {
        return spans(pieceOffset(index), pieceSize(index));
    }

    /**
     * The file spans that the torrent bytes {@code [torrentOffset, torrentOffset + length)} cover, in order.
     * Zero-length files hold no bytes and never appear; an empty range gives an empty list.
     *
     * @throws IndexOutOfBoundsException if the range is negative or reaches past the end of the torrent
     */
    public List<FileSpan> spans(long torrentOffset, long length) {
        Objects.checkFromIndexSize(torrentOffset, length, totalLength());
        List<FileSpan> spans = new ArrayList<>(2);
        if (length == 0) {
            return spans;
        }
        int file = fileContaining(torrentOffset);
        long offset = torrentOffset;
        long end = torrentOffset + length;
        while (offset < end) {
            long fileEnd = starts[file + 1];
            if (fileEnd > offset) {
                long take = Math.min(end, fileEnd) - offset;
                spans.add(new FileSpan(file, offset - starts[file], take));
                offset += take;
            }
            file++;
        }
        return spans;
    }

    /**
     * The non-empty file holding byte {@code offset} (which must be below the total): the last file starting at or
     * before it. An empty file starts where the next file starts, so "last" skips it.
     */
    private int fileContaining(long offset) {
        int found = Arrays.binarySearch(starts, 0, files.size(), offset);
        if (found < 0) {
            return -found - 2;
        }
        while (found + 1 < files.size() && starts[found + 1] == offset) {
            found++;
        }
        return found;
    }

    @Override
    public String toString() {
        return "StorageLayout[files=" + files.size() + ", totalLength=" + totalLength() + ", pieceLength="
                + pieceLength + ", pieceCount=" + pieceCount + "]";
    }
}
