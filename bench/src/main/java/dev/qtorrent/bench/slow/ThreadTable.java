package dev.qtorrent.bench.slow;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every thread of a process at one moment, by thread id, read from {@code /proc/PID/task}. Two tables of the same
 * process give what each thread did in between; a thread that ended in between is missing from both sums.
 */
record ThreadTable(Map<Long, ThreadUsage> threads) {
    ThreadTable {
        threads = Map.copyOf(threads);
    }

    static final ThreadTable EMPTY = new ThreadTable(Map.of());

    /** The threads of {@code pid} now; empty once the process is gone. */
    static ThreadTable read(long pid) {
        Map<Long, ThreadUsage> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String schedstat = Files.isReadable(task.resolve("schedstat"))
                            ? Files.readString(task.resolve("schedstat")) : null;
                    threads.put(Long.parseLong(task.getFileName().toString()), ThreadUsage.parse(
                            Files.readString(task.resolve("stat")), schedstat,
                            Files.readString(task.resolve("status"))));
                } catch (NoSuchFileException e) {
                    // The thread ended while the folder was read.
                }
            }
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
        return new ThreadTable(threads);
    }

    /**
     * This table with the threads of {@code later}, a later reading of the same process, put over it: a thread
     * that has ended since keeps what it was last seen to use.
     */
    ThreadTable updatedBy(ThreadTable later) {
        Map<Long, ThreadUsage> merged = new HashMap<>(threads);
        merged.putAll(later.threads);
        return new ThreadTable(merged);
    }

    /** What each thread did since {@code before}, busiest first. */
    List<ThreadUsage> since(ThreadTable before) {
        List<ThreadUsage> used = new ArrayList<>();
        threads.forEach((tid, now) -> used.add(now.since(before.threads.get(tid))));
        used.sort(Comparator.comparingLong(ThreadUsage::cpuNanos).reversed()
                .thenComparing(Comparator.comparingLong(ThreadUsage::voluntary).reversed())
                .thenComparing(ThreadUsage::name));
        return used;
    }

    /** The sum of every thread's use. */
    static ThreadUsage total(List<ThreadUsage> threads) {
        ThreadUsage sum = new ThreadUsage("all threads", 0, 0, 0);
        for (ThreadUsage thread : threads) {
            sum = sum.plus(thread);
        }
        return sum;
    }
}
