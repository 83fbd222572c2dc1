package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tracker jar stopped by signals, as a terminal or a service manager stops it, and restarted under a running
 * download: it exits 0, tells its clients, and a download resumes soon after the new tracker listens. (SIGHUP does
 * not stop it: it rescans the seed folder, see the tracker's TrackerSignalsTest.)
 */
@Timeout(180)
class TrackerLifecycleIT {
    private static final Path TRACKER_JAR = Path.of(System.getProperty("qtorrent.tracker.jar",
            "../tracker/target/tracker.jar"));
    private static final Path CLIENT_JAR = Path.of(System.getProperty("qtorrent.client.jar", "target/client.jar"));
    /**
     * After a stop the requirement is 2 s; the bound leaves room for a loaded machine. After a kill the client learns
     * from a stateless reset, once QUIC sends the lost packets again; both are far below the 15 s stall timeout that
     * was the only way to notice before.
     */
    private static final Duration RESUME_AFTER_STOP = Duration.ofSeconds(6);
    private static final Duration RESUME_AFTER_KILL = Duration.ofSeconds(9);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalStopsTheTrackerCleanly(String signal) throws Exception {
        if (signal.equals("INT")) {
            assumeTrue(!ProcessSignals.ignored(ProcessSignals.SIGINT),
                    "skipped: SIGINT is ignored here (a background job), and so in the tracker too");
        }
        int port = TrackerProcess.freeUdpPort();
        Process tracker = tracker(port, "--log-file", "logs/" + signal + ".log").start();
        try {
            TrackerProcess.startAndWait(tracker);
            ProcessSignals.send(tracker, signal);
            assertTrue(tracker.waitFor(20, TimeUnit.SECONDS), "the tracker stops on SIG" + signal);
            assertEquals(0, tracker.exitValue(), "exit code after SIG" + signal);
            String log = Files.readString(dir.resolve("logs/" + signal + ".log"));
            assertTrue(log.contains("listening on udp") && log.contains("stopping (SIG" + signal + ")")
                    && log.contains("stopped"), log);
            assertFalse(Files.exists(dir.resolve("tracker.log")), "the log went to --log-file's file alone");
        } finally {
            tracker.destroyForcibly();
        }
    }

    /**
     * A tracker whose jar is rebuilt in place while it runs (a build beside a running tracker) can no longer load the
     * classes its stop needs; it still exits on SIGTERM, saying why, instead of staying alive without serving.
     */
    @Test
    void aTrackerWhoseJarWasRewrittenStillExitsOnSigterm() throws Exception {
        Path jar = dir.resolve("tracker-copy.jar");
        Files.copy(TRACKER_JAR, jar);
        int port = TrackerProcess.freeUdpPort();
        Path errors = dir.resolve("stderr.txt");
        Process tracker = new ProcessBuilder(java(jar, "--quic", String.valueOf(port), "--bind", "127.0.0.1"))
                .directory(dir.toFile()).redirectError(errors.toFile()).start();
        try {
            TrackerProcess.startAndWait(tracker);
            // Written over in place, as a build does, rather than replaced: the open jar no longer holds the classes.
            try (ZipOutputStream empty = new ZipOutputStream(Files.newOutputStream(jar))) {
                empty.putNextEntry(new ZipEntry("empty.txt"));
            }
            ProcessSignals.send(tracker, "TERM");
            assertTrue(tracker.waitFor(20, TimeUnit.SECONDS), "the tracker exits");
            String stderr = Files.readString(errors);
            assertEquals(3, tracker.exitValue(), stderr);
            assertTrue(stderr.contains("tracker: internal error: java.lang.NoClassDefFoundError"), stderr);
        } finally {
            tracker.destroyForcibly();
        }
    }

    /** TERM: the tracker closes every connection with 0x102. KILL: it cannot, and the next run resets them. */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "KILL"})
    void aDownloadResumesSoonAfterTheTrackerRestarts(String signal) throws Exception {
        byte[] data = new byte[6 << 20];
        new Random(9).nextBytes(data);
        Files.createDirectories(dir.resolve("seed"));
        Files.write(dir.resolve("seed/big.bin"), data);
        int port = TrackerProcess.freeUdpPort();
        Process first = tracker(port).start();
        Process second = null;
        Process client = null;
        try {
            TrackerProcess.startAndWait(first);
            ProcessBuilder download = new ProcessBuilder(java(CLIENT_JAR, "download", "seed/big.bin.torrent",
                    "downloaded/big.bin", "127.0.0.1", String.valueOf(port), "--max-rate", String.valueOf(1 << 20),
                    "--state-dir", dir.resolve("state").toString()))
                    .directory(dir.toFile()).redirectErrorStream(true);
            download.environment().put("QTORRENT_LOG_FILE", dir.resolve("client.log").toString());
            client = download.start();
            CompletableFuture<String> clientOutput = drain(client);
            waitForPartFile(dir.resolve("downloaded"));
            Thread.sleep(1000);

            ProcessSignals.send(first, signal);
            assertTrue(first.waitFor(20, TimeUnit.SECONDS), "the first tracker stops");
            if (signal.equals("TERM")) {
                assertEquals(0, first.exitValue());
            }
            second = tracker(port).start();
            TrackerProcess.startAndWait(second);
            Instant listening = Instant.now();

            assertTrue(client.waitFor(90, TimeUnit.SECONDS), "the download finishes");
            String output = clientOutput.get(5, TimeUnit.SECONDS);
            assertEquals(0, client.exitValue(), output);
            assertEquals(-1L, Files.mismatch(dir.resolve("seed/big.bin"), dir.resolve("downloaded/big.bin")));

            String log = Files.readString(dir.resolve("client.log"));
            assertEquals(signal.equals("TERM"), log.contains("tracker closed the connection: 0x102 tracker shutting down"),
                    log);
            Instant reconnected = logTime(log, "reconnected to").orElseThrow(() -> new AssertionError(log));
            Duration bound = signal.equals("TERM") ? RESUME_AFTER_STOP : RESUME_AFTER_KILL;
            assertTrue(Duration.between(listening, reconnected).compareTo(bound) < 0,
                    "reconnected " + Duration.between(listening, reconnected).toMillis()
                            + " ms after the tracker listened\n" + log);
        } finally {
            for (Process process : new Process[] {client, first, second}) {
                if (process != null) {
                    process.destroy();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            }
        }
    }

    private ProcessBuilder tracker(int port, String... more) {
        List<String> command = java(TRACKER_JAR, "--quic", String.valueOf(port), "--bind", "127.0.0.1");
        command.addAll(List.of(more));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    }

    private static List<String> java(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(TrackerProcess.javaBin(), "-jar",
                jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static void waitForPartFile(Path folder) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(folder)) {
                try (var files = Files.list(folder)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".part"))) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the download did not start");
    }

    /** The time of the first log line containing {@code text}, from the client's file log. */
    private static Optional<Instant> logTime(String log, String text) {
        return log.lines().filter(line -> line.contains(text)).findFirst()
                .map(line -> OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant());
    }

    private static CompletableFuture<String> drain(Process process) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }
}
