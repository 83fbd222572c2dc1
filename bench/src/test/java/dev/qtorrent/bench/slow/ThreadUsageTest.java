package dev.qtorrent.bench.slow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Threads read from /proc texts, and what they did between two readings. */
class ThreadUsageTest {
    /** A stat line whose thread name holds a space and a parenthesis, as Java thread names may. */
    private static String stat(String name, long utime, long stime) {
        return "4242 (" + name + ") S 1 4242 4242 0 -1 4194368 120 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 24 0 1234 0 0 18446744073709551615";
    }

    private static String status(long voluntary, long involuntary) {
        return "Name:\tx\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t" + voluntary
                + "\nnonvoluntary_ctxt_switches:\t" + involuntary + "\n";
    }

    @Test
    void readsNameTimesAndSwitches() {
        ThreadUsage thread = ThreadUsage.parse(stat("VM Periodic (x)", 7, 3), "123456789 5000 42\n",
                status(311, 9));
        assertEquals("VM Periodic (x)", thread.name());
        assertEquals(123_456_789L, thread.cpuNanos());
        assertEquals(311, thread.voluntary());
        assertEquals(9, thread.involuntary());
    }

    @Test
    void withoutSchedstatTheClockTicksCount() {
        ThreadUsage thread = ThreadUsage.parse(stat("main", 7, 3), null, status(1, 0));
        assertEquals(100_000_000L, thread.cpuNanos());
        assertThrows(IllegalArgumentException.class, () -> ThreadUsage.parse("garbage", null, ""));
    }

    @Test
    void aTableGivesWhatEachThreadDidSinceBusiestFirst() {
        ThreadTable before = new ThreadTable(Map.of(
                1L, new ThreadUsage("main", 1_000, 10, 1),
                2L, new ThreadUsage("loop", 5_000, 20, 0),
                3L, new ThreadUsage("gone", 9_000, 5, 0)));
        ThreadTable after = new ThreadTable(Map.of(
                1L, new ThreadUsage("main", 1_500, 11, 1),
                2L, new ThreadUsage("loop", 8_000, 50, 2),
                4L, new ThreadUsage("new", 700, 3, 0)));
        List<ThreadUsage> since = after.since(before);
        assertEquals(List.of(new ThreadUsage("loop", 3_000, 30, 2), new ThreadUsage("new", 700, 3, 0),
                new ThreadUsage("main", 500, 1, 0)), since);
        assertEquals(new ThreadUsage("all threads", 4_200, 34, 2), ThreadTable.total(since));
        // Sampled over a run, a thread that ended keeps what it was last seen to use.
        ThreadTable merged = before.updatedBy(after);
        assertEquals(4, merged.threads().size());
        assertTrue(merged.since(ThreadTable.EMPTY).contains(new ThreadUsage("gone", 9_000, 5, 0)));
    }

    @Test
    void readsThisProcess() {
        ThreadTable self = ThreadTable.read(ProcessHandle.current().pid());
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            assertTrue(self.threads().isEmpty());
            return;
        }
        assertTrue(self.threads().size() > 1, self.toString());
        assertTrue(ThreadTable.total(self.since(ThreadTable.EMPTY)).cpuNanos() > 0);
    }
}
