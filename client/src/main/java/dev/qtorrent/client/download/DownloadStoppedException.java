package dev.qtorrent.client.download;

import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;

/** The download was stopped on request (Ctrl-C, SIGTERM); the pieces on disk stay in the part file for the next run. */
public final class DownloadStoppedException extends DownloadException {
    /**
     * @param part  the part file
     * @param kept  the pieces recorded in it, which the same command rechecks and keeps
     * @param total the torrent's piece count
     */
    public DownloadStoppedException(Path part, int kept, int total) {
        super(kept > 0 ? String.format("stopped: %d of %d pieces kept in %s; the same command resumes", kept, total,
                part) : "stopped: no piece was downloaded yet, so nothing was kept");
    }

    /** Whether a failure comes from a stop: an interrupt can also surface as a file channel closed by it. */
    static boolean isStop(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }
}
