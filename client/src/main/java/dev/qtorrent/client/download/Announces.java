package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.NodeConnection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One announce over a tracker connection, for a download and for a seed alike. */
public final class Announces {
    private static final Logger log = LoggerFactory.getLogger(Announces.class);
    /** The longest pause an {@code unavailable} tracker's retry-after may impose before asking again. */
    static final Duration MAX_UNAVAILABLE_PAUSE = Duration.ofSeconds(10);
    /** Never ask again at once: a zero retry-after would make a busy loop. */
    private static final Duration MIN_UNAVAILABLE_PAUSE = Duration.ofMillis(100);

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

    /**
     * Like {@link #send}, but a tracker that answers {@code unavailable} (its swarm store is out of reach for a
     * while) is asked again after the {@code retry_after_ms} it gave, at most {@link #MAX_UNAVAILABLE_PAUSE} each
     * time, until {@code patience} has passed: a store that comes back within it costs nothing more than the wait.
     *
     * @throws RemoteErrorException when the tracker refuses otherwise, or is still unavailable after {@code patience}
     */
    public static AnnounceResponse sendPatiently(NodeConnection via, AnnounceRequest request, Duration wait,
                                                 Duration patience) throws DownloadException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return send(via, request, wait);
            } catch (RemoteErrorException e) {
                long pause = unavailablePause(e);
                if (pause < 0 || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) - deadline > 0) {
                    throw e;
                }
                log.warn("{}; asking again in {} ms", e.getMessage(), pause);
                Thread.sleep(pause);
            }
        }
    }

    /**
     * How long to wait before announcing again after {@code refusal}, or -1 when it is not {@code unavailable}: a
     * tracker whose swarm store is out of reach asks to be asked again, and that never ends a download.
     */
    public static long unavailablePause(RemoteErrorException refusal) {
        if (refusal.code() != ErrorCode.UNAVAILABLE) {
            return -1;
        }
        return Math.max(MIN_UNAVAILABLE_PAUSE.toMillis(), Math.min(refusal.retryAfterMs(),
                MAX_UNAVAILABLE_PAUSE.toMillis()));
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
