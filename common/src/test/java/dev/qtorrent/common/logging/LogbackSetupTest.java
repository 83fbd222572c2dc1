package dev.qtorrent.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogbackSetupTest {
    @TempDir
    Path dir;

    @Test
    void fileGetsInfoAndAboveWithTheDateZoneAndThread() throws Exception {
        Path file = dir.resolve("logs/app.log");
        LoggerContext context = started();
        try {
            LogbackSetup.apply(context, Level.INFO, new LogbackSetup.Console(true, Level.ERROR),
                    new LogbackSetup.RollingFile(file.toString(), 3));
            Logger log = context.getLogger("dev.qtorrent.example.subsystem.SomeLongClassName");
            log.debug("not kept");
            log.info("kept {}", 42);
            context.getLogger("io.netty.channel.Whatever").info("netty info is dropped");
            context.getLogger("io.netty.channel.Whatever").warn("netty warning is kept");
        } finally {
            context.stop();
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  "
                + "\\[main] d\\.q\\.[a-z.]*SomeLongClassName - kept 42"), lines.get(0));
        assertTrue(lines.get(1).contains("WARN ") && lines.get(1).endsWith("netty warning is kept"), lines.get(1));
        assertFalse(hasErrors(context));
    }

    @Test
    void consoleShowsOnlyItsThreshold() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        LoggerContext context = started();
        // The console appender binds to System.err when it starts, so the capture must be in place first.
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogbackSetup.apply(context, Level.INFO, new LogbackSetup.Console(true, Level.ERROR), null);
            Logger log = context.getLogger("a.b.Thing");
            log.info("quiet");
            log.error("loud");
        } finally {
            context.stop();
            System.setErr(original);
        }
        // Other things in this JVM (a fuzzing agent loading classes) may write to standard error meanwhile.
        String console = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, console.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR Thing - loud")).count(),
                console);
        assertFalse(console.contains("quiet"), console);
    }

    @Test
    void rollsAtTenMegabytesAndKeepsTheWindow() throws Exception {
        Path file = dir.resolve("big.log");
        LoggerContext context = started();
        String filler = "x".repeat(1000);
        try {
            LogbackSetup.apply(context, Level.INFO, new LogbackSetup.Console(true, Level.OFF),
                    new LogbackSetup.RollingFile(file.toString(), 1));
            Logger log = context.getLogger("t");
            // The size is looked at once a second, so a burst may run past 10 MB until the next look rolls the file.
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 11_000; i++) {
                    log.info(filler);
                }
                Thread.sleep(1_100);
                log.info("after a pause");
            }
        } finally {
            context.stop();
        }
        assertTrue(Files.exists(dir.resolve("big.log.1")), "rolled once at least");
        assertFalse(Files.exists(dir.resolve("big.log.2")), "only one rolled file is kept");
        assertTrue(Files.size(file) < 1_000_000, "the last line started a new file: " + Files.size(file));
        assertFalse(hasErrors(context));
    }

    @Test
    void xmlWinsWhenNamedOrWhenTestConfigurationIsPresent() {
        // This module's tests carry a logback-test.xml, which must keep taking effect in tests.
        assertTrue(LogbackSetup.xmlRequested(getClass().getClassLoader()));
        assertFalse(LogbackSetup.xmlRequested(new ClassLoader(null) {
        }));
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "custom.xml");
        try {
            assertTrue(LogbackSetup.xmlRequested(new ClassLoader(null) {
            }));
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    @Test
    void rejectsAnEmptyPathOrWindow() {
        assertThrows(IllegalArgumentException.class, () -> new LogbackSetup.RollingFile("", 3));
        assertThrows(IllegalArgumentException.class, () -> new LogbackSetup.RollingFile("a.log", 0));
    }

    /** A context as logback's start-up hands it to a configurator: started, with an MDC, not yet configured. */
    private static LoggerContext started() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        return context;
    }

    private static boolean hasErrors(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream().anyMatch(s -> s.getLevel() == Status.ERROR);
    }
}
