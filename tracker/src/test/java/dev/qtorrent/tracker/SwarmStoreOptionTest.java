package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --swarm-store} through the command line: a value of the wrong form is a usage error that creates nothing. */
@Timeout(30)
class SwarmStoreOptionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"redis", "mem", "http://127.0.0.1:6379", "redis://"})
    void aValueOfTheWrongFormIsAUsageErrorThatCreatesNothing(String value) throws Exception {
        StringWriter err = new StringWriter();

        int code = TrackerRun.run(dir, new TrackerCommand(), new StringWriter(), err, "--swarm-store", value);

        assertEquals(2, code, err.toString());
        assertTrue(err.toString().startsWith("tracker: --swarm-store " + value + ": "), err.toString());
        assertFalse(Files.exists(dir.resolve("seed")), "no seed folder");
        assertFalse(Files.exists(dir.resolve("tls")), "no identity");
    }
}
