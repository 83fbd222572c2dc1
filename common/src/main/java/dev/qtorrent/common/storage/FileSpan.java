package dev.qtorrent.common.storage;

/** A run of {@code length} bytes at {@code fileOffset} in file {@code fileIndex} of a torrent's file list. */
public record FileSpan(int fileIndex, long fileOffset, long length) {

    public FileSpan {
        if (fileIndex < 0 || fileOffset < 0 || length < 0) {
            throw new IllegalArgumentException("negative field in span: file " + fileIndex + ", offset " + fileOffset
                    + ", length " + length);
        }
    }

    /** The file offset just past this span. */
    public long fileEnd() {
        return fileOffset + length;
    }
}
