package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example, run as a user runs it: the shaded jars as separate processes, the tracker in an empty
 * folder, the client downloading the greeting file it creates.
 */
@Timeout(120)
class ReadmeExampleIT {
    private static final Path TRACKER_JAR = Path.of(System.getProperty("qtorrent.tracker.jar", "../tracker/target/tracker.jar"));
    private static final Path CLIENT_JAR = Path.of(System.getProperty("qtorrent.client.jar", "target/client.jar"));
    private static final Path README = Path.of(System.getProperty("qtorrent.readme", "../README.md"));

    @TempDir
    Path dir;

    @Test
    void trackerSeedsAndClientDownloads() throws Exception {
        int port = TrackerProcess.freeUdpPort();
        Process tracker = java(TRACKER_JAR, "--quic", String.valueOf(port)).start();
        try {
            List<String> banner = TrackerProcess.startAndWait(tracker);
            assertTrue(banner.stream().anyMatch(l -> l.startsWith("Certificate SHA-256: ")), banner.toString());
            assertReadmeShowsTheSeedLines(banner);
            assertEquals("Hello World!", Files.readString(dir.resolve("seed/hello_world.txt")));
            assertTrue(Files.exists(dir.resolve("seed/hello_world.txt.torrent")));

            Result download = run(java(CLIENT_JAR, "download", "seed/hello_world.txt.torrent",
                    "downloaded/hello_world.txt", "127.0.0.1", String.valueOf(port)), "");
            assertEquals(0, download.code(), download.output());
            assertEquals(-1L, Files.mismatch(dir.resolve("seed/hello_world.txt"),
                    dir.resolve("downloaded/hello_world.txt")));
            // The jar's own logging set-up: INFO goes to client.log in the state folder, not to the console.
            Path log = dir.resolve("state/qtorrent/client.log");
            assertTrue(Files.readString(log).contains("INFO  [main] d.q.client.cli.DownloadCommand"
                    + " - downloaded downloaded/hello_world.txt"), Files.readString(log));
            assertFalse(Files.exists(dir.resolve("client.log")), "nothing is logged to the working folder");
            assertFalse(download.output().contains(" INFO "), download.output());

            // Output, host and port default to downloaded/<name> and the torrent's announce URL, which names the
            // tracker's default port: so only the first form can be used against this test's free port.
            Result console = run(java(CLIENT_JAR), "/help\n/quit\n");
            assertEquals(0, console.code(), console.output());
            assertTrue(console.output().contains("/download"), console.output());

            // A script piped into the console ends with the exit code of its last failure (3: no such torrent).
            Result script = run(java(CLIENT_JAR), "/download missing.torrent\n/help\n");
            assertEquals(3, script.code(), script.output());
        } finally {
            tracker.destroy();
            assertTrue(tracker.waitFor(10, TimeUnit.SECONDS), "tracker stops on SIGTERM");
        }
        assertTrue(Files.readString(dir.resolve("tracker.log")).contains("stopped"), "clean shutdown is logged");
    }

    @Test
    void helpVersionAndUsageExitCodes() throws Exception {
        for (Path jar : List.of(TRACKER_JAR, CLIENT_JAR)) {
            Result help = run(java(jar, "--help"), "");
            assertEquals(0, help.code(), help.output());
            assertTrue(help.output().contains("Exit codes"), help.output());
            Result version = run(java(jar, "--version"), "");
            assertEquals(0, version.code(), version.output());
            assertTrue(version.output().startsWith("quic-torrent "), version.output());
            Result usage = run(java(jar, "--no-such-option"), "");
            assertEquals(2, usage.code(), usage.output());
        }
    }

    /**
     * The README's first-start example shows the seed folder's log lines and the Seeding line as the tracker prints
     * them, up to the time of day and the folder.
     */
    private static void assertReadmeShowsTheSeedLines(List<String> printed) throws IOException {
        String readme = Files.readString(README);
        int open = readme.indexOf("```\n", readme.indexOf("On first start it creates"));
        String example = readme.substring(open + 4, readme.indexOf("```", open + 4));
        List<String> shown = example.lines()
                .filter(line -> line.contains(" SeedCatalog - ") || line.startsWith("Seeding ")).toList();
        assertEquals(4, shown.size(), "three seed log lines and the Seeding line in:\n" + example);
        List<String> actual = printed.stream().map(ReadmeExampleIT::normalize).toList();
        for (String line : shown) {
            assertTrue(actual.contains(normalize(line)), "README shows\n  " + line + "\nbut the tracker printed\n  "
                    + String.join("\n  ", printed));
        }
    }

    private static String normalize(String line) {
        return line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", "TIME ").replaceFirst(" from /.*:$", " from DIR:");
    }

    @Test
    void unwritableLogLocationSaysLoggingIsOffInOneLine() throws Exception {
        // Under a regular file nothing can be created, even by root.
        Path home = Files.writeString(dir.resolve("not-a-folder"), "x").resolve("home");
        ProcessBuilder client = java(CLIENT_JAR, "--version");
        client.environment().remove("XDG_DATA_HOME");
        client.environment().remove("QTORRENT_LOG_FILE");
        client.environment().put("HOME", home.toString());

        Result result = run(client, "");

        assertEquals(0, result.code(), result.output());
        List<String> lines = result.output().lines().toList();
        assertEquals(2, lines.size(), result.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("client: logging is off: cannot write " + home)),
                result.output());
    }

    /** {@code --state-dir} before the command moves the log there: logging must not start before it is read. */
    @Test
    void aStateDirOnTheCommandLineHoldsTheLog() throws Exception {
        ProcessBuilder client = java(CLIENT_JAR, "--state-dir", dir.resolve("elsewhere").toString(), "info",
                "missing.torrent");
        client.environment().remove("QTORRENT_LOG_FILE");

        Result result = run(client, "");

        assertEquals(3, result.code(), result.output());
        assertTrue(Files.exists(dir.resolve("elsewhere/client.log")), result.output());
        assertFalse(Files.exists(dir.resolve("state/qtorrent/client.log")), "nothing is logged to the default");
    }

    private ProcessBuilder java(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("XDG_DATA_HOME", dir.resolve("state").toString());
        return builder;
    }

    private record Result(int code, String output) {
    }

    private static Result run(ProcessBuilder builder, String stdin) throws Exception {
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not finish: " + builder.command());
        }
        return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
    }
}
