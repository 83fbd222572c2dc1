package dev.qtorrent.bench;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client's log says about its download: the data phase (first to last piece byte), the wall-clock time of the
 * first piece byte, and the datagram size its connection to the tracker accepts.
 *
 * @param dataSeconds          seconds from the first to the last piece byte, NaN if the log does not say
 * @param firstByteEpochMillis the first piece byte's wall-clock time, -1 if the log does not say
 * @param datagramBytes        the largest datagram accepted from the tracker, -1 if the log does not say
 */
record ClientLog(double dataSeconds, long firstByteEpochMillis, int datagramBytes) {
    private static final Pattern DATA_PHASE = Pattern.compile(
            "data phase: (\\d+) bytes in (\\d+) ns(?: from the first byte at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z))?");
    private static final Pattern TRACKER_DATAGRAMS =
            Pattern.compile("connected to tracker \\S+ over QUIC \\([^,]+, datagrams up to (\\d+) bytes\\)");

    static ClientLog parse(Iterable<String> lines) {
        double dataSeconds = Double.NaN;
        long firstByte = -1;
        int datagrams = -1;
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
        }
        return new ClientLog(dataSeconds, firstByte, datagrams);
    }

    /** Seconds from a process start at {@code startEpochMillis} to the first piece byte, NaN if unknown. */
    double firstByteSeconds(long startEpochMillis) {
        return firstByteEpochMillis < 0 ? Double.NaN : (firstByteEpochMillis - startEpochMillis) / 1e3;
    }
}
