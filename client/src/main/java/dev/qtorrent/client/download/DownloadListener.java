package dev.qtorrent.client.download;

/** Hears a download's progress; called from the downloading thread. */
public interface DownloadListener {
    /** Bytes verified so far out of the total. */
    default void progress(long verifiedBytes, long totalBytes) {
    }

    /**
     * Data already on disk (a part file to resume, or an output that exists) is being checked against the piece
     * hashes: {@code checkedBytes} of {@code totalBytes} so far.
     */
    default void checked(long checkedBytes, long totalBytes) {
    }

    /** A piece failed (bad hash, short or damaged answer) and will be fetched again or end the download. */
    default void pieceFailed(int index, int attempt, String reason) {
    }

    /** An earlier run's part file held {@code have} good pieces; {@code damaged} claimed ones failed the recheck. */
    default void resumed(int have, int total, int damaged) {
    }

    /**
     * How the swarm looks: {@code peers} connected to download from, and {@code uploadedBytes} sent to peers so far.
     * Called often; a listener draws it at its own pace.
     */
    default void swarm(int peers, long uploadedBytes) {
    }

    /** The connection to the tracker was lost; the next try comes after {@code delay}. */
    default void reconnecting(String tracker, String reason, java.time.Duration delay) {
    }

    /** The download stopped, and {@code pieces} of {@code total} stay in {@code part} for the next run. */
    default void kept(java.nio.file.Path part, int pieces, int total) {
    }

    DownloadListener NONE = new DownloadListener() {
    };
}
