package dev.qtorrent.client.serve;

import dev.qtorrent.client.download.Announces;
import dev.qtorrent.client.download.DownloadException;
import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.NodeConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stays in a swarm as a seed: announces with nothing left to download, again every {@code interval} the tracker
 * asks for, and {@code stopped} when it leaves, so that the tracker stops listing it at once rather than when its
 * entry expires. A regular announce that fails is tried again on a new connection at the next interval; the client
 * keeps serving meanwhile.
 */
public final class Seeder {
    private static final Logger log = LoggerFactory.getLogger(Seeder.class);
    /** The stopped announce is a courtesy on the way out: not worth holding Ctrl-C up for longer than this. */
    private static final Duration STOPPED_WAIT = Duration.ofSeconds(2);
    /** How long an announce waits out a tracker whose swarm store is out of reach ({@code unavailable}). */
    private static final Duration UNAVAILABLE_PATIENCE = Duration.ofSeconds(60);

    private final Downloader.Connector connector;
    private final Metainfo metainfo;
    private final SharedTorrent shared;
    private final Duration answerTimeout;
    private final String peerId;
    private NodeConnection connection;

    /**
     * @param connection    the connection to the tracker; the seeder closes it, and any later one, when it leaves
     * @param answerTimeout how long to wait for an announce's answer
     * @param peerId        the peer id announced, the download's when the seed follows one
     */
    public Seeder(Downloader.Connector connector, NodeConnection connection, Metainfo metainfo, SharedTorrent shared,
                  Duration answerTimeout, String peerId) {
        this.peerId = peerId;
        this.connector = connector;
        this.connection = connection;
        this.metainfo = metainfo;
        this.shared = shared;
        this.answerTimeout = answerTimeout;
    }

    /**
     * When a seed leaves, besides Ctrl-C or SIGTERM, which interrupt the seeding thread. The seeder sleeps between
     * its announces and asks only when the answer may have changed, so an idle seed does not wake to ask in vain.
     */
    @FunctionalInterface
    public interface Leave {
        /** Only Ctrl-C or SIGTERM ends the seeding. */
        Leave NEVER = () -> Long.MAX_VALUE;

        /** Zero or less to leave now; otherwise how long the seeder may sleep before asking again, in nanoseconds. */
        long nanosToAsk();
    }

    /**
     * Announces and stays until {@code leave} says to or the thread is interrupted (Ctrl-C), then announces
     * {@code stopped}.
     *
     * @throws DownloadException when the first announce fails: a seed the tracker does not list serves nobody
     */
    public void run(Leave leave) throws DownloadException {
        run(AnnounceRequest.Event.STARTED, leave);
    }

    /**
     * Like {@link #run(Leave)}, with {@code first} as the first announce's event: none after a download, which
     * announced {@code started} and {@code completed} already.
     */
    public void run(AnnounceRequest.Event first, Leave leave) throws DownloadException {
        try {
            AnnounceResponse answer = announce(first);
            log.info("seeding {}: the tracker lists {} peers, {} seeds, {} downloading", metainfo.info().name(),
                    answer.peers().size(), answer.complete(), answer.incomplete());
            long interval = TimeUnit.SECONDS.toNanos(answer.interval());
            long next = System.nanoTime() + interval;
            for (long ask = leave.nanosToAsk(); ask > 0; ask = leave.nanosToAsk()) {
                long sleep = Math.min(ask, next - System.nanoTime());
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.max(TimeUnit.MILLISECONDS.toNanos(1), sleep));
                }
                if (System.nanoTime() - next >= 0) {
                    interval = regular(interval);
                    next = System.nanoTime() + interval;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leave();
        }
    }

    /** One regular announce; returns the next interval, the tracker's or, after a failure, the last one. */
    private long regular(long interval) throws InterruptedException {
        try {
            if (!connection.isActive()) {
                connection.close();
                connection = connector.connect(answerTimeout);
            }
            return TimeUnit.SECONDS.toNanos(announce(null).interval());
        } catch (IOException | DownloadException e) {
            log.warn("announce failed ({}); trying again in {} s", e.getMessage(),
                    TimeUnit.NANOSECONDS.toSeconds(interval));
            connection.close();
            return interval;
        }
    }

    /** Sends {@code stopped} with the interrupt held back, so that Ctrl-C does not cut the announce short. */
    private void leave() {
        boolean interrupted = Thread.interrupted();
        try {
            if (connection.isActive()) {
                send(AnnounceRequest.Event.STOPPED, STOPPED_WAIT);
                log.info("announced stopped for {}", metainfo.info().name());
            }
        } catch (DownloadException | InterruptedException e) {
            log.info("stopped announce failed: {}", e.getMessage());
        } finally {
            connection.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private AnnounceResponse announce(AnnounceRequest.Event event) throws DownloadException, InterruptedException {
        return send(event, answerTimeout, UNAVAILABLE_PATIENCE);
    }

    private AnnounceResponse send(AnnounceRequest.Event event, Duration timeout) throws DownloadException,
            InterruptedException {
        return send(event, timeout, Duration.ZERO);
    }

    private AnnounceResponse send(AnnounceRequest.Event event, Duration timeout, Duration patience)
            throws DownloadException, InterruptedException {
        AnnounceRequest request = new AnnounceRequest(metainfo.infoHash().hex(), peerId, shared.port(),
                shared.uploaded(), shared.downloaded(), 0, event);
        AnnounceResponse answer = Announces.sendPatiently(connection, request, timeout, patience);
        shared.announced(answer);
        return answer;
    }
}
