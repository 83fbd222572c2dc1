package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.client.ClientContext;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's {@code --help} at 80 columns: no line too long, no word split, and short usage errors. */
class HelpTextTest {
    private static final int WIDE = 1000;

    private static CommandLine newCli(StringWriter out) {
        ClientContext context = new ClientContext(new BufferedReader(new StringReader("")), Map.of(), false);
        return Cli.newCommandLine(context, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    }

    private static String help(int width, String... command) {
        StringWriter out = new StringWriter();
        CommandLine cli = newCli(out);
        if (width > 0) {
            cli.setUsageHelpWidth(width);
        }
        List<String> args = new ArrayList<>(Arrays.asList(command));
        args.add("--help");
        assertEquals(0, cli.execute(args.toArray(String[]::new)), out.toString());
        return out.toString();
    }

    private static List<List<String>> commands() {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of());
        for (String name : newCli(new StringWriter()).getSubcommands().keySet()) {
            commands.add(List.of(name));
        }
        return commands;
    }

    @Test
    void everyHelpFitsEightyColumnsWithoutSplittingAWord() {
        for (List<String> command : commands()) {
            String[] args = command.toArray(String[]::new);
            String narrow = help(0, args);
            // The same help with room for every line: a word split at 80 columns shows up as two words there.
            String wide = help(WIDE, args);
            assertTrue(wide.contains("Exit codes:"), wide);
            assertEquals(Arrays.asList(wide.trim().split("\\s+")), Arrays.asList(narrow.trim().split("\\s+")),
                    "words differ in the help of " + command + ":\n" + narrow);
            for (String line : narrow.split("\n")) {
                assertTrue(line.length() <= 80, "longer than 80 columns in " + command + ": " + line);
            }
        }
    }

    @Test
    void tokensWithPunctuationStayWhole() {
        String download = help(0, "download");
        assertTrue(download.contains("magnet:?xt=urn:btih:...&tr=quic://host:port"), download);
        assertTrue(help(0, "create").contains("quic://HOST:PORT"));
    }

    @Test
    void eachCommandListsItsOwnExitCodes() {
        String create = help(0, "create");
        assertFalse(create.contains("download"), create);
        assertTrue(create.contains("the torrent was written"), create);
        assertFalse(create.contains("  6 "), create);
        String download = help(0, "download");
        assertTrue(download.contains("pieces kept failing verification"), download);
        assertTrue(download.contains("  7 "), download);
    }

    @Test
    void missingArgumentSaysSoInOneLineWithAHint() {
        CliHarness cli = new CliHarness();

        int code = cli.run("download");

        assertEquals(ExitCode.USAGE.code(), code);
        assertEquals("client: missing TORRENT\nTry 'client download --help' for more information.\n", cli.err());
    }

    @Test
    void missingRequiredOptionSaysWhichWithAHint() {
        CliHarness cli = new CliHarness();

        int code = cli.run("create", "somewhere");

        assertEquals(ExitCode.USAGE.code(), code);
        String[] lines = cli.err().split("\n");
        assertEquals(2, lines.length, cli.err());
        assertTrue(lines[0].startsWith("client: ") && lines[0].contains("--tracker"), cli.err());
        assertEquals("Try 'client create --help' for more information.", lines[1]);
    }

    @Test
    void badMaxRateIsAUsageErrorBeforeAnythingElse() {
        CliHarness cli = new CliHarness();

        int code = cli.run("download", "no-such.torrent", "--max-rate", "1.5Q");

        assertEquals(ExitCode.USAGE.code(), code, cli.err());
        assertEquals("client: --max-rate: 1.5Q is not a size like 16384, 256K, 1.5M or 10MiB\n", cli.err());
    }

    @Test
    void unknownOptionSaysSoWithoutTheUsage() {
        CliHarness cli = new CliHarness();

        int code = cli.run("download", "x.torrent", "--no-such-option");

        assertEquals(ExitCode.USAGE.code(), code);
        assertTrue(cli.err().startsWith("client: unknown option: '--no-such-option'"), cli.err());
        assertFalse(cli.err().contains("Usage:"), cli.err());
    }

    @Test
    void aProcessForOneCommandBuildsThatCommandAloneAndTheRootHelpStillListsThemAll() {
        ClientContext context = new ClientContext(new BufferedReader(new StringReader("")), Map.of(), false);
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        assertEquals(List.of("download"), List.copyOf(Cli.newCommandLine(context, quiet, quiet, "download")
                .getSubcommands().keySet()));
        assertEquals(List.of("download", "seed", "create", "info", "scrape"), List.copyOf(Cli.newCommandLine(context, quiet,
                quiet, "no-such-command").getSubcommands().keySet()));
        String root = help(0);
        for (String command : List.of("download", "seed", "create", "info", "scrape")) {
            assertTrue(root.contains(command), command + " missing from the root's help:\n" + root);
        }
    }
}
