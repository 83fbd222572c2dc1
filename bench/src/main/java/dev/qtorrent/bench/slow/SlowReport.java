package dev.qtorrent.bench.slow;

import dev.qtorrent.bench.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text {@code bench slow} prints: the two downloads side by side, then the idle connection, thread by thread. */
final class SlowReport {
    private static final double GIB = 1L << 30;
    /** How the kernel names (in 15 characters) the threads every HotSpot JVM runs for itself. */
    private static final List<String> JVM_THREADS = List.of("VM Thread", "VM Periodic", "GC Thread", "G1 ",
            "C1 Compiler", "C2 Compiler", "Monitor Deflati", "Service Thread", "Common-Cleaner", "Finalizer",
            "Reference Handl", "Signal Dispatch", "Notification Th", "Sweeper thread", "Attach Listener");

    private SlowReport() {
    }

    /**
     * One download.
     *
     * @param label             what limited it, for the table
     * @param bytes             the file's size
     * @param wallSeconds       from the client's start to its exit
     * @param clientCpuSeconds  the client's user plus system CPU
     * @param trackerCpuSeconds the tracker's CPU over the same time
     * @param clientThreads     the client's threads, busiest first, as last seen before it exited
     */
    record Transfer(String label, long bytes, double wallSeconds, double clientCpuSeconds, double trackerCpuSeconds,
                    List<ThreadUsage> clientThreads) {
        Transfer {
            clientThreads = List.copyOf(clientThreads);
        }

        double clientPerGib() {
            return clientCpuSeconds * GIB / bytes;
        }

        double trackerPerGib() {
            return trackerCpuSeconds * GIB / bytes;
        }
    }

    /**
     * The idle window: a client seeding a complete torrent, connected to the tracker, nothing to transfer.
     *
     * @param seconds the window's length, measured
     * @param client  the client's threads over the window, busiest first
     * @param tracker the tracker's threads over the window, busiest first
     */
    record Idle(double seconds, List<ThreadUsage> client, List<ThreadUsage> tracker) {
        Idle {
            client = List.copyOf(client);
            tracker = List.copyOf(tracker);
        }
    }

    /**
     * The downloads side by side, each limited one against the full-speed one, then each one's busiest client
     * threads.
     */
    static String transfers(Transfer fast, List<Transfer> limited, int threads) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-26s %8s %8s %18s %18s%n", "download of " + Sizes.binary(fast.bytes),
                "wall s", "MB/s", "client CPU s/GiB", "tracker CPU s/GiB"));
        List<Transfer> all = new ArrayList<>(List.of(fast));
        all.addAll(limited);
        for (Transfer run : all) {
            text.append(String.format(Locale.ROOT, "%-26s %8.2f %8.2f %18.2f %18.2f%n", run.label, run.wallSeconds,
                    Sizes.megabytesPerSecond(run.bytes, run.wallSeconds), run.clientPerGib(), run.trackerPerGib()));
        }
        text.append("CPU per GiB against full speed:").append(System.lineSeparator());
        for (Transfer run : limited) {
            text.append(String.format(Locale.ROOT, "%-26s %8s %8s %17sx %17sx%n", run.label, "", "",
                    ratio(run.clientPerGib(), fast.clientPerGib()), ratio(run.trackerPerGib(), fast.trackerPerGib())));
        }
        for (Transfer run : all) {
            text.append(String.format(Locale.ROOT, "client threads, %s (CPU ms, wake-ups per second):%n", run.label));
            text.append(threadRows(run.clientThreads, threads, run.wallSeconds, 1));
        }
        return text.toString();
    }

    static String idle(Idle idle, int threads) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "idle for %.1f s: a client seeding the complete file, connected to "
                + "the tracker, nothing to transfer%n", idle.seconds));
        text.append(String.format(Locale.ROOT, "%-10s %16s %14s %18s%n", "", "CPU ms/minute", "wake-ups/s",
                "involuntary/s"));
        text.append(processRow("client", idle.client, idle.seconds));
        text.append(processRow("  own", programThreads(idle.client), idle.seconds));
        text.append(processRow("tracker", idle.tracker, idle.seconds));
        text.append(processRow("  own", programThreads(idle.tracker), idle.seconds));
        text.append("client threads (CPU ms per minute, wake-ups per second):").append(System.lineSeparator());
        text.append(threadRows(idle.client, threads, idle.seconds, 60 / idle.seconds));
        text.append("tracker threads (CPU ms per minute, wake-ups per second):").append(System.lineSeparator());
        text.append(threadRows(idle.tracker, threads, idle.seconds, 60 / idle.seconds));
        return text.toString();
    }

    /**
     * The program's own threads: all but the JVM's housekeeping (compilers, collectors, the VM thread and its timers,
     * reference handling), which any idle JVM runs whatever it hosts.
     */
    static List<ThreadUsage> programThreads(List<ThreadUsage> threads) {
        return threads.stream().filter(thread -> JVM_THREADS.stream().noneMatch(thread.name()::startsWith)).toList();
    }

    private static String processRow(String name, List<ThreadUsage> threads, double seconds) {
        ThreadUsage total = ThreadTable.total(threads);
        return String.format(Locale.ROOT, "%-10s %16.1f %14.1f %18.1f%n", name, perMinute(total.cpuNanos(), seconds),
                total.voluntary() / seconds, total.involuntary() / seconds);
    }

    /** The busiest {@code limit} threads and, on one line, the rest; CPU in ms times {@code scale}. */
    static String threadRows(List<ThreadUsage> busiestFirst, int limit, double seconds, double scale) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(limit, busiestFirst.size());
        for (int i = 0; i < shown; i++) {
            text.append(row(busiestFirst.get(i), seconds, scale));
        }
        if (busiestFirst.size() > shown) {
            ThreadUsage rest = ThreadTable.total(busiestFirst.subList(shown, busiestFirst.size()));
            text.append(row(new ThreadUsage((busiestFirst.size() - shown) + " others", rest.cpuNanos(),
                    rest.voluntary(), rest.involuntary()), seconds, scale));
        }
        return text.toString();
    }

    private static String row(ThreadUsage thread, double seconds, double scale) {
        return String.format(Locale.ROOT, "  %-24s %10.1f %10.1f%n", thread.name(), thread.cpuNanos() / 1e6 * scale,
                thread.voluntary() / seconds);
    }

    static double perMinute(long nanos, double seconds) {
        return nanos / 1e6 * 60 / seconds;
    }

    static String ratio(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "-";
    }
}
