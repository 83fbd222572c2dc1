package dev.qtorrent.client.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePacerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int PIECE = 64 * 1024;

    private long now = 1_000_000_000L;

    /** Starts pieces while the pacer allows; returns how many. */
    private static int burst(RatePacer pacer) {
        int started = 0;
        while (pacer.nanosUntilNext() <= 0) {
            pacer.started(PIECE);
            started++;
        }
        return started;
    }

    @Test
    void noLimitNeverWaits() {
        RatePacer pacer = new RatePacer(0, () -> now);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, pacer.nanosUntilNext());
            pacer.started(PIECE);
        }
    }

    @Test
    void requestsGoOutInBurstsOfAQuarterSecondThenWaitUntilDue() {
        RatePacer pacer = new RatePacer(2L << 20, () -> now);
        // 2 MiB/s is 32 pieces of 64 KiB a second: a burst asks for those due within a quarter second, both ends in.
        assertEquals(9, burst(pacer));
        long wait = pacer.nanosUntilNext();
        assertEquals(TimeUnit.SECONDS.toNanos(9) / 32, wait, MS);
        // Events in between do not release single pieces: the pacer holds until the burst's bytes are due.
        now += 100 * MS;
        assertEquals(wait - 100 * MS, pacer.nanosUntilNext());
        now += wait - 100 * MS;
        assertEquals(9, burst(pacer));
    }

    @Test
    void overTimeTheBytesStayWithinTheRateAndOneBurst() {
        long rate = 2L << 20;
        RatePacer pacer = new RatePacer(rate, () -> now);
        long start = now;
        long bytes = 0;
        int wakes = 0;
        while (now - start < TimeUnit.SECONDS.toNanos(10)) {
            bytes += (long) burst(pacer) * PIECE;
            wakes++;
            long allowed = (long) ((now - start) / 1e9 * rate + rate * (RatePacer.BURST_NANOS / 1e9)) + PIECE;
            assertTrue(bytes <= allowed, bytes + " bytes after " + (now - start) / MS + " ms");
            now += Math.max(MS, pacer.nanosUntilNext());
        }
        assertTrue(bytes >= 10 * rate, bytes + " bytes in 10 s at " + rate + " bytes/s");
        assertTrue(wakes <= 45, wakes + " wake-ups in 10 s");
    }
}
