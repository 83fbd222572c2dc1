package dev.qtorrent.bench.slow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options of {@code bench slow}: what they mean, and usage errors (exit code 2) before anything starts. */
class SlowUsageTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new SlowCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String[] withJars(String... args) throws Exception {
        Path tracker = Files.createFile(dir.resolve("tracker.jar"));
        Path client = Files.createFile(dir.resolve("client.jar"));
        List<String> all = new java.util.ArrayList<>(List.of("--start", "java-jar", "--tracker-jar",
                tracker.toString(), "--client-jar", client.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void defaultsAndValuesAsGiven() throws Exception {
        SlowCommand command = new SlowCommand();
        new CommandLine(command).parseArgs(withJars());
        SlowCommand.Settings defaults = command.settings();
        assertEquals(64L << 20, defaults.size());
        assertEquals(2L << 20, defaults.rate());
        assertEquals(Duration.ofSeconds(30), defaults.idle());
        assertEquals("java -jar", defaults.programs().label());

        SlowCommand other = new SlowCommand();
        new CommandLine(other).parseArgs("--start", "java-jar", "--tracker-jar", dir.resolve("tracker.jar").toString(),
                "--client-jar", dir.resolve("client.jar").toString(), "--size", "256MiB", "--rate", "500KiB",
                "--idle", "0", "--threads", "3");
        SlowCommand.Settings given = other.settings();
        assertEquals(256L << 20, given.size());
        assertEquals(500L << 10, given.rate());
        assertTrue(given.idle().isZero());
        assertEquals(3, given.threads());
        assertTrue(given.programs().client().get(given.programs().client().size() - 1).endsWith("client.jar"));
    }

    @Test
    void refusesValuesItCannotRun() throws Exception {
        String[] jars = withJars();
        for (String[] bad : new String[][] {{"--size", "0"}, {"--size", "lots"}, {"--rate", "0"},
                {"--rate", "fast"}, {"--idle", "-1"}, {"--settle", "-5"}, {"--threads", "-1"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(jars), java.util.Arrays.stream(bad))
                    .toArray(String[]::new);
            StringWriter err = new StringWriter();
            assertEquals(2, run(err, args), String.join(" ", bad));
            assertTrue(err.toString().contains(bad[0]), bad[0] + ": " + err);
        }
    }

    @Test
    void refusesAnUnknownWayToStartAndAMissingJar() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--start", "docker"));
        assertTrue(err.toString().contains("expected launchers or java-jar, got docker"), err.toString());
        StringWriter missing = new StringWriter();
        String jar = dir.resolve("no-such.jar").toString();
        assertEquals(2, run(missing, "--start", "java-jar", "--tracker-jar", jar));
        assertTrue(missing.toString().contains(jar + " not found"), missing.toString());
    }
}
