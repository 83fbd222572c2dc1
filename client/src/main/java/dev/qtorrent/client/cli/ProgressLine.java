package dev.qtorrent.client.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A single self-overwriting terminal line: bytes, percent, rate and time left, redrawn at most four times a second.
 * It never uses the terminal's last column, where a terminal wraps the line and the next redraw starts a new one;
 * when the line does not fit, it drops the total, then the bytes done, then the rate, then the time left.
 */
final class ProgressLine {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final TransferMeter meter;
    private final int columns;
    private final TransferMeter uploads = new TransferMeter();
    private long lastDraw;
    private int drawn;
    /** Peers connected, or -1 before the download has said. */
    private int peers = -1;

    /**
     * @param meter   what this run fetched, for the rate
     * @param columns the terminal's width
     */
    ProgressLine(PrintWriter err, TransferMeter meter, int columns) {
        this.err = err;
        this.meter = meter;
        this.columns = columns;
    }

    /** The swarm as it is now, shown at the next redraw. */
    void swarm(int peers, long uploadedBytes) {
        this.peers = peers;
        uploads.progress(uploadedBytes);
    }

    void progress(long verifiedBytes, long totalBytes) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && verifiedBytes < totalBytes) {
            return;
        }
        lastDraw = now;
        String text = format(verifiedBytes, totalBytes, meter.rateNow(), peers, uploads.rateNow(), columns);
        // Blanks over what is left of a longer earlier line; the old line was no wider than this one may be.
        int pad = Math.max(0, drawn - text.length());
        drawn = text.length();
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
    }

    void finish() {
        if (drawn > 0) {
            err.println();
            err.flush();
            drawn = 0;
        }
    }

    static String format(long verifiedBytes, long totalBytes, double bytesPerSecond, int columns) {
        return format(verifiedBytes, totalBytes, bytesPerSecond, -1, 0, columns);
    }

    /**
     * The line for a terminal {@code columns} wide: at most {@code columns - 1} characters. The peers and the upload
     * rate (when {@code peers} is not negative) go first when room is short.
     */
    static String format(long verifiedBytes, long totalBytes, double bytesPerSecond, int peers,
                         double uploadBytesPerSecond, int columns) {
        int room = Math.max(1, columns - 1);
        String percent = String.format(Locale.ROOT, "%.1f%%",
                totalBytes == 0 ? 100.0 : verifiedBytes * 100.0 / totalBytes);
        String rate = bytesPerSecond > 0 ? ByteSize.rate(bytesPerSecond) : null;
        String eta = "ETA " + (bytesPerSecond > 0
                ? clock((long) Math.ceil((totalBytes - verifiedBytes) / bytesPerSecond)) : "--:--");
        String done = ByteSize.compact(verifiedBytes);
        String total = ByteSize.compact(totalBytes);
        List<String> candidates = new ArrayList<>();
        if (peers >= 0) {
            candidates.add(join(done + " / " + total, percent, rate, eta, ByteSize.count(peers, "peer"),
                    uploadBytesPerSecond > 0 ? "up " + ByteSize.rate(uploadBytesPerSecond) : null));
            candidates.add(join(done + " / " + total, percent, rate, eta, ByteSize.count(peers, "peer")));
        }
        candidates.add(join(done + " / " + total, percent, rate, eta));
        candidates.add(join(done, percent, rate, eta));
        candidates.add(join(percent, rate, eta));
        candidates.add(join(percent, eta));
        candidates.add(percent);
        for (String line : candidates) {
            if (line.length() <= room) {
                return line;
            }
        }
        return percent.substring(0, Math.min(percent.length(), room));
    }

    private static String join(String... fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (field != null) {
                line.append(line.length() > 0 ? "  " : "").append(field);
            }
        }
        return line.toString();
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
