package dev.qtorrent.bench.swarm;

/**
 * The least time in which any protocol can give {@code clients} downloaders a file of {@code size} bytes when the
 * origin uploads at {@code origin} and each downloader at {@code client} (Kumar and Ross): the origin must send every
 * byte once, and all N copies must cross the hosts' uplinks together. Download links are not limited here.
 */
public record LowerBound(long size, int clients, Rate origin, Rate client) {
    public LowerBound {
        if (size < 1 || clients < 1) {
            throw new IllegalArgumentException("size and clients must be positive");
        }
    }

    /** size ÷ origin rate: the origin sends each byte at least once. */
    public double originSeconds() {
        return size / origin.bytesPerSecond();
    }

    /** N × size ÷ (origin rate + N × client rate): every copy crosses some host's uplink. */
    public double uplinkSeconds() {
        return (double) clients * size / (origin.bytesPerSecond() + clients * client.bytesPerSecond());
    }

    public double seconds() {
        return Math.max(originSeconds(), uplinkSeconds());
    }
}
