package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficShaperTest {
    @Test
    void aTokenBucketOnTheHostsEgressAtTheExactRate() {
        assertEquals(List.of("tc", "-n", "ns1", "qdisc", "replace", "dev", "eth0", "root", "tbf", "rate",
                "80000000bit", "burst", "100000", "latency", "50ms"),
                TrafficShaper.limit("ns1", "eth0", Rate.parse("80mbit")));
    }

    @Test
    void theBucketHoldsTenMillisecondsButNeverLessThanOneOffloadBurst() {
        assertEquals(200_000, TrafficShaper.burstBytes(Rate.parse("160mbit")));
        assertEquals(TrafficShaper.MIN_BURST_BYTES, TrafficShaper.burstBytes(Rate.parse("10mbit")));
    }
}
