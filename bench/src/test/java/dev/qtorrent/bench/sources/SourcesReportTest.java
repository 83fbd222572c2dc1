package dev.qtorrent.bench.sources;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesReportTest {
    private static final long GIB = 1L << 30;

    @Test
    void theTablePutsTheMediansSideBySideWithTheirRatio() {
        List<SourcesRun> one = List.of(run(1, 4.0, 2.0), run(1, 5.0, 2.0), run(1, 100.0, 2.0));
        List<SourcesRun> many = List.of(run(3, 2.0, 3.0), run(3, 2.5, 3.0), run(3, 3.0, 3.0));
        String table = SourcesReport.table(one, many, 2);
        // Medians: 1 GiB in 5 s (215 MB/s) against 2.5 s (429 MB/s).
        assertTrue(table.contains("1 peer    3 peers"), table);
        assertTrue(table.matches("(?s).*end to end \\(MB/s\\) +215 +429 +2\\.00\n.*"), table);
        assertTrue(table.matches("(?s).*client CPU per GiB \\(s\\) +2\\.00 +3\\.00 +1\\.50\n.*"), table);
        assertTrue(table.matches("(?s).*peers that sent pieces +1 +3 +3\\.00\n.*"), table);
        assertTrue(table.matches("(?s).*machine busy \\(cores of 2\\) +1\\.50 +1\\.90 +1\\.27\n.*"), table);
        // Client and seeders together: 3 s of CPU per GiB against 4 s, which two cores spend in 1.5 s and 2 s.
        assertTrue(table.matches("(?s).*rate its CPU allows on 2 cores \\(MB/s\\) +716 +537 +0\\.75\n.*"), table);
    }

    @Test
    void aRunLineSaysWhereThePiecesCameFrom() {
        String line = SourcesReport.line(2, run(3, 2.0, 3.0));
        assertTrue(line.startsWith("run 2, from 3 peers: end to end 537 MB/s (2.00 s)"), line);
        assertTrue(line.contains("pieces from 3 peers, client CPU 3.00 s per GiB"), line);
        assertTrue(line.endsWith("seeders' CPU 1.00 s per GiB, machine busy 1.90 cores"), line);
    }

    private static SourcesRun run(int seeders, double seconds, double cpu) {
        double busyCores = seeders == 1 ? 1.5 : 1.9;
        return new SourcesRun(seeders, GIB, seconds, seconds / 2, seeders, 0, cpu, 1.0, 100L << 20,
                busyCores * seconds);
    }
}
