package dev.qtorrent.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The progress line fits the terminal, dropping fields in a fixed order, and never touches the last column. */
class ProgressLineTest {
    private static final long GIB = 1L << 30;
    private static final double RATE = 10 * 1024 * 1024;

    @ParameterizedTest(name = "{0} columns")
    @CsvSource(delimiter = '|', value = {
        "120 | 1.5 GiB / 4.0 GiB  37.5%  10.0 MiB/s  ETA 4:16",
        "80  | 1.5 GiB / 4.0 GiB  37.5%  10.0 MiB/s  ETA 4:16",
        "60  | 1.5 GiB / 4.0 GiB  37.5%  10.0 MiB/s  ETA 4:16",
        "40  | 1.5 GiB  37.5%  10.0 MiB/s  ETA 4:16",
        "30  | 37.5%  10.0 MiB/s  ETA 4:16",
        "20  | 37.5%  ETA 4:16",
        "12  | 37.5%",
    })
    void fitsTheWidthDroppingTotalThenDoneThenRateThenEta(int columns, String expected) {
        String line = ProgressLine.format(GIB * 3 / 2, GIB * 4, RATE, columns);

        assertEquals(expected, line);
        assertTrue(line.length() <= columns - 1);
    }

    @ParameterizedTest(name = "{0} columns")
    @CsvSource({"40", "60", "80", "120"})
    void neverWiderThanOneLessThanTheTerminal(int columns) {
        long[] sizes = {0, 1, 999, 1023 * 1024, 3 * GIB, 5000 * GIB};
        for (long total : sizes) {
            for (long done : new long[] {0, total / 3, total}) {
                for (double rate : new double[] {0, 1, 1e3, 1e9, 1e13}) {
                    String line = ProgressLine.format(done, total, rate, columns);
                    assertTrue(line.length() <= columns - 1, columns + ": " + line);
                }
            }
        }
    }

    @Test
    void unknownRateShowsNoRateAndNoTimeLeft() {
        assertEquals("0 B / 4.0 GiB  0.0%  ETA --:--", ProgressLine.format(0, GIB * 4, 0, 80));
    }

    @Test
    void redrawsBlankOverALongerLineWithinTheWidth() {
        StringWriter out = new StringWriter();
        long[] now = {0};
        TransferMeter meter = new TransferMeter(() -> now[0]);
        meter.progress(0);
        ProgressLine line = new ProgressLine(new PrintWriter(out), meter, 40);
        now[0] = 1_000_000_000L;
        meter.progress(GIB);
        line.progress(GIB, GIB * 4);
        line.progress(GIB * 4, GIB * 4);
        for (String drawn : out.toString().split("\r")) {
            assertTrue(drawn.length() <= 39, "[" + drawn + "]");
        }
    }

    @Test
    void widthComesFromColumnsElseEighty() {
        assertEquals(40, TerminalWidth.of(Map.of("COLUMNS", "40"), false));
        assertEquals(TerminalWidth.DEFAULT, TerminalWidth.of(Map.of("COLUMNS", "wide"), false));
        assertEquals(TerminalWidth.DEFAULT, TerminalWidth.of(Map.of(), false));
    }

    @Test
    void showsPeersAndTheUploadRateWhenThereIsRoomAndDropsThemFirst() {
        String wide = ProgressLine.format(GIB, GIB * 4, 1 << 20, 3, 512 << 10, 120);
        assertTrue(wide.endsWith("3 peers  up 512.0 KiB/s"), wide);
        String narrow = ProgressLine.format(GIB, GIB * 4, 1 << 20, 3, 512 << 10, 50);
        assertFalse(narrow.contains("peer"), narrow);
        assertTrue(narrow.contains("25.0%"), narrow);
        assertTrue(narrow.length() < 50, narrow);
    }
}
