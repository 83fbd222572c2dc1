package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.peer.serve.PeerLogLimiter.Admission;
import dev.qtorrent.peer.serve.PeerLogLimiter.Suppressed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address log limiter, driven by a fake clock. */
class PeerLogLimiterTest {
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final PeerLogLimiter limiter = new PeerLogLimiter(3, WINDOW, 4, nanos::get);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private int logged(String address, int attempts) {
        int logged = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.admit(address).log()) {
                logged++;
            }
        }
        return logged;
    }

    @Test
    void logsTheFirstLinesOfAWindowAndCountsTheRest() {
        assertEquals(3, logged("10.0.0.1", 50));

        advance(WINDOW.minusMillis(1));
        Admission stillLimited = limiter.admit("10.0.0.1");

        assertFalse(stillLimited.log());
        assertTrue(stillLimited.suppressed().isEmpty());
    }

    @Test
    void reportsTheSuppressedCountOnceWhenTheNextWindowBegins() {
        logged("10.0.0.1", 50);
        advance(WINDOW);

        Admission next = limiter.admit("10.0.0.1");

        assertTrue(next.log());
        assertEquals(List.of(new Suppressed("10.0.0.1", 47)), next.suppressed());
        assertTrue(limiter.admit("10.0.0.1").suppressed().isEmpty(), "reported once");
    }

    @Test
    void anotherAddressReportsAQuietFloodersCountAfterItsWindow() {
        logged("10.0.0.1", 10);
        advance(WINDOW.plusSeconds(1));

        Admission other = limiter.admit("10.0.0.2");

        assertTrue(other.log());
        assertEquals(List.of(new Suppressed("10.0.0.1", 7)), other.suppressed());
    }

    @Test
    void addressesAreLimitedIndependently() {
        assertEquals(3, logged("10.0.0.1", 20));
        assertEquals(3, logged("10.0.0.2", 20));
        assertEquals(3, logged("::1", 20));
    }

    @Test
    void nothingIsReportedWhenNothingWasSuppressed() {
        assertEquals(2, logged("10.0.0.1", 2));
        advance(WINDOW.multipliedBy(3));

        Admission next = limiter.admit("10.0.0.1");

        assertTrue(next.log());
        assertTrue(next.suppressed().isEmpty());
    }

    @Test
    void addressesBeyondTheCapShareOneBudgetAndMemoryStaysBounded() {
        for (int i = 0; i < 4; i++) {
            logged("10.0.1." + i, 1);
        }
        int sharedLogged = 0;
        for (int i = 0; i < 10_000; i++) {
            sharedLogged += logged("10.1." + (i / 256) + "." + (i % 256), 1);
        }

        assertEquals(3, sharedLogged, "10,000 new addresses share the budget of one");
        assertEquals(5, limiter.trackedAddresses(), "4 addresses and the shared budget");

        advance(WINDOW);
        Admission next = limiter.admit("10.2.0.1");
        assertTrue(next.log(), "expired addresses are forgotten, making room");
        assertTrue(next.suppressed().contains(new Suppressed(PeerLogLimiter.OTHER_ADDRESSES, 9_997)),
                next.suppressed().toString());
        assertEquals(1, limiter.trackedAddresses());
    }

    @Test
    void refusesLimitsThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new PeerLogLimiter(0, WINDOW, 1, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new PeerLogLimiter(1, Duration.ZERO, 1, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new PeerLogLimiter(1, WINDOW, 0, nanos::get));
    }
}
