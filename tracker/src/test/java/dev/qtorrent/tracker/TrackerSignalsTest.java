package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker as a process, sent signals with {@code kill} as a terminal or a service manager sends them: SIGINT and
 * SIGTERM stop it with exit code 0, SIGHUP rescans the seed folder and leaves it serving.
 */
@Timeout(60)
class TrackerSignalsTest {
    private static final String READY = "Press Ctrl-C to stop.";

    @TempDir
    Path dir;
    /** What the tracker wrote: its banner, and its log (the tests' logging configuration logs to the console). */
    private final StringBuffer output = new StringBuffer();
    private Thread reader;

    @Test
    void ctrlCExitsZero() throws Exception {
        assumeNotIgnored(2, "INT");
        Process tracker = start();
        try {
            send(tracker, "INT");
            assertTrue(tracker.waitFor(20, TimeUnit.SECONDS), "the tracker stops on SIGINT");
            assertEquals(0, tracker.exitValue(), "exit code after SIGINT");
            reader.join(5_000);
            assertTrue(log().contains("stopping (SIGINT)"), log());
        } finally {
            tracker.destroyForcibly();
        }
    }

    @Test
    void sighupRescansTheSeedFolderAndTheTrackerGoesOnUntilSigterm() throws Exception {
        assumeNotIgnored(1, "HUP");
        Process tracker = start();
        try {
            send(tracker, "HUP");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!log().contains("rescanning the seed folder") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(log().contains("rescanning the seed folder"), log());
            assertTrue(tracker.isAlive(), "SIGHUP does not stop the tracker");

            send(tracker, "TERM");
            assertTrue(tracker.waitFor(20, TimeUnit.SECONDS), "the tracker stops on SIGTERM");
            assertEquals(0, tracker.exitValue(), "exit code after SIGTERM");
            reader.join(5_000);
            assertTrue(log().contains("stopping (SIGTERM)"), log());
        } finally {
            tracker.destroyForcibly();
        }
    }

    /** Starts the tracker and returns once it serves; its output keeps being read, so it never blocks on it. */
    private Process start() throws IOException, InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TrackerMain.class.getName(), "--quic",
                String.valueOf(port), "--bind", "127.0.0.1", "--seed-dir", dir.resolve("seed").toString(),
                "--tls-dir", dir.resolve("tls").toString(), "--log-file", dir.resolve("tracker.log").toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.equals(READY)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ended) {
                // The process ended.
            }
            ready.completeExceptionally(new AssertionError("the tracker ended before it was ready"));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    private String log() {
        return output.toString();
    }

    private static void send(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -s " + signal);
    }

    /**
     * Skips when this JVM ignores the signal, which the tracker it starts then inherits: a shell without job control
     * starts background jobs with SIGINT ignored, and {@code nohup} ignores SIGHUP.
     */
    private static void assumeNotIgnored(int number, String name) throws IOException {
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.exists(status), "skipped: needs Linux's /proc to tell ignored signals");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                assumeTrue((ignored & (1L << (number - 1))) == 0,
                        "skipped: SIG" + name + " is ignored here, and so in the tracker too");
            }
        }
    }
}
