package dev.qtorrent.client.download;

/** Spaces piece requests so that the bytes asked for stay within a rate; a rate of 0 means no limit. */
final class RatePacer {
    private final long bytesPerSecond;
    private final long start = System.nanoTime();
    private long bytes;

    RatePacer(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** How long to wait before the next request may start; zero or less means now. */
    long nanosUntilNext() {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long due = start + (long) (bytes * 1e9 / bytesPerSecond);
        return due - System.nanoTime();
    }

    void started(long pieceBytes) {
        bytes += pieceBytes;
    }
}
