package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SwarmResultTest {
    private static final long SIZE = 1_000_000;

    @Test
    void theLastCompletionIsAllDoneAndTheMiddleOneIsP50() {
        SwarmResult odd = new SwarmResult("x", List.of(9.0, 3.0, 5.0), 0, 0, OptionalLong.empty());
        assertEquals(9.0, odd.allDoneSeconds());
        assertEquals(5.0, odd.p50Seconds());
        SwarmResult even = new SwarmResult("x", List.of(4.0, 1.0, 8.0, 2.0), 0, 0, OptionalLong.empty());
        assertEquals(3.0, even.p50Seconds());
    }

    @Test
    void sharesAreOfTheBytesDeliveredAndGoodputIsOverTheTimeUntilAllAreDone() {
        SwarmResult result = new SwarmResult("x", List.of(2.0, 4.0), 500_000, 2_100_000, OptionalLong.empty());
        assertEquals(0.25, result.originShare(SIZE));
        assertEquals(1.05, result.wireShare(SIZE), 1e-12);
        assertEquals(0.5, result.goodputMegabytesPerSecond(SIZE));
    }

    @Test
    void refusesARunWithoutDownloaders() {
        assertThrows(IllegalArgumentException.class,
                () -> new SwarmResult("x", List.of(), 0, 0, OptionalLong.empty()));
    }
}
