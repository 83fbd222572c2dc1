package dev.qtorrent.client.download;

/**
 * Where a download's bytes came from: verified piece bytes from the origin and from peers, how many peers sent any,
 * the bytes received for copies that lost the endgame, and the pieces fetched again. Owned by the download loop's
 * thread.
 */
final class Tally {
    private long fromOrigin;
    private long fromPeers;
    private long redundant;
    private int peersUsed;
    private int retries;

    /** A verified piece of {@code bytes} from {@code source}, whose tally already includes it. */
    void verified(Source source, long bytes) {
        if (source.origin()) {
            fromOrigin += bytes;
        } else {
            peersUsed += source.received() == bytes ? 1 : 0;
            fromPeers += bytes;
        }
    }

    /** Bytes of a copy that was cancelled or verified second. */
    void redundant(long bytes) {
        redundant += bytes;
    }

    void retried() {
        retries++;
    }

    long fromOrigin() {
        return fromOrigin;
    }

    long fromPeers() {
        return fromPeers;
    }

    /** Verified piece bytes received in all, announced as {@code downloaded}. */
    long downloaded() {
        return fromOrigin + fromPeers;
    }

    int retries() {
        return retries;
    }

    /** The line the download logs at its end, which the swarm benchmark reads. */
    @Override
    public String toString() {
        return "received " + fromOrigin + " bytes from the tracker and " + fromPeers + " bytes from " + peersUsed
                + " peers; redundant bytes: " + redundant;
    }
}
