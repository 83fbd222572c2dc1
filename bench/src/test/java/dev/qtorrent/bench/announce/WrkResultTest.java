package dev.qtorrent.bench.announce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrkResultTest {
    private static final String OUTPUT = """
            Running 3s test @ http://127.0.0.1:16969
              1 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   682.03us  456.40us   7.39ms   82.55%
              90356 requests in 3.01s, 39.72MB read
              Socket errors: connect 0, read 90341, write 0, timeout 0
            Requests/sec:  30053.19
            wrk-result requests=90356 duration_us=3006536 p50_us=645 p99_us=2262 connect=0 read=90341 write=0 \
            status=2 timeout=1
            """;

    @Test
    void readsTheScriptsLine() {
        WrkResult result = WrkResult.parse(OUTPUT);
        assertEquals(90356, result.requests());
        assertEquals(3.006536, result.seconds(), 1e-9);
        assertEquals(645, result.p50Micros());
        assertEquals(2262, result.p99Micros());
        assertEquals(0, result.connectErrors());
        assertEquals(90341, result.readErrors());
        assertEquals(2, result.statusErrors());
        assertEquals(1, result.timeouts());
        assertEquals(90356 / 3.006536, result.perSecond(), 1e-6);
    }

    @Test
    void refusesOutputWithoutTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WrkResult.parse("Running 3s test @ http://127.0.0.1:1\nunable to connect\n"));
        assertTrue(e.getMessage().contains("no wrk-result line"), e.getMessage());
    }

    @Test
    void refusesAMissingOrMalformedValue() {
        assertThrows(IllegalArgumentException.class, () -> WrkResult.parse("wrk-result requests=1 duration_us=5"));
        assertThrows(IllegalArgumentException.class, () -> WrkResult.parse(OUTPUT.replace("p99_us=2262",
                "p99_us=nan")));
        assertThrows(IllegalArgumentException.class, () -> WrkResult.parse(OUTPUT.replace("timeout=1", "timeout")));
        assertThrows(IllegalArgumentException.class, () -> WrkResult.parse(OUTPUT.replace("duration_us=3006536",
                "duration_us=0")));
    }
}
