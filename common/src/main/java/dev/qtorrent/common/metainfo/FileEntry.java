package dev.qtorrent.common.metainfo;

import java.util.List;

/**
 * One file of a torrent: its path relative to the download folder, element by element, and its length in bytes.
 * Every element has passed {@link SafePath#checkElement}, so {@link SafePath#resolve} of the path cannot escape.
 * A padding file (BEP 47, {@code attr} containing {@code p}, as in hybrid v1/v2 torrents) only aligns the next file
 * to a piece boundary: its bytes are zeros that live on no disk.
 */
public record FileEntry(List<String> path, long length, boolean padding) {

    /** @throws IllegalArgumentException for an empty path, an unsafe element or a negative length */
    public FileEntry {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("file path is empty");
        }
        path.forEach(SafePath::checkElement);
        if (length < 0) {
            throw new IllegalArgumentException("file " + String.join("/", path) + " has negative length " + length);
        }
    }

    public FileEntry(List<String> path, long length) {
        this(path, length, false);
    }

    /** The path joined with {@code /}, for messages and listings. */
    public String displayPath() {
        return String.join("/", path);
    }
}
