package dev.qtorrent.client.download;

import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.MalformedAnswerException;
import dev.qtorrent.common.quic.NodeUnreachableException;
import io.netty.handler.codec.quic.QuicException;
import java.time.Duration;

/**
 * Types the failure of a request to the tracker where it arises, so that the exit code says what happened: a
 * stream or connection lost, or no answer in time, is the tracker being unreachable; an answer that breaks the
 * protocol is not, and stays an unexpected error.
 */
public final class TrackerFailures {
    private TrackerFailures() {
    }

    /**
     * @param doing what the request was for, e.g. "announce to 127.0.0.1:7001"
     * @param cause why its answer did not come
     */
    public static DownloadException failed(String doing, Throwable cause) {
        String message = doing + " failed: " + describe(cause);
        if (cause instanceof MalformedAnswerException || cause instanceof NodeUnreachableException
                || cause instanceof CertificatePinException || cause instanceof DownloadException) {
            return new DownloadException(message, cause);
        }
        return new DownloadException(message, new NodeUnreachableException(message, cause));
    }

    private static String describe(Throwable cause) {
        // quiche's error name is all Netty gives for a stream the peer reset.
        if (cause instanceof QuicException && String.valueOf(cause.getMessage()).contains("STREAM_RESET")) {
            return "the tracker reset the stream";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** The tracker kept the connection but did not answer {@code request} within {@code timeout}. */
    public static DownloadException noAnswer(String address, String request, Duration timeout) {
        String message = "tracker " + address + " did not answer the " + request + " within " + timeout.toSeconds()
                + " s";
        return new DownloadException(message, new NodeUnreachableException(message, null));
    }
}
