package dev.qtorrent.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client logs to its state folder, never to the folder it runs in, and says in one line when it cannot. */
class ClientLoggingTest {
    @TempDir
    Path dir;
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void mdc() {
        // A context of one's own needs what logback's service provider gives the real one.
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private Path configure(Map<String, String> env, Path home) {
        return ClientLogging.configure(context, env, home.toString(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void logAndFlush(String message) {
        context.getLogger("test").info(message);
        context.stop();
    }

    @Test
    void stateDirOnTheCommandLineMovesTheLog() {
        Properties properties = new Properties();
        ClientLogging.useStateDirOf(new String[] {"download", "a.torrent", "--state-dir", dir.resolve("s").toString()},
                properties);

        Path file = configure(ClientLogging.environment(Map.of("XDG_DATA_HOME", dir.resolve("data").toString()),
                properties), dir.resolve("home"));

        assertEquals(dir.resolve("s/client.log"), file);
    }

    @Test
    void namedLogFileWinsOverStateDir() {
        Properties properties = new Properties();
        ClientLogging.useStateDirOf(new String[] {"--state-dir=" + dir.resolve("s")}, properties);
        Path named = dir.resolve("named.log");

        Path file = configure(ClientLogging.environment(Map.of("QTORRENT_LOG_FILE", named.toString()), properties),
                dir.resolve("home"));

        assertEquals(named, file);
    }

    @Test
    void logsToXdgDataHome() throws Exception {
        Path file = configure(Map.of("XDG_DATA_HOME", dir.resolve("data").toString()), dir.resolve("home"));

        logAndFlush("hello from the test");

        assertEquals(dir.resolve("data/qtorrent/client.log"), file);
        assertTrue(Files.readString(file).contains("hello from the test"), Files.readString(file)
                + context.getStatusManager().getCopyOfStatusList());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaultsToTheHomeFolderAndIgnoresARelativeXdgDataHome() {
        Path file = configure(Map.of("XDG_DATA_HOME", "relative/data"), dir.resolve("home"));

        assertEquals(dir.resolve("home/.local/share/qtorrent/client.log"), file);
        assertTrue(Files.exists(file));
    }

    @Test
    void logFileVariableOverrides() {
        Path named = dir.resolve("elsewhere.log");

        Path file = configure(Map.of("QTORRENT_LOG_FILE", named.toString(),
                "XDG_DATA_HOME", dir.resolve("data").toString()), dir.resolve("home"));

        assertEquals(named, file);
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void unwritableLocationTurnsLoggingOffWithOneLine() throws Exception {
        // A home under a regular file cannot hold folders, even for root, who may write anywhere else.
        Path home = Files.writeString(dir.resolve("not-a-folder"), "x").resolve("home");

        Path file = configure(Map.of(), home);
        context.getLogger("test").error("an error still reaches the console");

        assertNull(file);
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("client: logging is off: cannot write " + home.resolve(".local/share/qtorrent"
                + "/client.log") + " (Not a directory)"), said);
        assertNull(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE"));
        assertTrue(context.getStatusManager().getCopyOfStatusList().stream()
                .noneMatch(s -> s.getLevel() == Status.ERROR), "no logback errors: "
                + context.getStatusManager().getCopyOfStatusList());
    }
}
