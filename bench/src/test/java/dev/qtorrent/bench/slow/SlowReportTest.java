package dev.qtorrent.bench.slow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's figures: CPU per GiB and its ratio, per-minute idle CPU and wake-ups, thread rows. */
class SlowReportTest {
    private static final long MIB = 1 << 20;

    @Test
    void transfersGiveCpuPerGibAndTheRatio() {
        SlowReport.Transfer fast = new SlowReport.Transfer("full speed", 64 * MIB, 2.0, 0.5, 0.25,
                List.of(new ThreadUsage("main", 300_000_000, 40, 1)));
        SlowReport.Transfer slow = new SlowReport.Transfer("--max-rate 2MiB", 64 * MIB, 32.0, 0.75, 0.25,
                List.of());
        assertEquals(8.0, fast.clientPerGib(), 1e-9);
        assertEquals(12.0, slow.clientPerGib(), 1e-9);
        String text = SlowReport.transfers(fast, List.of(slow), 5);
        assertTrue(text.contains("download of 64 MiB"), text);
        assertTrue(text.matches("(?s).*full speed\\s+2\\.00\\s+33\\.55\\s+8\\.00\\s+4\\.00\n.*"), text);
        assertTrue(text.matches("(?s).*against full speed:\n--max-rate 2MiB\\s+1\\.50x\\s+1\\.00x\n.*"), text);
        // 300 ms of CPU, 40 wake-ups in 2 s.
        assertTrue(text.matches("(?s).*\n  main\\s+300\\.0\\s+20\\.0\n.*"), text);
        assertEquals("-", SlowReport.ratio(1, 0));
    }

    @Test
    void idleGivesCpuPerMinuteAndWakeUpsPerSecond() {
        List<ThreadUsage> client = List.of(new ThreadUsage("G1 Service", 6_000_000, 120, 3),
                new ThreadUsage("event-loop", 3_000_000, 30, 0), new ThreadUsage("main", 1_000_000, 30, 0));
        String text = SlowReport.idle(new SlowReport.Idle(30.0, client, List.of()), 1);
        // 10 ms in 30 s is 20 ms a minute; 180 wake-ups in 30 s are 6 a second.
        assertTrue(text.matches("(?s).*\nclient\\s+20\\.0\\s+6\\.0\\s+0\\.1\n.*"), text);
        assertTrue(text.matches("(?s).*\ntracker\\s+0\\.0\\s+0\\.0\\s+0\\.0\n.*"), text);
        // The program's own threads, without the JVM's G1 Service: 4 ms and 60 wake-ups in 30 s.
        assertTrue(text.matches("(?s).*\nclient\\s[^\n]*\n  own\\s+8\\.0\\s+2\\.0\\s+0\\.0\n.*"), text);
        assertTrue(text.matches("(?s).*\n  G1 Service\\s+12\\.0\\s+4\\.0\n  2 others\\s+8\\.0\\s+2\\.0\n.*"), text);
    }

    @Test
    void theJvmsOwnThreadsAreToldApart() {
        List<ThreadUsage> threads = List.of(new ThreadUsage("VM Periodic Tas", 1, 1, 0),
                new ThreadUsage("C1 CompilerThre", 1, 1, 0), new ThreadUsage("G1 Service", 1, 1, 0),
                new ThreadUsage("Monitor Deflati", 1, 1, 0), new ThreadUsage("peer-event-loop", 1, 1, 0),
                new ThreadUsage("java", 1, 1, 0), new ThreadUsage("multiThreadIoEv", 1, 1, 0));
        assertEquals(List.of("peer-event-loop", "java", "multiThreadIoEv"),
                SlowReport.programThreads(threads).stream().map(ThreadUsage::name).toList());
    }

    @Test
    void threadRowsListAllWhenFewAndNoneWhenZero() {
        List<ThreadUsage> two = List.of(new ThreadUsage("a", 2_000_000, 4, 0), new ThreadUsage("b", 0, 0, 0));
        assertEquals(2, SlowReport.threadRows(two, 8, 1, 1).lines().count());
        assertEquals(1, SlowReport.threadRows(two, 0, 1, 1).lines().count());
        assertEquals(0, SlowReport.threadRows(List.of(), 8, 1, 1).lines().count());
    }
}
