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

    /** /help names the arguments as each command's own --help does, since it reads them from the command. */
    @Test
    void helpNamesArgumentsAsTheSubcommandsDo() {
        CliHarness console = new CliHarness("/help\n");
        assertEquals(0, console.run(), console.err());
        String help = console.out();
        assertTrue(help.contains("  /download TORRENT [OUTPUT] [HOST] [PORT] [OPTIONS]  "), help);
        assertTrue(help.contains("  /info TORRENT "), help);
        assertTrue(help.contains("  /create SOURCE --tracker URL [OPTIONS]  "), help);

        for (String command : new String[] {"download", "info", "create"}) {
            CliHarness sub = new CliHarness();
            assertEquals(0, sub.run(command, "--help"));
            String synopsis = sub.out().lines().filter(line -> line.startsWith("Usage: ")).findFirst().orElseThrow();
            String usage = help.lines().filter(line -> line.startsWith("  /" + command + " ")).findFirst()
                    .orElseThrow();
            for (String word : usage.substring(0, usage.indexOf("  ", 3)).strip().split(" ")) {
                String name = word.replaceAll("[\\[\\]]", "");
                if (!name.startsWith("/") && !name.equals("OPTIONS")) {
                    assertTrue(sub.out().contains(name), command + " --help lacks " + name + ": " + synopsis);
                }
            }
        }
    }

    /** /info and /create take the subcommands' arguments and options, and a failure sets the exit code. */
    @Test
    void scriptedInfoAndCreateAndTheLastFailuresExitCode() throws Exception {
        Path data = Files.writeString(dir.resolve("notes.txt"), "some notes\n");
        Path torrent = dir.resolve("out/notes.torrent");
        Files.createDirectories(torrent.getParent());
        String pin = "cd".repeat(32);
        String script = "/create \"" + data + "\" -t quic://127.0.0.1:7001 --pin " + pin + " -o \"" + torrent + "\"\n"
                + "/info \"" + torrent + "\"\n"
                + "/info \"" + dir.resolve("missing.torrent") + "\"\n"
                + "/info \"" + torrent + "\"\n";
        CliHarness cli = new CliHarness(script);

        int code = cli.run();

        assertEquals(ExitCode.BAD_TORRENT.code(), code, cli.err());
        assertTrue(Files.exists(torrent), cli.out());
        assertTrue(cli.out().contains("Wrote " + torrent), cli.out());
        assertTrue(cli.out().contains("Certificate pin: sha256=" + pin), cli.out());
        assertTrue(cli.err().contains("missing.torrent: no such file"), cli.err());
    }

    @Test
    void unknownConsoleCommandExitsWithTheClientsUsageCode() {
        CliHarness cli = new CliHarness("/nope\n");
        assertEquals(ExitCode.USAGE.code(), cli.run(), cli.err());
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
