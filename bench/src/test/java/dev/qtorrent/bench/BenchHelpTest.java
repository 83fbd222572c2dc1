package dev.qtorrent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark's {@code --help} at 80 columns keeps every word whole. */
class BenchHelpTest {
    private static String help(int width, List<String> command) {
        StringWriter out = new StringWriter();
        CommandLine cli = BenchMain.newCommandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter()));
        if (width > 0) {
            cli.setUsageHelpWidth(width);
        }
        String[] args = new String[command.size() + 1];
        command.toArray(args);
        args[command.size()] = "--help";
        assertEquals(0, cli.execute(args), out.toString());
        return out.toString();
    }

    @Test
    void everyHelpFitsEightyColumnsWithoutSplittingAWord() {
        CommandLine root = BenchMain.newCommandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<List<String>> commands = new java.util.ArrayList<>();
        commands.add(List.of());
        // The internal subcommands that the benchmark starts as processes have no help to show.
        root.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().optionsMap().containsKey("--help")) {
                commands.add(List.of(name));
            }
        });
        for (List<String> command : commands) {
            String narrow = help(0, command);
            String wide = help(1000, command);
            assertEquals(Arrays.asList(wide.trim().split("\\s+")), Arrays.asList(narrow.trim().split("\\s+")),
                    command + ":\n" + narrow);
            for (String line : narrow.split("\n")) {
                assertTrue(line.length() <= 80, command + ": " + line);
            }
        }
        assertTrue(help(0, List.of()).contains("tracker/target/tracker.jar"));
    }
}
