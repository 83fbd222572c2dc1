package dev.qtorrent.bench.announce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesOfSmallValuesAreExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1000; micros >= 1; micros--) {
            histogram.record(micros);
        }
        assertEquals(1000, histogram.count());
        assertEquals(500, histogram.percentile(50));
        assertEquals(990, histogram.percentile(99));
        assertEquals(1, histogram.percentile(0));
        assertEquals(1000, histogram.percentile(100));
    }

    @Test
    void largeValuesAreWithinTheBucketPrecision() {
        LatencyHistogram histogram = new LatencyHistogram();
        long[] values = {1_500, 12_345, 250_000, 3_000_000, 40_000_000_000L};
        for (long value : values) {
            LatencyHistogram one = new LatencyHistogram();
            one.record(value);
            double p = one.percentile(50);
            assertTrue(p <= value && p > value * (1 - 1.0 / 256), value + " read back as " + p);
            histogram.add(one);
        }
        assertEquals(values.length, histogram.count());
        assertTrue(Math.abs(histogram.percentile(50) - 250_000) < 250_000 / 256.0);
    }

    @Test
    void mergingAddsCounts() {
        LatencyHistogram fast = new LatencyHistogram();
        LatencyHistogram slow = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            fast.record(100);
        }
        slow.record(50_000);
        slow.record(50_000);
        fast.add(slow);
        assertEquals(100, fast.count());
        assertEquals(100, fast.percentile(50));
        assertEquals(100, fast.percentile(98));
        assertTrue(fast.percentile(99) > 49_000);
    }

    @Test
    void emptyHasNoPercentileAndNegativeCountsAsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertTrue(Double.isNaN(histogram.percentile(50)));
        histogram.record(-5);
        assertEquals(0, histogram.percentile(50));
    }

    @Test
    void valuesBeyondTheLargestBucketLandInIt() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Long.MAX_VALUE);
        assertTrue(histogram.percentile(50) > 1L << 40);
    }
}
