package dev.qtorrent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The final table: the anchor's rows, the forced datagram sizes, the first piece byte and the hello-world runs. */
class ReportTest {
    private static final long GIB = 1L << 30;
    private static final RawRun RAW = new RawRun(1000, 500, "datagrams up to 16384 bytes");

    private static ClientRun client(double seconds, double firstByte, double cpu) {
        return new ClientRun(GIB, seconds, seconds - firstByte - 0.1, firstByte, cpu, 100L << 20, 1.0, 16384);
    }

    private static String print(Report report) {
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        return text.toString();
    }

    private static List<String> cells(String table, String label) {
        String line = table.lines().filter(l -> l.startsWith(label + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(label + " missing from:\n" + table));
        return List.of(line.substring(label.length()).trim().split("\\s+"));
    }

    @Test
    void theAnchorRatioIsTheMedianOfEachRunsOwnRatio() {
        Report report = new Report(GIB);
        double[] ours = {2, 4, 10};
        double[] libtorrent = {1, 8, 5};
        double[] firstBytes = {1.1, 0.9, 1.3};
        for (int i = 0; i < 3; i++) {
            ClientRun client = client(ours[i], firstBytes[i], 6);
            report.add(RAW, RAW, client, 0);
            report.addForced(1452, client(2 * ours[i], firstBytes[i], 9 + i));
            report.addLibtorrent(new LibtorrentRun(GIB, libtorrent[i], 2 + i, (50L + i) << 20, 1.5), client);
        }
        report.libtorrent = "libtorrent 2.0.8.0 (/usr/bin/python3)";
        String table = print(report);

        // Each run's ours / libtorrent is 0.5, 2.0 and 0.5; the ratio of the medians (5 s / 4 s) would be 1.25.
        assertEquals(List.of("0.50", "0.50", "2.00"), cells(table, "  client / libtorrent end to end"));
        assertEquals(List.of(String.format("%.0f", GIB / 5 / 1e6), String.format("%.0f", GIB / 8 / 1e6),
                String.format("%.0f", GIB / 1 / 1e6), "MB/s"),
                cells(table, "libtorrent end to end (TCP, start to exit)"));
        assertEquals(List.of("3.00", "2.00", "4.00", "s"), cells(table, "  libtorrent CPU per GiB"));
        assertEquals(List.of("51", "50", "52", "MiB"), cells(table, "  libtorrent peak RSS"));
        assertEquals(List.of("1.50", "1.50", "1.50", "s"), cells(table, "  libtorrent seeder CPU per GiB"));
        assertEquals(List.of("1.10", "0.90", "1.30", "s"), cells(table, "client start to first piece byte"));
        assertEquals(List.of(String.format("%.0f", GIB / 8 / 1e6), String.format("%.0f", GIB / 20 / 1e6),
                String.format("%.0f", GIB / 4 / 1e6), "MB/s"), cells(table, "client end to end, 1452-byte datagrams"));
        assertEquals(List.of("10.00", "9.00", "11.00", "s"), cells(table, "  client CPU per GiB"));
        assertTrue(table.contains("anchor: libtorrent 2.0.8.0 (/usr/bin/python3), a seeder and a downloader"), table);
    }

    @Test
    void withoutTheAnchorOrForcedSizesTheirRowsAreLeftOut() {
        Report report = new Report(GIB);
        report.add(RAW, RAW, client(4, 1, 6), 0);
        String table = print(report);
        assertFalse(table.contains("libtorrent"), table);
        assertFalse(table.contains("-byte datagrams"), table);
        assertEquals(List.of("1.00", "1.00", "1.00", "s"), cells(table, "client start to first piece byte"));
    }

    @Test
    void helloWorldRunsGiveMedianMinimumAndMaximum() {
        Report report = new Report(GIB);
        report.add(RAW, RAW, client(4, 1, 6), 0);
        report.hello = new HelloWorld.Result("bin/qtorrent-client (no class-data archive: the build skipped it)",
                List.of(new HelloWorld.Run(0.5, 0.7), new HelloWorld.Run(0.4, 0.9), new HelloWorld.Run(0.8, 0.6)));
        String table = print(report);
        assertTrue(table.contains("3 hello-world downloads (12 bytes), each a fresh bin/qtorrent-client (no "
                + "class-data archive"), table);
        assertEquals(List.of("0.50", "0.40", "0.80", "s"), cells(table, "  wall time, process start to exit"));
        assertEquals(List.of("0.70", "0.60", "0.90", "s"), cells(table, "  CPU"));
    }
}
