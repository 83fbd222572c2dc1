package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.tracker.TestTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console reached through the real command line with no arguments, driven by scripted input. */
@Timeout(60)
class ConsoleCliTest {
    @TempDir
    Path dir;

    @Test
    void scriptedSessionDownloadsAndAnswers() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        try (TestTracker tracker = TestTracker.start(seed)) {
            Path torrent = tracker.torrent("hello_world.txt").torrentFile();
            Path output = dir.resolve("my downloads/hello.txt");
            String script = "/help\n"
                    + "/download \"" + torrent + "\" \"" + output + "\" 127.0.0.1 " + tracker.address().getPort() + "\n"
                    + "what is a piece?\n"
                    + "/quit\n"
                    + "/download never-run.torrent\n";
            CliHarness cli = new CliHarness(script);

            int code = cli.run();

            assertEquals(0, code, cli.err());
            assertTrue(cli.out().contains("/download"), cli.out());
            assertTrue(cli.out().contains("/quit"), cli.out());
            assertEquals("Hello World!", Files.readString(output));
            assertTrue(cli.err().contains("QTORRENT_AI_URL"), "unconfigured assistant explains itself: " + cli.err());
            assertTrue(!cli.err().contains("never-run"), "nothing runs after /quit: " + cli.err());
        }
    }

    @Test
    void endOfInputLeaves() {
        CliHarness cli = new CliHarness("");

        assertEquals(0, cli.run());
    }

    @Test
    void helpAndVersion() {
        CliHarness help = new CliHarness();
        assertEquals(0, help.run("--help"));
        assertTrue(help.out().contains("Exit codes"), help.out());
        assertTrue(help.out().contains("download"), help.out());

        CliHarness downloadHelp = new CliHarness();
        assertEquals(0, downloadHelp.run("download", "--help"));
        assertTrue(downloadHelp.out().contains("--insecure"), downloadHelp.out());
        assertTrue(downloadHelp.out().contains("Exit codes"), downloadHelp.out());

        CliHarness version = new CliHarness();
        assertEquals(0, version.run("--version"));
        assertTrue(version.out().startsWith("quic-torrent client "), version.out());
    }
}
