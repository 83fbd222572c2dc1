package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One announce over a tracker connection, for a download and for a seed alike. */
public final class Announces {
    private Announces() {
    }

    /**
     * Sends {@code request} and waits at most {@code wait} for the answer: a tracker answers an announce at once, and
     * one that stays silent is as good as gone.
     *
     * @throws RemoteErrorException when the tracker refuses
     * @throws DownloadException    when the connection fails, no answer comes in time, or the answer is not one
     */
    public static AnnounceResponse send(NodeConnection via, AnnounceRequest request, Duration wait)
            throws DownloadException, InterruptedException {
        try {
            return answer(via, via.exchange(request).get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw TrackerFailures.failed("announce to " + via.address(), e.getCause());
        } catch (TimeoutException e) {
            throw TrackerFailures.noAnswer(via.address(), "announce", wait);
        }
    }

    /** The announce answer in {@code response}, or the refusal or confusion it is instead. */
    static AnnounceResponse answer(NodeConnection via, Response response) throws DownloadException {
        if (response instanceof ErrorResponse error) {
            throw new RemoteErrorException(error);
        }
        if (response instanceof AnnounceResponse answer) {
            return answer;
        }
        throw new DownloadException("unexpected answer to announce from " + via.address() + ": " + response);
    }
}
