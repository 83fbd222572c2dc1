package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.serve.Seeder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When a staying seed leaves, and how long it may sleep before it asks again. */
class StayLeaveTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private long now = 5 * SECOND;
    private long uploaded;

    @Test
    void withoutRatioOrTimeOnlyAStopEndsItAndNothingNeedsAsking() {
        Seeder.Leave leave = StayOptions.leave(null, null, 1000, () -> uploaded, () -> now);
        now += TimeUnit.DAYS.toNanos(30);
        uploaded = 1 << 30;
        assertEquals(Long.MAX_VALUE, leave.nanosToAsk());
    }

    @Test
    void aSeedTimeIsSleptThroughInOneGoAndEndsOnTime() {
        Seeder.Leave leave = StayOptions.leave(null, Duration.ofMinutes(30), 1000, () -> uploaded, () -> now);
        assertEquals(TimeUnit.MINUTES.toNanos(30), leave.nanosToAsk());
        now += TimeUnit.MINUTES.toNanos(29);
        assertEquals(TimeUnit.MINUTES.toNanos(1), leave.nanosToAsk());
        now += TimeUnit.MINUTES.toNanos(1);
        assertTrue(leave.nanosToAsk() <= 0);
    }

    @Test
    void aSeedRatioIsLookedAtEverySecondUntilReached() {
        Seeder.Leave leave = StayOptions.leave(1.5, null, 1000, () -> uploaded, () -> now);
        assertEquals(SECOND, leave.nanosToAsk());
        uploaded = 1499;
        assertEquals(SECOND, leave.nanosToAsk());
        uploaded = 1500;
        assertTrue(leave.nanosToAsk() <= 0);
    }

    @Test
    void bothEndItWhicheverComesFirst() {
        Seeder.Leave leave = StayOptions.leave(2.0, Duration.ofMillis(400), 1000, () -> uploaded, () -> now);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(400), leave.nanosToAsk());
        now += TimeUnit.MILLISECONDS.toNanos(400);
        assertTrue(leave.nanosToAsk() <= 0);
        Seeder.Leave byRatio = StayOptions.leave(2.0, Duration.ofHours(1), 1000, () -> uploaded, () -> now);
        uploaded = 2000;
        assertTrue(byRatio.nanosToAsk() <= 0);
    }
}
