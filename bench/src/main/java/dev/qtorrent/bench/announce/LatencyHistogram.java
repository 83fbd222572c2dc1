package dev.qtorrent.bench.announce;

/**
 * Latencies in microseconds, counted in buckets that are exact below 1024 µs and 1/512 wide (0.2%) above, so that
 * recording costs an array increment on the load generator's event loop and percentiles need no sorting. Not
 * thread-safe: each connection keeps its own, and they are merged once the run is over.
 */
final class LatencyHistogram {
    private static final int EXACT = 1024;
    private static final int SUB_BUCKETS = 512;
    private static final int SUB_BITS = 9;
    /** Exponents 10 to 40: up to about 12 days, far more than any request may take. */
    private static final int MAX_EXPONENT = 40;

    private final long[] counts = new long[EXACT + (MAX_EXPONENT - 9) * SUB_BUCKETS];
    private long total;

    void record(long micros) {
        counts[index(Math.max(0, micros))]++;
        total++;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long count() {
        return total;
    }

    /**
     * The smallest recorded value (to bucket precision) that at least {@code percent} of the values do not exceed;
     * NaN when nothing was recorded.
     */
    double percentile(double percent) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowerBound(i);
            }
        }
        return lowerBound(counts.length - 1);
    }

    private static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int exponent = Math.min(MAX_EXPONENT, 63 - Long.numberOfLeadingZeros(micros));
        int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
        if (exponent == MAX_EXPONENT && micros >>> (MAX_EXPONENT + 1) != 0) {
            sub = SUB_BUCKETS - 1;
        }
        return EXACT + (exponent - 10) * SUB_BUCKETS + sub;
    }

    private static long lowerBound(int index) {
        if (index < EXACT) {
            return index;
        }
        int exponent = 10 + (index - EXACT) / SUB_BUCKETS;
        long sub = (index - EXACT) % SUB_BUCKETS;
        return (1L << exponent) + (sub << (exponent - SUB_BITS));
    }
}
