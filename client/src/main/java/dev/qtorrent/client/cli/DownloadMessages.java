package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.DownloadListener;
import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.common.metainfo.InfoDictionary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Tells the user, on stderr, what a download does besides fetching: resuming, reconnecting, keeping progress. It
 * also measures what this run fetched, for the progress line and the summary.
 */
final class DownloadMessages implements DownloadListener {
    private final PrintWriter err;
    private final ProgressLine line;
    private final TransferMeter meter;
    /** Runs once, the first time the rate is above {@link #fastRate}; null before it is set and after it ran. */
    private Runnable whenFast;
    private double fastRate;

    /**
     * @param meter hears every progress report
     * @param line  the progress line, or null when none is shown
     */
    DownloadMessages(PrintWriter err, TransferMeter meter, ProgressLine line) {
        this.err = err;
        this.meter = meter;
        this.line = line;
    }

    /** Runs {@code action} once, the first time the download's rate is above {@code bytesPerSecond}. */
    void whenFasterThan(double bytesPerSecond, Runnable action) {
        this.fastRate = bytesPerSecond;
        this.whenFast = action;
    }

    @Override
    public void progress(long verifiedBytes, long totalBytes) {
        meter.progress(verifiedBytes);
        if (whenFast != null && meter.seconds() >= 1 && meter.rateNow() > fastRate) {
            Runnable action = whenFast;
            whenFast = null;
            action.run();
        }
        if (line != null) {
            line.progress(verifiedBytes, totalBytes);
        }
    }

    @Override
    public void swarm(int peers, long uploadedBytes) {
        if (line != null) {
            line.swarm(peers, uploadedBytes);
        }
    }

    /** Data already on disk is being checked: shown on the progress line, but not fetched, so not metered. */
    @Override
    public void checked(long checkedBytes, long totalBytes) {
        if (line != null) {
            line.progress(checkedBytes, totalBytes);
        }
    }

    @Override
    public void resumed(int have, int total, int damaged) {
        say(String.format("resuming: %d of %s already downloaded%s", have, ByteSize.count(total, "piece"),
                damaged > 0 ? "; " + ByteSize.count(damaged, "damaged piece") + " will be fetched again" : ""));
    }

    @Override
    public void reconnecting(String tracker, String reason, Duration delay) {
        say(String.format("lost tracker %s (%s); reconnecting in %.1f s", tracker, reason, delay.toMillis() / 1e3));
    }

    @Override
    public void kept(Path part, int pieces, int total) {
        say(String.format("kept %d of %s in %s: run the same command again to resume", pieces,
                ByteSize.count(total, "piece"), part));
    }

    /** The line that reports a finished download; its rate counts only what this run fetched. */
    static String summary(Path target, Downloader.Result result, TransferMeter meter) {
        String fetched;
        if (meter.fetchedBytes() == 0) {
            fetched = "nothing left to fetch";
        } else if (result.resumed() > 0) {
            fetched = "fetched " + ByteSize.format(meter.fetchedBytes()) + " at " + ByteSize.rate(meter.rate());
        } else {
            fetched = ByteSize.rate(meter.rate());
        }
        String peers = meter.fetchedBytes() > 0 && result.fromPeers() > 0 ? String.format(Locale.ROOT,
                "; %.0f%% from peers", Math.min(100.0, result.fromPeers() * 100.0 / meter.fetchedBytes())) : "";
        return String.format(Locale.ROOT, "Downloaded %s: %s in %s, all verified, in %.2f s (%s)%s%s%s", target,
                ByteSize.format(result.bytes()), ByteSize.count(result.pieces(), "piece"),
                result.elapsed().toNanos() / 1e9, fetched, peers,
                result.resumed() > 0 ? "; " + ByteSize.count(result.resumed(), "piece") + " resumed" : "",
                result.retries() > 0 ? "; " + ByteSize.count(result.retries(), "piece") + " retried" : "");
    }

    /** What is said when the output already holds the torrent's data, every piece checked. */
    static String alreadyComplete(Path target, InfoDictionary info) {
        return target + " is already complete: " + ByteSize.format(info.totalLength()) + " in "
                + ByteSize.count(info.pieceCount(), "piece") + ", all verified; nothing to download";
    }

    void finish() {
        if (line != null) {
            line.finish();
        }
    }

    private void say(String message) {
        if (line != null) {
            line.finish();
        }
        err.println(message);
        err.flush();
    }
}
