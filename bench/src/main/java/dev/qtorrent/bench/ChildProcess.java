package dev.qtorrent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started by the benchmark: its output lines, when it started and exited, and its CPU time and peak resident
 * memory, sampled from /proc every 50 ms while it runs (the peak is a high-water mark, so the last sample
 * holds it).
 */
public final class ChildProcess implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 50;
    private static final long OUTPUT_DRAIN_MILLIS = 5000;

    private final String name;
    private final Process process;
    private final long startNanos;
    private final long startEpochMillis;
    private final List<String> lines = new ArrayList<>();
    private volatile long exitNanos;
    private java.util.concurrent.CompletableFuture<Void> exited;
    private Thread reader;
    private volatile double cpuSeconds;
    private volatile long peakRssBytes;

    private ChildProcess(String name, Process process, long startNanos, long startEpochMillis) {
        this.name = name;
        this.process = process;
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
    }

    public static ChildProcess start(String name, List<String> command, Path dir, Map<String, String> env)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        ChildProcess child = new ChildProcess(name, builder.start(), started, startedMillis);
        child.exited = child.process.onExit().thenRun(() -> child.exitNanos = System.nanoTime());
        child.reader = new Thread(child::readOutput, name + "-output");
        child.reader.setDaemon(true);
        child.reader.start();
        Thread sampler = new Thread(child::sample, name + "-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return child;
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process is gone; what it printed so far is kept.
        }
    }

    private void sample() {
        long pid = process.pid();
        while (process.isAlive()) {
            double cpu = ProcStat.cpuSeconds(pid);
            long rss = ProcStat.peakRssBytes(pid);
            if (cpu >= 0) {
                cpuSeconds = cpu;
            }
            if (rss > peakRssBytes) {
                peakRssBytes = rss;
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public long startNanos() {
        return startNanos;
    }

    /** The wall-clock time of the start, to compare with times the process logs. */
    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** Waits for a line of output matching {@code match}; returns it with the time it was seen. */
    public Optional<String> awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return Optional.of(lines.get(seen));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /**
     * Waits for the process to exit, and for its last lines of output to be read; fails if it does not exit within
     * {@code timeout}.
     */
    public int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        exited.join();
        // The output ends when the last holder of the pipe closes it: normally the process itself, just now.
        reader.join(OUTPUT_DRAIN_MILLIS);
        return process.exitValue();
    }

    /** Seconds from start to exit. */
    public double elapsedSeconds() {
        return (exitNanos - startNanos) / 1e9;
    }

    double cpuSeconds() {
        return cpuSeconds;
    }

    public long peakRssBytes() {
        return peakRssBytes;
    }

    /** CPU seconds used so far by a live process, read now. */
    public double cpuSecondsNow() {
        double now = ProcStat.cpuSeconds(process.pid());
        return now >= 0 ? now : cpuSeconds;
    }

    public long peakRssBytesNow() {
        long now = ProcStat.peakRssBytes(process.pid());
        return Math.max(now, peakRssBytes);
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The output, for error messages. */
    public String output() {
        return String.join(System.lineSeparator(), lines());
    }

    /** Stops the process politely (SIGTERM, so shutdown hooks run), then forcibly. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
