package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qtorrent.tracker.TestTracker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM sent by the operating system to the client jar while it downloads, slowed by
 * {@code --max-rate} so that it is still running: the download keeps its progress, says what it kept and exits 130
 * or 143, and the same command resumes. In the console, Ctrl-C cancels only the running {@code /download}.
 */
@Timeout(180)
@EnabledOnOs({OS.LINUX, OS.MAC})
class StopSignalIT {
    private static final Path CLIENT_JAR = Path.of(System.getProperty("qtorrent.client.jar", "target/client.jar"));
    /** 8 MiB in 16 KiB pieces: 512 pieces, some sixteen seconds under a 512 KiB/s limit. */
    private static final int SIZE = 8 << 20;
    private static final int PIECES = SIZE / 16_384;
    private static final String SLOW = "512K";

    @TempDir
    Path dir;
    private byte[] data;
    private TestTracker tracker;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void startTracker() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        data = new byte[SIZE];
        new Random(17).nextBytes(data);
        Files.write(seed.resolve("big.bin"), data);
        tracker = TestTracker.start(seed);
    }

    @AfterEach
    void stopEverything() {
        started.forEach(Process::destroyForcibly);
        tracker.close();
    }

    private List<String> download(String... extra) {
        List<String> args = new ArrayList<>(List.of("download", tracker.torrent("big.bin").torrentFile().toString(),
                "out/big.bin", "127.0.0.1", String.valueOf(tracker.address().getPort())));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts the client jar in {@code dir}, its output (stdout and stderr) going to {@code log}. */
    private Process client(Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        if (ProcessSignals.ignored(ProcessSignals.SIGINT)) {
            // A shell without job control starts background jobs with SIGINT ignored, and children inherit that.
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(TrackerProcess.javaBin(), "-jar", CLIENT_JAR.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The client's identity and log go to a state folder of the test's own, not the user's.
        builder.environment().put("XDG_DATA_HOME", dir.resolve("state").toString());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static int finish(Process process) throws Exception {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the client did not end");
        return process.exitValue();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private Path part() {
        return dir.resolve("out/big.bin.part").toAbsolutePath();
    }

    private int recorded() throws IOException {
        byte[] bits = Base64.getDecoder().decode(new ObjectMapper()
                .readTree(dir.resolve("out/big.bin.part.progress").toFile()).get("have").asText());
        int count = 0;
        for (byte b : bits) {
            count += Integer.bitCount(b & 0xff);
        }
        return count;
    }

    /** Waits until the download has recorded progress, so that it is under way and holds its output. */
    private void awaitProgress(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve("out/big.bin.part.progress"))) {
            assertTrue(process.isAlive(), "ended before any progress: " + read(log));
            assertTrue(System.nanoTime() < deadline, "no progress recorded: " + read(log));
            Thread.sleep(50);
        }
    }

    private void awaitOutput(Path log, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!read(log).contains(text)) {
            assertTrue(process.isAlive(), "ended without printing " + text + ": " + read(log));
            assertTrue(System.nanoTime() < deadline, "never printed " + text + ": " + read(log));
            Thread.sleep(50);
        }
    }

    private void assertStoppedLine(String output) throws IOException {
        int kept = recorded();
        assertTrue(kept > 0 && kept < PIECES, "kept " + kept);
        assertTrue(output.contains("stopped: " + kept + " of " + PIECES + " pieces kept in " + part()
                + "; the same command resumes"), output);
    }

    private void assertResumes(int kept) throws Exception {
        Path log = dir.resolve("resume.log");
        int code = finish(client(log, download()));
        assertEquals(0, code, read(log));
        assertTrue(read(log).contains("resuming: " + kept + " of " + PIECES), read(log));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out/big.bin")));
    }

    @Test
    void ctrlCKeepsTheProgressSaysSoAndExits130AfterASecondDownloadWasRefused() throws Exception {
        Path log = dir.resolve("first.log");
        Process first = client(log, download("--max-rate", SLOW));
        awaitProgress(first, log);

        Path secondLog = dir.resolve("second.log");
        int refused = finish(client(secondLog, download()));
        assertEquals(7, refused, read(secondLog));
        assertTrue(read(secondLog).contains("another download is writing it (pid " + first.pid()), read(secondLog));
        assertTrue(first.isAlive(), "the first download still runs: " + read(log));

        ProcessSignals.send(first, "INT");

        assertEquals(130, finish(first), read(log));
        assertStoppedLine(read(log));
        assertFalse(Files.exists(dir.resolve("out/big.bin")));
        assertResumes(recorded());
    }

    @Test
    void sigtermKeepsTheProgressAndExits143() throws Exception {
        Path log = dir.resolve("first.log");
        Process first = client(log, download("--max-rate", SLOW));
        awaitProgress(first, log);

        first.destroy();

        assertEquals(143, finish(first), read(log));
        assertStoppedLine(read(log));
        assertResumes(recorded());
    }

    @Test
    void ctrlCInTheConsoleCancelsTheDownloadAndTheConsoleGoesOn() throws Exception {
        Path log = dir.resolve("console.log");
        Process console = client(log, List.of());
        String line = String.join(" ", download()).replaceFirst("^download", "/download");
        OutputStream stdin = console.getOutputStream();
        stdin.write((line + " --max-rate " + SLOW + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        awaitProgress(console, log);

        ProcessSignals.send(console, "INT");
        awaitOutput(log, "; the same command resumes", console);
        assertStoppedLine(read(log));
        int kept = recorded();
        stdin.write((line + "\n/quit\n").getBytes(StandardCharsets.UTF_8));
        stdin.close();

        // The cancelled download is the last command that failed, so the console ends with its code.
        assertEquals(130, finish(console), read(log));
        assertTrue(read(log).contains("resuming: " + kept + " of " + PIECES), read(log));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out/big.bin")));
    }

    @Test
    void ctrlCAtTheConsolePromptEndsTheConsoleWith130() throws Exception {
        Path log = dir.resolve("console.log");
        Process console = client(log, List.of());
        console.getOutputStream().write("/help\n".getBytes(StandardCharsets.UTF_8));
        console.getOutputStream().flush();
        awaitOutput(log, "Commands:", console);

        ProcessSignals.send(console, "INT");

        assertEquals(130, finish(console), read(log));
    }
}
