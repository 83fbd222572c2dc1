package dev.qtorrent.bench.announce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A command line the benchmark cannot run is refused with exit code 2 before anything starts. */
class AnnounceUsageTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new AnnounceCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void refusesValuesOutOfRange() {
        for (String[] args : new String[][] {{"--streams", "0"}, {"--streams", "129"}, {"--numwant", "201"},
                {"--peers", "0"}, {"--seconds", "0"}, {"--warmup", "-1"}}) {
            StringWriter err = new StringWriter();
            assertEquals(2, run(err, args), String.join(" ", args));
            assertTrue(err.toString().contains("--streams 1 to 128"), err.toString());
        }
    }

    @Test
    void refusesAMissingTrackerJar() {
        StringWriter err = new StringWriter();
        String jar = dir.resolve("no-such.jar").toString();
        assertEquals(2, run(err, "--tracker-jar", jar));
        assertTrue(err.toString().contains(jar + " not found"), err.toString());
    }

    @Test
    void refusesAnUnknownWayToStart() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--start", "docker"));
        assertTrue(err.toString().contains("--start: expected launchers or java-jar, got docker"), err.toString());
    }
}
