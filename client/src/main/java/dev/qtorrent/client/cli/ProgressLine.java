package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.DownloadListener;
import java.io.PrintWriter;

/** A single self-overwriting terminal line: bytes, percent, rate and time left, redrawn at most four times a second. */
final class ProgressLine implements DownloadListener {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int width;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void progress(long verifiedBytes, long totalBytes) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && verifiedBytes < totalBytes) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        double rate = verifiedBytes / seconds;
        String eta = rate > 0 ? clock((long) ((totalBytes - verifiedBytes) / rate)) : "--:--";
        String text = String.format("%s / %s  %5.1f%%  %s/s  ETA %s", bytes(verifiedBytes), bytes(totalBytes),
                totalBytes == 0 ? 100.0 : verifiedBytes * 100.0 / totalBytes, bytes((long) rate), eta);
        int pad = Math.max(0, width - text.length());
        width = text.length();
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
    }

    void finish() {
        if (width > 0) {
            err.println();
            err.flush();
            width = 0;
        }
    }

    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? n + " B" : String.format("%.1f %s", value, units[unit]);
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
