package dev.qtorrent.bench.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SwarmReportTest {
    private static final long SIZE = 64L << 20;
    private final LowerBound bound = new LowerBound(SIZE, 2, Rate.parse("80mbit"), Rate.parse("160mbit"));
    private final SwarmResult ours = new SwarmResult("quic-torrent", List.of(14.0, 15.0), 2 * SIZE, 2 * SIZE + 10,
            OptionalLong.empty(), 1.5, 3.0);
    private final SwarmResult aria = new SwarmResult("aria2c", List.of(8.0, 7.0), SIZE / 2, 2 * SIZE,
            OptionalLong.of(1_048_576));

    private String line(String table, String label) {
        return table.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow(() -> new AssertionError(
                label + " missing from:\n" + table));
    }

    private static List<String> cells(String line, String label) {
        return List.of(line.substring(label.length()).trim().split("\\s+"));
    }

    @Test
    void oneColumnPerImplementationInTheOrderGiven() {
        String table = SwarmReport.table(bound, List.of(ours, aria));
        assertEquals(List.of("quic-torrent", "aria2c"), List.of(table.lines().findFirst().orElseThrow().trim()
                .split("\\s+")));
        assertEquals(List.of("15.00", "8.00"), cells(line(table, "all done (s)"), "all done (s)"));
        assertEquals(List.of(String.format("%.2f", 15.0 / bound.seconds()), String.format("%.2f",
                8.0 / bound.seconds())), cells(line(table, "  / lower bound"), "  / lower bound"));
        assertEquals(List.of("14.50", "7.50"), cells(line(table, "p50 completion (s)"), "p50 completion (s)"));
        assertEquals(List.of("1.000", "0.250"), cells(line(table, "origin egress"), "origin egress / (N x size)"));
        assertEquals(List.of(String.format("%.1f", 2.0 * SIZE / 15 / 1e6), String.format("%.1f",
                2.0 * SIZE / 8 / 1e6)), cells(line(table, "aggregate goodput"), "aggregate goodput (MB/s)"));
        assertEquals(List.of("n/a", "1,048,576"), cells(line(table, "redundant endgame bytes"),
                "redundant endgame bytes"));
        // 1.5 s for two downloads of 64 MiB, 3 s for 128 MiB sent; aria2c's result has no CPU figures.
        assertEquals(List.of("12.00", "n/a"), cells(line(table, "downloader CPU"), "downloader CPU per GiB in (s)"));
        assertEquals(List.of("24.00", "n/a"), cells(line(table, "origin CPU"), "origin CPU per GiB sent (s)"));
        assertEquals("aria2c completions (s): 8.00 7.00", line(table, "aria2c completions"));
        table.lines().forEach(l -> assertTrue(l.length() <= 80, l));
    }

    @Test
    void theHeadingGivesTheBoundAndBothOfItsTerms() {
        String heading = SwarmReport.heading(bound);
        assertTrue(heading.contains("2 downloaders, 64 MiB (67,108,864 bytes)"), heading);
        assertTrue(heading.contains("origin upload 80 Mbit/s, downloaders' upload 160 Mbit/s"), heading);
        assertTrue(heading.contains(String.format("lower bound %.2f s", bound.seconds())), heading);
        assertTrue(heading.contains(String.format("origin rate %.2f s", bound.originSeconds())), heading);
        assertTrue(heading.contains(String.format("client rate) %.2f s", bound.uplinkSeconds())), heading);
        String one = SwarmReport.heading(new LowerBound(SIZE, 1, bound.origin(), bound.client()));
        assertTrue(one.contains(": 1 downloader, 64 MiB"), one);
    }
}
