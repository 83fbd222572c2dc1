package dev.qtorrent.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Help laid out at any width keeps the words of every section whole, where picocli alone splits them. */
class WholeWordHelpTest {
    /** Words with dots, colons and slashes, each short enough to fit the narrowest column of the tests. */
    private static final String WORDS = "Connects to quic://HOST:PORT and logs to tracker.log or OUTPUT.part, "
            + "e.g. magnet:?xt=urn:btih:c4 for quic://127.0.0.1:7001 with a/path/to/some.file.name";

    @Command(name = "tool", mixinStandardHelpOptions = true, description = WORDS, footer = WORDS,
            subcommands = Sub.class)
    static final class Tool implements Runnable {
        @Option(names = "--tracker", description = WORDS)
        String tracker;

        @Option(names = "--a-rather-long-option-name", paramLabel = "VALUE", description = WORDS)
        String longOne;

        @Override
        public void run() {
        }
    }

    @Command(name = "sub", description = WORDS)
    static final class Sub implements Runnable {
        @Parameters(description = WORDS)
        String source;

        @Override
        public void run() {
        }
    }

    private static String help(boolean wholeWords, int width) {
        CommandLine cli = new CommandLine(new Tool());
        cli.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(Map.of("1", WORDS));
        if (wholeWords) {
            WholeWordHelp.install(cli);
        }
        cli.setUsageHelpWidth(width);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.execute("--help");
        return out.toString();
    }

    private static List<String> words(String text) {
        return Arrays.asList(text.trim().split("\\s+"));
    }

    @Test
    void everyWidthKeepsTheWordsOfAWideLayout() {
        List<String> wide = words(help(true, 2000));
        for (int width = 55; width <= 120; width++) {
            String narrow = help(true, width);
            assertEquals(wide, words(narrow), "at " + width + " columns:\n" + narrow);
            for (String line : narrow.split("\n")) {
                assertTrue(line.length() <= width, width + ": " + line);
            }
        }
    }

    @Test
    void picocliAloneSplitsThem() {
        List<String> wide = words(help(false, 2000));
        boolean split = false;
        for (int width = 55; width <= 120 && !split; width++) {
            split = !wide.equals(words(help(false, width)));
        }
        assertTrue(split, "this test's text no longer shows picocli's splitting");
    }
}
