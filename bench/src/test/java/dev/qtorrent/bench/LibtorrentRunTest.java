package dev.qtorrent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The result line the libtorrent downloader prints last. */
class LibtorrentRunTest {
    @Test
    void readsBytesCpuAndPeakMemory() {
        LibtorrentRun.Done done = LibtorrentRun.Done.parse(
                "done 1073741824 bytes, utime 1.250 s, stime 0.5 s, maxrss 70640 KiB\n");
        assertEquals(1L << 30, done.bytes());
        assertEquals(1.75, done.cpuSeconds(), 1e-12);
        assertEquals(70640L * 1024, done.maxRssBytes());
    }

    @Test
    void anyOtherLineIsAnErrorNamingIt() {
        for (String line : new String[] {"", "libtorrent: no finished download within 1200 s",
            "done 12 bytes, utime 1 s, stime -1 s, maxrss 3 KiB", "done 12 bytes, utime 1 s, stime 1 s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LibtorrentRun.Done.parse(line), line);
            assertTrue(e.getMessage().endsWith(": " + line), e.getMessage());
        }
    }

    @Test
    void rateIsEndToEnd() {
        assertEquals(200.0, new LibtorrentRun(1_000_000_000L, 5.0, 3.0, 1, 0.5).endToEndRate(), 1e-9);
    }
}
