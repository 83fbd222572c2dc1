package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.DownloadStoppedException;
import dev.qtorrent.client.download.LocalStorageException;
import dev.qtorrent.client.download.RemoteErrorException;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.NodeUnreachableException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The client's exit codes, and the one mapping from failures to them. Only typed exceptions map to a specific code:
 * a failure is typed where it arises (a lost stream becomes {@link NodeUnreachableException}, a file that cannot
 * be written {@link LocalStorageException}), so that an untyped one, whatever it is, is an unexpected error.
 */
public enum ExitCode {
    OK(0, "success"),
    FAILED(1, "an unexpected error"),
    USAGE(2, "invalid command line"),
    BAD_TORRENT(3, "the torrent is missing or malformed, or names no quic:// tracker"),
    UNREACHABLE(4, "the tracker could not be reached, did not answer in time, or the connection was lost"),
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

    /** A command's exit code list for its {@code --help}: the codes it can end with, each with its meaning there. */
    static final class HelpList {
        private final Map<String, String> lines = new LinkedHashMap<>();

        /** Adds {@code exit} with its general meaning. */
        HelpList add(ExitCode exit) {
            return add(exit, exit.meaning);
        }

        /** Adds {@code exit} with what it means for this command. */
        HelpList add(ExitCode exit, String meaning) {
            lines.put(Integer.toString(exit.code), meaning);
            return this;
        }

        Map<String, String> lines() {
            return lines;
        }
    }

    /** Maps a failure to its exit code: the first typed exception in its cause chain decides. */
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
            if (t instanceof NodeUnreachableException) {
                return UNREACHABLE;
            }
            if (t instanceof RemoteErrorException) {
                return REFUSED;
            }
            if (t instanceof LocalStorageException) {
                return LOCAL_IO;
            }
        }
        return FAILED;
    }
}
