package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client jar running as its own process in a swarm test, with a state folder of its own (its identity) and two
 * files to read: its console (standard output and error) and its log.
 */
final class ClientProcess {
    private static final Pattern SERVING = Pattern.compile("serving peers on udp port (\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("received (\\d+) bytes from the tracker and (\\d+) bytes"
            + " from (\\d+) peers?; redundant bytes: (\\d+)");

    private final String name;
    private final Process process;
    private final Path console;
    private final Path log;

    ClientProcess(String name, Process process, Path console, Path log) {
        this.name = name;
        this.process = process;
        this.console = console;
        this.log = log;
    }

    /**
     * Where a download's bytes came from, as its last log line says.
     *
     * @param fromTracker bytes the tracker sent
     * @param fromPeers   bytes the peers sent
     * @param peers       how many peers sent any
     * @param redundant   bytes received twice (endgame duplicates and pieces that failed their check)
     */
    record Received(long fromTracker, long fromPeers, int peers, long redundant) {
    }

    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its exit code; fails, with what it printed, when it does not. */
    int awaitExit(Duration timeout) throws Exception {
        assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS),
                name + " did not end within " + timeout + ":\n" + describe());
        return process.exitValue();
    }

    /** Sends SIGKILL, as a crash or the OOM killer would, and waits for the process to be gone. */
    void kill() throws Exception {
        ProcessSignals.send(process, "KILL");
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), name + " survived SIGKILL");
    }

    /** The UDP port the client's node serves peers on, once it has printed it. */
    int awaitServingPort() throws Exception {
        return Integer.parseInt(awaitMatch(SERVING, console).group(1));
    }

    /** The log's last "received ... bytes" line, which a download writes when it is done. */
    Received received() throws IOException {
        Matcher matcher = RECEIVED.matcher(log());
        Received last = null;
        while (matcher.find()) {
            last = new Received(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)), Long.parseLong(matcher.group(4)));
        }
        assertTrue(last != null, name + " logged no \"received ... bytes from the tracker\" line:\n" + describe());
        return last;
    }

    /** The log lines that {@code filter} accepts. */
    List<String> logLines(Predicate<String> filter) throws IOException {
        return log().lines().filter(filter).toList();
    }

    Optional<String> logLine(String containing) throws IOException {
        return log().lines().filter(line -> line.contains(containing)).findFirst();
    }

    String console() throws IOException {
        return read(console);
    }

    String log() throws IOException {
        return read(log);
    }

    /** Everything the process printed and logged, for assertion messages. */
    String describe() throws IOException {
        return "--- " + name + " console ---\n" + console() + "--- " + name + " log ---\n" + log();
    }

    private Matcher awaitMatch(Pattern pattern, Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Matcher matcher = pattern.matcher(read(file));
            if (matcher.find()) {
                return matcher;
            }
            assertTrue(process.isAlive(), name + " ended before printing " + pattern + ":\n" + describe());
            assertTrue(System.nanoTime() < deadline, name + " never printed " + pattern + ":\n" + describe());
            Thread.sleep(50);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
