package dev.qtorrent.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tracker's {@code --help} at 80 columns keeps every word whole, and a usage error is one line and a hint. */
class TrackerHelpTest {
    private static String help(int width) {
        StringWriter out = new StringWriter();
        CommandLine cli = TrackerMain.newCommandLine(new TrackerCommand(), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        if (width > 0) {
            cli.setUsageHelpWidth(width);
        }
        assertEquals(0, cli.execute("--help"), out.toString());
        return out.toString();
    }

    @Test
    void helpFitsEightyColumnsWithoutSplittingAWord() {
        String narrow = help(0);
        // With room for every line nothing is wrapped, so a word split at 80 columns shows up as two words.
        String wide = help(1000);
        assertEquals(Arrays.asList(wide.trim().split("\\s+")), Arrays.asList(narrow.trim().split("\\s+")), narrow);
        for (String line : narrow.split("\n")) {
            assertTrue(line.length() <= 80, line);
        }
        assertTrue(narrow.contains("quic://HOST:PORT"), narrow);
    }

    @Test
    void helpSaysSighupRescansAndWhatStopsTheTracker() {
        String wide = help(1000);
        assertTrue(wide.contains("SIGHUP rescans it"), wide);
        assertTrue(wide.contains("Stop it with Ctrl-C or SIGTERM"), wide);
        assertTrue(wide.contains("0   stopped cleanly (Ctrl-C, SIGTERM; SIGHUP rescans the seed folder instead)"), wide);
    }

    @Test
    void missingValueSaysSoInOneLineWithAHint() {
        StringWriter err = new StringWriter();
        CommandLine cli = TrackerMain.newCommandLine(new TrackerCommand(), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));

        int code = cli.execute("--quic");

        assertEquals(2, code);
        String[] lines = err.toString().split("\n");
        assertEquals(2, lines.length, err.toString());
        assertTrue(lines[0].startsWith("tracker: ") && lines[0].contains("--quic"), err.toString());
        assertEquals("Try 'tracker --help' for more information.", lines[1]);
        assertFalse(err.toString().contains("Usage:"));
    }
}
