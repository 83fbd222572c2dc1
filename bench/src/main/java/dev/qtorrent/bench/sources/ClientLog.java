package dev.qtorrent.bench.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a download's log says about it: the data phase (first to last piece byte) and where the bytes came from.
 *
 * @param dataSeconds seconds from the first to the last piece byte
 * @param peers       the peers that sent pieces
 * @param fromTracker piece bytes the tracker sent
 */
record ClientLog(double dataSeconds, int peers, long fromTracker) {
    private static final Pattern DATA_PHASE = Pattern.compile("data phase: (\\d+) bytes in (\\d+) ns");
    private static final Pattern SOURCES =
            Pattern.compile("received (\\d+) bytes from the tracker and (\\d+) bytes from (\\d+) peers?");

    static ClientLog read(Path log) throws IOException {
        return parse(Files.readAllLines(log));
    }

    /** The last of each line that counts (a resumed download logs each once per run). */
    static ClientLog parse(List<String> lines) {
        double data = Double.NaN;
        int peers = -1;
        long tracker = -1;
        for (String line : lines) {
            Matcher phase = DATA_PHASE.matcher(line);
            if (phase.find()) {
                data = Long.parseLong(phase.group(2)) / 1e9;
            }
            Matcher sources = SOURCES.matcher(line);
            if (sources.find()) {
                tracker = Long.parseLong(sources.group(1));
                peers = Integer.parseInt(sources.group(3));
            }
        }
        if (Double.isNaN(data) || peers < 0) {
            throw new IllegalStateException("the download's log has no data phase or sources line");
        }
        return new ClientLog(data, peers, tracker);
    }
}
