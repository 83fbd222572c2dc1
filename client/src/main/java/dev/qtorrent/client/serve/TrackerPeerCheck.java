package dev.qtorrent.client.serve;

import dev.qtorrent.client.download.Downloader;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.PeerCheckRequest;
import dev.qtorrent.common.message.PeerCheckResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.tls.Fingerprint;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks the tracker with {@code peer_check}, on a connection of its own, pinned and presenting the client's identity
 * as the download's is. The connection opens at the first question, so a client that never asks (a public torrent,
 * or only listed peers) never opens it, and again when it has closed (the tracker ends idle connections). Opening
 * blocks, so it happens on a thread of its own, never on the node's event loop; after a failed open, questions fail
 * at once for a few seconds rather than each trying again.
 */
public final class TrackerPeerCheck implements PeerCheck, AutoCloseable {
    /** A peer waits this long for its request at most; the tracker answers from memory, in a round trip. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** As long as a refusal is remembered ({@link ListedPeers#REFUSAL_MEMORY}). */
    static final Duration RETRY_CONNECT_AFTER = Duration.ofSeconds(5);

    private final Downloader.Connector connector;
    private final Duration timeout;
    private final ExecutorService connecting = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "peer-check");
        thread.setDaemon(true);
        return thread;
    });
    /** Opened and replaced on the connecting thread only. */
    private volatile NodeConnection connection;
    /** Until when a failed connect is not tried again: questions queued behind it fail at once instead. */
    private long unreachableUntil;
    private String unreachableBecause;

    /** @param connector opens a connection to the torrent's tracker, pinned as the download's */
    public TrackerPeerCheck(Downloader.Connector connector) {
        this(connector, TIMEOUT);
    }

    public TrackerPeerCheck(Downloader.Connector connector, Duration timeout) {
        this.connector = connector;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Boolean> listed(InfoHash infoHash, Fingerprint peer) {
        PeerCheckRequest request = new PeerCheckRequest(infoHash.hex(), peer.hex());
        CompletableFuture<NodeConnection> open;
        try {
            open = CompletableFuture.supplyAsync(this::open, connecting);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IOException("the client is leaving"));
        }
        return open.thenCompose(tracker -> tracker.exchange(request))
                .thenApply(response -> answer(request, response))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private NodeConnection open() {
        NodeConnection current = connection;
        if (current != null && current.isActive()) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        if (unreachableBecause != null && unreachableUntil - System.nanoTime() > 0) {
            throw new CompletionException(new IOException(unreachableBecause));
        }
        try {
            current = connector.connect(timeout);
        } catch (IOException e) {
            // Without this, questions queued while the tracker is down would each wait out a connect of their own.
            unreachableBecause = "the tracker could not be reached a moment ago: " + e.getMessage();
            unreachableUntil = System.nanoTime() + RETRY_CONNECT_AFTER.toNanos();
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        unreachableBecause = null;
        connection = current;
        return current;
    }

    private static boolean answer(PeerCheckRequest request, Response response) {
        if (response instanceof PeerCheckResponse check && check.answers(request)) {
            return check.listed();
        }
        if (response instanceof ErrorResponse error) {
            // unknown_type from a tracker without peer_check; not_listed when this client's own entry is gone.
            throw new CompletionException(new IOException("the tracker answered " + error.code() + ": "
                    + error.error()));
        }
        throw new CompletionException(new IOException("unexpected answer to peer_check: " + response));
    }

    @Override
    public void close() {
        connecting.shutdownNow();
        try {
            connecting.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NodeConnection last = connection;
        if (last != null) {
            last.close();
        }
    }
}
