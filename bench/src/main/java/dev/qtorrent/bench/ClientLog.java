package dev.qtorrent.bench;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client's log says about its download: the data phase (first to last piece byte), the wall-clock time of the
 * first piece byte, the datagram size its connection to the tracker accepts, and where the piece bytes came from.
 *
 * @param dataSeconds          seconds from the first to the last piece byte, NaN if the log does not say
 * @param firstByteEpochMillis the first piece byte's wall-clock time, -1 if the log does not say
 * @param datagramBytes        the largest datagram accepted from the tracker, -1 if the log does not say
 * @param peers                the peers that sent pieces, -1 if the log does not say
 * @param fromTracker          the piece bytes the tracker sent, -1 if the log does not say
 */
public record ClientLog(double dataSeconds, long firstByteEpochMillis, int datagramBytes, int peers,
                        long fromTracker) {
    private static final Pattern DATA_PHASE = Pattern.compile(
            "data phase: (\\d+) bytes in (\\d+) ns(?: from the first byte at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z))?");
    private static final Pattern TRACKER_DATAGRAMS =
            Pattern.compile("connected to tracker \\S+ over QUIC \\([^,]+, datagrams up to (\\d+) bytes\\)");
    private static final Pattern SOURCES =
            Pattern.compile("received (\\d+) bytes from the tracker and (\\d+) bytes from (\\d+) peers?");

    /** The last of each line that counts (a resumed download logs each once per run). */
    public static ClientLog parse(Iterable<String> lines) {
        double dataSeconds = Double.NaN;
        long firstByte = -1;
        int datagrams = -1;
        int peers = -1;
        long fromTracker = -1;
        for (String line : lines) {
            Matcher data = DATA_PHASE.matcher(line);
            if (data.find()) {
                dataSeconds = Long.parseLong(data.group(2)) / 1e9;
                firstByte = data.group(3) == null ? -1 : Instant.parse(data.group(3)).toEpochMilli();
            }
            Matcher connected = TRACKER_DATAGRAMS.matcher(line);
            if (connected.find()) {
                datagrams = Integer.parseInt(connected.group(1));
            }
            Matcher sources = SOURCES.matcher(line);
            if (sources.find()) {
                fromTracker = Long.parseLong(sources.group(1));
                peers = Integer.parseInt(sources.group(3));
            }
        }
        return new ClientLog(dataSeconds, firstByte, datagrams, peers, fromTracker);
    }

    /** Seconds from a process start at {@code startEpochMillis} to the first piece byte, NaN if unknown. */
    double firstByteSeconds(long startEpochMillis) {
        return firstByteEpochMillis < 0 ? Double.NaN : (firstByteEpochMillis - startEpochMillis) / 1e3;
    }
}
