package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.DownloadListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/** Tells the user, on stderr, what a download does besides fetching: resuming, reconnecting, keeping progress. */
final class DownloadMessages implements DownloadListener {
    private final PrintWriter err;
    private final ProgressLine line;

    /** @param line the progress line, or null when none is shown */
    DownloadMessages(PrintWriter err, ProgressLine line) {
        this.err = err;
        this.line = line;
    }

    @Override
    public void progress(long verifiedBytes, long totalBytes) {
        if (line != null) {
            line.progress(verifiedBytes, totalBytes);
        }
    }

    @Override
    public void checked(long checkedBytes, long totalBytes) {
        progress(checkedBytes, totalBytes);
    }

    @Override
    public void resumed(int have, int total, int damaged) {
        say(String.format("resuming: %d of %d pieces already downloaded%s", have, total,
                damaged > 0 ? "; " + damaged + " damaged pieces will be fetched again" : ""));
    }

    @Override
    public void reconnecting(String tracker, String reason, Duration delay) {
        say(String.format("lost tracker %s (%s); reconnecting in %.1f s", tracker, reason, delay.toMillis() / 1e3));
    }

    @Override
    public void kept(Path part, int pieces, int total) {
        say(String.format("kept %d of %d pieces in %s: run the same command again to resume", pieces, total, part));
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
