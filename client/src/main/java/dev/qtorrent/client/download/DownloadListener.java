package dev.qtorrent.client.download;

/** Hears a download's progress; called from the downloading thread. */
public interface DownloadListener {
    /** Bytes verified so far out of the total. */
    default void progress(long verifiedBytes, long totalBytes) {
    }

    /** A piece failed (bad hash, short or damaged answer) and will be fetched again or end the download. */
    default void pieceFailed(int index, int attempt, String reason) {
    }

    DownloadListener NONE = new DownloadListener() {
    };
}
