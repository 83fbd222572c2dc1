package dev.qtorrent.tracker.swarm;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The announce rules, kept by the in-memory registry. */
class SwarmRegistryTest extends AnnounceRulesContract {
    @Override
    protected SwarmStore open(Clock clock, Duration interval, Peer self) {
        return new SwarmRegistry(clock, interval, self);
    }

    @Override
    protected SwarmTotals totals(SwarmStore store) {
        return store.totals();
    }

    @Test
    void intervalBelowOneSecondIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new SwarmRegistry(clock, Duration.ofMillis(999), SELF));
    }
}
