package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.DownloadStoppedException;
import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.client.download.RemoteErrorException;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.TrackerUnreachableException;
import picocli.CommandLine;

/** The client's exit codes, and the one mapping from failures to them. */
public enum ExitCode {
    OK(0, "success"),
    FAILED(1, "the download failed (pieces kept failing verification, or an unexpected error)"),
    USAGE(2, "invalid command line"),
    BAD_TORRENT(3, "the torrent file is missing or malformed"),
    UNREACHABLE(4, "the tracker could not be reached, or the connection was lost"),
    UNTRUSTED(5, "the tracker's certificate did not match the pin, or there was no pin to check"),
    REFUSED(6, "the tracker refused a request (for example, it does not serve the torrent)"),
    LOCAL_IO(7, "a local file could not be read or written (folder not writable, disk full, unreadable source), "
            + "the output exists and differs from the torrent, or another download is writing it"),
    INTERRUPTED(130, "stopped by Ctrl-C (SIGINT); the pieces on disk are kept and the same command resumes"),
    TERMINATED(143, "stopped by SIGTERM; the pieces on disk are kept likewise");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** Lines for picocli's exit code list in {@code --help}. */
    static java.util.Map<String, String> helpList() {
        java.util.Map<String, String> lines = new java.util.LinkedHashMap<>();
        for (ExitCode exit : values()) {
            lines.put(Integer.toString(exit.code), exit.meaning);
        }
        return lines;
    }

    /** Maps a failure to its exit code, looking through wrapping causes. */
    public static ExitCode of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DownloadStoppedException) {
                return INTERRUPTED;
            }
            if (t instanceof CommandLine.ParameterException || t instanceof UsageException) {
                return USAGE;
            }
            if (t instanceof MetainfoException) {
                return BAD_TORRENT;
            }
            if (t instanceof CertificatePinException || t instanceof UntrustedTrackerException) {
                return UNTRUSTED;
            }
            if (t instanceof TrackerUnreachableException) {
                return UNREACHABLE;
            }
            if (t instanceof RemoteErrorException) {
                return REFUSED;
            }
            if (t instanceof LocalStorageException || t instanceof java.io.IOException) {
                return LOCAL_IO;
            }
        }
        return FAILED;
    }
}
