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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's fast way to run both programs: bin/qtorrent-tracker and bin/qtorrent-client, with the class-data-sharing
 * archives and the unpacked native libraries the build writes. {@code -Xshare:on} makes a JVM that cannot use its
 * archive refuse to start, so these runs show that the archives fit the jars they were made for; the running
 * tracker's memory map shows that its QUIC library was loaded from the folder beside its jar, not unpacked at start.
 */
@Timeout(120)
class LaunchersIT {
    private static final Path BIN = Path.of(System.getProperty("qtorrent.bin", "../bin")).toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theLaunchersSeedAndDownloadWithTheirArchives() throws Exception {
        assertTrue(Files.isRegularFile(BIN.resolveSibling("client/target/client.jsa")), "the build wrote the archive");
        int port = TrackerProcess.freeUdpPort();
        Process tracker = withClassLog(launch("qtorrent-tracker", "--quic", String.valueOf(port)), "tracker").start();
        try {
            TrackerProcess.startAndWait(tracker);
            Path natives = BIN.resolveSibling("tracker/target/tracker-native").toRealPath();
            assertTrue(Files.readAllLines(Path.of("/proc", String.valueOf(tracker.pid()), "maps")).stream()
                    .anyMatch(line -> line.endsWith(natives.resolve("libnetty_quiche42_linux_x86_64.so").toString())),
                    "the QUIC library is mapped from " + natives);
            Process client = withClassLog(launch("qtorrent-client", "download", "--no-progress",
                    "seed/hello_world.txt.torrent", "downloaded/hello_world.txt", "127.0.0.1", String.valueOf(port)),
                    "client").start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, client.exitValue(), output);
            assertEquals("Hello World!", Files.readString(dir.resolve("downloaded/hello_world.txt")));
        } finally {
            tracker.destroy();
            assertTrue(tracker.waitFor(10, TimeUnit.SECONDS), "the tracker stops on SIGTERM");
        }
        assertEquals(0, tracker.exitValue());
        for (String program : List.of("tracker", "client")) {
            // picocli's class files are Java 5's, which an archive cannot hold: the build rewrites them as Java 8's,
            // so that the command line's classes come from the archive like the rest.
            List<String> loaded = Files.readAllLines(dir.resolve(program + "-classes.log")).stream()
                    .filter(line -> line.contains("[class,load] picocli.")).toList();
            assertTrue(loaded.size() > 50, program + " loaded " + loaded.size() + " picocli classes");
            assertEquals(List.of(), loaded.stream().filter(line -> !line.contains("source: shared objects file"))
                    .toList(), program + ": picocli classes read from elsewhere than the archive");
        }
    }

    /** The launch, with the classes it loads and where from logged in {@code NAME-classes.log}. */
    private ProcessBuilder withClassLog(ProcessBuilder launch, String name) {
        launch.environment().put("QTORRENT_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file="
                + dir.resolve(name + "-classes.log"));
        return launch;
    }

    @Test
    void theClientsExitCodesComeThroughTheLauncher() throws Exception {
        Process usage = launch("qtorrent-client", "--no-such-option").start();
        usage.getInputStream().readAllBytes();
        assertTrue(usage.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, usage.exitValue());
    }

    @Test
    void aCollectorNamedInTheOptionsReplacesTheLaunchersOwn() throws Exception {
        for (String launcher : List.of("qtorrent-tracker", "qtorrent-client")) {
            for (String collector : List.of("", "-XX:+UseG1GC", "-XX:+UseParallelGC")) {
                ProcessBuilder builder = launch(launcher, "--version");
                builder.environment().put("QTORRENT_JAVA_OPTS", collector + " -XX:+PrintCommandLineFlags");
                Process version = builder.start();
                String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(version.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, version.exitValue(), launcher + ": " + output);
                String expected = collector.isEmpty() ? "-XX:+UseSerialGC" : collector;
                assertTrue(output.contains(expected + " "), launcher + ": " + expected + " in " + output);
                // The launcher's options suit the runtime: none is refused, whatever the JDK's version.
                assertFalse(output.contains("warning"), launcher + ": " + output);
            }
        }
    }

    private ProcessBuilder launch(String launcher, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(BIN.resolve(launcher).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("QTORRENT_JAVA_OPTS", "-Xshare:on");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XDG_DATA_HOME", dir.resolve("state").toString());
        builder.environment().remove("QTORRENT_LOG_FILE");
        return builder;
    }
}
