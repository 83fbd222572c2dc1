package dev.qtorrent.common.storage;

/** Receives progress while {@link TorrentWriter} hashes a file, e.g. to draw a progress bar. */
@FunctionalInterface
public interface HashProgress {

    /** Called from the hashing thread after each read; {@code bytesDone} ends equal to {@code bytesTotal}. */
    void hashed(long bytesDone, long bytesTotal);

    /** A listener that ignores progress. */
    static HashProgress none() {
        return (done, total) -> {
        };
    }
}
