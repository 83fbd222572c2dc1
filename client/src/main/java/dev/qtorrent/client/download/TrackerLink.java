package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.CertificatePinException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.NodeUnreachableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The download's connection to its tracker: announces, and getting the connection back when it is lost. A lost
 * tracker is reached again in the background, at once and then with short, growing pauses, while peers keep sending.
 */
final class TrackerLink {
    private static final Logger log = LoggerFactory.getLogger(TrackerLink.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /**
     * Pauses stay short so that a restarted tracker is reached within about two seconds of listening: the pause plus
     * one try's wait ({@link #tryTimeout}) bound the delay.
     */
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);
    /**
     * A try at reconnecting waits this long, plus some round trips to the tracker. While the tracker is down, the
     * try's first packet is lost and QUIC sends it again only after about a second, then after three; a try that
     * waited long would find a tracker back within a second only by chance, while a new try finds it at once.
     */
    private static final Duration MIN_TRY = Duration.ofMillis(1500);
    private static final int TRY_ROUND_TRIPS = 8;
    private static final Duration MAX_TRY = Duration.ofSeconds(10);

    private final Downloader.Connector connector;
    private final Duration reconnectWindow;
    private volatile NodeConnection connection;
    private volatile boolean reconnecting;

    TrackerLink(Downloader.Connector connector, NodeConnection connection, Duration reconnectWindow) {
        this.connector = connector;
        this.connection = connection;
        this.reconnectWindow = reconnectWindow;
    }

    NodeConnection connection() {
        return connection;
    }

    boolean reconnecting() {
        return reconnecting;
    }

    /** Takes the connection found again; called on the download loop's thread. */
    void replaced(NodeConnection fresh) {
        connection = fresh;
        reconnecting = false;
    }

    /** Sends an announce and waits at most {@code wait} for the answer. */
    AnnounceResponse announce(AnnounceRequest request, Duration wait) throws DownloadException, InterruptedException {
        // A tracker whose swarm store is out of reach is asked again within the window a lost one would be.
        return Announces.sendPatiently(connection, request, wait, reconnectWindow);
    }

    /** Sends an announce without waiting: its answer or failure reaches {@code events}. */
    void announceLater(AnnounceRequest request, Duration wait, Consumer<SwarmEvent> events) {
        NodeConnection via = connection;
        CompletableFuture<Response> answer = via.exchange(request).orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((response, error) -> {
            try {
                if (error != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause()
                            : error;
                    throw cause instanceof TimeoutException ? TrackerFailures.noAnswer(via.address(), "announce", wait)
                            : TrackerFailures.failed("announce to " + via.address(), cause);
                }
                events.accept(new SwarmEvent.Announced(Announces.answer(via, response)));
            } catch (DownloadException e) {
                events.accept(new SwarmEvent.AnnounceFailed(e));
            }
        });
    }

    /**
     * Replaces a lost connection on a thread of its own, waiting longer after each failed try, within the reconnect
     * window: {@link SwarmEvent.TrackerBack} or {@link SwarmEvent.TrackerGone} follows, and
     * {@link SwarmEvent.Reconnecting} before each try. {@code greet} is announced on each fresh connection.
     */
    void reconnect(String reason, AnnounceRequest greet, Duration wait, Consumer<SwarmEvent> events) {
        if (reconnecting) {
            return;
        }
        reconnecting = true;
        NodeConnection lost = connection;
        lost.close();
        Thread thread = new Thread(() -> {
            try {
                events.accept(new SwarmEvent.TrackerBack(reachAgain(lost, reason, greet, wait, events)));
            } catch (DownloadException e) {
                events.accept(new SwarmEvent.TrackerGone(e));
            } catch (InterruptedException e) {
                // The download is over.
            }
        }, "tracker-reconnect");
        thread.setDaemon(true);
        thread.start();
    }

    private NodeConnection reachAgain(NodeConnection lost, String reason, AnnounceRequest greet, Duration wait,
                                      Consumer<SwarmEvent> events) throws DownloadException, InterruptedException {
        long deadline = System.nanoTime() + reconnectWindow.toNanos();
        Duration delay = FIRST_BACKOFF;
        Duration tryTimeout = tryTimeout(lost.rtt());
        Exception last = null;
        while (true) {
            log.warn("lost the tracker {} ({}); reconnecting in {} ms", lost.address(), reason, delay.toMillis());
            events.accept(new SwarmEvent.Reconnecting(lost.address(), reason, delay));
            Thread.sleep(delay.toMillis());
            NodeConnection fresh = null;
            try {
                fresh = connector.connect(tryTimeout);
                Announces.send(fresh, greet, wait);
                log.info("reconnected to {}", fresh.address());
                return fresh;
            } catch (CertificatePinException e) {
                throw new DownloadException(e.getMessage(), e);
            } catch (RemoteErrorException e) {
                fresh.close();
                if (Announces.unavailablePause(e) < 0) {
                    throw e;
                }
                // Reached, but its swarm store is not: tried again like a tracker that did not answer.
                last = e;
                reason = e.getMessage();
            } catch (IOException | DownloadException e) {
                if (fresh != null) {
                    fresh.close();
                }
                last = e;
                reason = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new DownloadException("lost the tracker " + lost.address() + " and could not reach it "
                        + "again within " + reconnectWindow.toSeconds() + " s: " + reason,
                        new NodeUnreachableException(reason, last));
            }
            delay = delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2);
        }
    }

    /** Long enough for a handshake (with its Retry) even to a distant tracker, whose round trip is {@code rtt}. */
    static Duration tryTimeout(Duration rtt) {
        Duration timeout = MIN_TRY.plus(rtt.multipliedBy(TRY_ROUND_TRIPS));
        return timeout.compareTo(MAX_TRY) > 0 ? MAX_TRY : timeout;
    }

    void close() {
        connection.close();
    }
}
