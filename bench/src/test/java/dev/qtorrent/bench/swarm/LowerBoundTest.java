package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LowerBoundTest {
    private static final long MIB_256 = 256L << 20;

    @Test
    void theOriginLimitsTheDefaultConfiguration() {
        LowerBound bound = new LowerBound(MIB_256, 6, Rate.parse("80mbit"), Rate.parse("160mbit"));
        // 268,435,456 bytes at 10^7 bytes/s; 6 copies over 10^7 + 6 x 2 x 10^7 bytes/s.
        assertEquals(26.8435456, bound.originSeconds(), 1e-9);
        assertEquals(6 * 26.8435456 / 13, bound.uplinkSeconds(), 1e-9);
        assertEquals(26.8435456, bound.seconds(), 1e-9);
    }

    @Test
    void theUplinksLimitManyDownloadersWithSlowUploads() {
        LowerBound bound = new LowerBound(100_000_000, 10, Rate.parse("1gbit"), Rate.parse("10mbit"));
        assertEquals(0.8, bound.originSeconds(), 1e-9);
        // 10^9 bytes over 1.25 x 10^8 + 10 x 1.25 x 10^6 bytes/s.
        assertEquals(1e9 / 1.375e8, bound.uplinkSeconds(), 1e-9);
        assertEquals(bound.uplinkSeconds(), bound.seconds());
    }

    @Test
    void oneDownloaderNeedsTheWholeFileFromTheOrigin() {
        LowerBound bound = new LowerBound(10_000_000, 1, Rate.parse("80mbit"), Rate.parse("1gbit"));
        assertEquals(1.0, bound.seconds(), 1e-9);
    }

    @Test
    void refusesAnEmptySwarm() {
        Rate rate = Rate.parse("80mbit");
        assertThrows(IllegalArgumentException.class, () -> new LowerBound(1, 0, rate, rate));
        assertThrows(IllegalArgumentException.class, () -> new LowerBound(0, 1, rate, rate));
    }
}
