package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Opens connections to listed peers in the background, each pinned to the certificate fingerprint the tracker
 * listed beside the peer and presenting the client's own identity, so that a peer is reached only if it is the node
 * that announced. The outcome of each try reaches the download loop as a {@link SwarmEvent}.
 */
final class PeerDialer implements AutoCloseable {
    /** Handshakes in progress at once: enough to fill a swarm quickly without a thread per listed peer. */
    private static final int PARALLEL = 8;

    private final NodeIdentity identity;
    private final QuicSettings settings;
    private final Duration timeout;
    private final Consumer<SwarmEvent> events;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(PARALLEL, task -> {
        Thread thread = new Thread(task, "peer-dialer-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param identity the client's certificate, presented to every peer; null to present none (peers refuse that)
     * @param timeout  how long one handshake may take
     */
    PeerDialer(NodeIdentity identity, QuicSettings settings, Duration timeout, Consumer<SwarmEvent> events) {
        this.identity = identity;
        this.settings = settings;
        this.timeout = timeout;
        this.events = events;
    }

    static String address(AnnounceResponse.Peer peer) {
        return HostPort.format(peer.ip(), peer.port());
    }

    /** Starts connecting to {@code peer}; a {@link SwarmEvent.Connected} or {@link SwarmEvent.Unusable} follows. */
    void dial(AnnounceResponse.Peer peer) {
        try {
            executor.execute(() -> connect(peer));
        } catch (RejectedExecutionException e) {
            // Closed: the download is over.
        }
    }

    private void connect(AnnounceResponse.Peer peer) {
        try {
            PinningTrustManager pin = PinningTrustManager.pinned(Fingerprint.parse(peer.certSha256()));
            NodeConnection connection = NodeConnection.connect("peer", new InetSocketAddress(peer.ip(), peer.port()),
                    pin, identity, settings, timeout);
            events.accept(new SwarmEvent.Connected(Source.peer(connection, peer)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            events.accept(new SwarmEvent.Unusable(peer, e.getMessage()));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
