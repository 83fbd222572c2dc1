package dev.qtorrent.tracker;

import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.peer.serve.ServerLimits;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.seed.SeedWatcher;
import dev.qtorrent.tracker.seed.SeededTorrent;
import dev.qtorrent.tracker.server.TrackerEndpoint;
import dev.qtorrent.tracker.swarm.SwarmRegistry;
import dev.qtorrent.tracker.swarm.SwarmStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real tracker on 127.0.0.1 and a free UDP port, seeding a folder, for tests. Torrents it writes announce a
 * placeholder port, so tests connect with {@link #address()} rather than the announce URL.
 */
public final class TestTracker implements AutoCloseable {
    private final NodeIdentity identity;
    private final SeedCatalog catalog;
    private final NodeServer server;
    private final NodeIdentity clientIdentity = NodeIdentity.generate(NodeIdentity.Role.PEER, null);
    /** Keeps the seed folder live, when the test asked for it. */
    private SeedWatcher watcher;

    private TestTracker(NodeIdentity identity, SeedCatalog catalog, NodeServer server) {
        this.identity = identity;
        this.catalog = catalog;
        this.server = server;
    }

    /** A tracker whose seed folder is live, as the tracker command's is, watched with {@code settings}. */
    public static TestTracker startLive(Path seedDir, SeedWatcher.Settings settings) throws IOException,
            InterruptedException {
        TestTracker tracker = start(seedDir);
        tracker.watcher = SeedWatcher.start(tracker.catalog, settings);
        return tracker;
    }

    /** The live seed folder's watcher, for rescans. */
    public SeedWatcher watcher() {
        return watcher;
    }

    public static TestTracker start(Path seedDir) throws IOException, InterruptedException {
        return start(seedDir, QuicSettings.defaults());
    }

    public static TestTracker start(Path seedDir, QuicSettings settings) throws IOException, InterruptedException {
        return start(seedDir, settings, NodeIdentity.generate("127.0.0.1"));
    }

    /** A tracker with a given identity, as after a restart. */
    public static TestTracker start(Path seedDir, NodeIdentity identity) throws IOException, InterruptedException {
        return start(seedDir, QuicSettings.defaults(), identity);
    }

    public static TestTracker start(Path seedDir, QuicSettings settings, NodeIdentity identity)
            throws IOException, InterruptedException {
        return start(seedDir, settings, identity, 0);
    }

    /** A tracker on a given port, to stand in for one that was stopped. */
    public static TestTracker start(Path seedDir, QuicSettings settings, NodeIdentity identity, int port)
            throws IOException, InterruptedException {
        return start(seedDir, settings, ServerLimits.defaults(), identity, port);
    }

    /** A tracker with given limits. */
    public static TestTracker start(Path seedDir, QuicSettings settings, ServerLimits limits) throws IOException,
            InterruptedException {
        return start(seedDir, settings, limits, NodeIdentity.generate("127.0.0.1"), 0);
    }

    public static TestTracker start(Path seedDir, QuicSettings settings, ServerLimits limits,
                                    NodeIdentity identity, int port) throws IOException, InterruptedException {
        return start(seedDir, settings, limits, identity, ResetSecret.random(), port);
    }

    /** A tracker whose stateless-reset secret is given, as a restart from the same tls/ folder has. */
    public static TestTracker start(Path seedDir, NodeIdentity identity, ResetSecret resetSecret, int port)
            throws IOException, InterruptedException {
        return start(seedDir, QuicSettings.defaults(), ServerLimits.defaults(), identity, resetSecret, port);
    }

    public static TestTracker start(Path seedDir, QuicSettings settings, ServerLimits limits,
                                    NodeIdentity identity, ResetSecret resetSecret, int port)
            throws IOException, InterruptedException {
        return start(seedDir, settings, limits, identity, resetSecret, port, new SwarmRegistry(Clock.systemUTC(),
                Duration.ofSeconds(60), self(identity)));
    }

    /** A tracker keeping its swarms in {@code swarm}, which the caller closes: one of several sharing a store. */
    public static TestTracker start(Path seedDir, NodeIdentity identity, SwarmStore swarm) throws IOException,
            InterruptedException {
        return start(seedDir, QuicSettings.defaults(), ServerLimits.defaults(), identity, ResetSecret.random(), 0,
                swarm);
    }

    /** The tracker's own entry, as its torrents announce it. */
    public static AnnounceResponse.Peer self(NodeIdentity identity) {
        return new AnnounceResponse.Peer(TrackerCommand.PEER_ID, "127.0.0.1", 7001, identity.fingerprint().hex());
    }

    private static TestTracker start(Path seedDir, QuicSettings settings, ServerLimits limits,
                                     NodeIdentity identity, ResetSecret resetSecret, int port, SwarmStore swarm)
            throws IOException, InterruptedException {
        SeedCatalog catalog = SeedCatalog.open(seedDir, "quic://127.0.0.1:7001", identity.fingerprint());
        NodeServer server = TrackerEndpoint.create(settings, limits, identity, resetSecret, catalog, swarm);
        try {
            server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (InterruptedException | RuntimeException e) {
            catalog.close();
            throw e;
        }
        return new TestTracker(identity, catalog, server);
    }

    /** A tracker listening on {@code bind} (a wildcard address, for tests of which families it takes). */
    public static TestTracker startOn(Path seedDir, InetAddress bind) throws IOException, InterruptedException {
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        SeedCatalog catalog = SeedCatalog.open(seedDir, "quic://127.0.0.1:7001", identity.fingerprint());
        SwarmRegistry swarm = new SwarmRegistry(Clock.systemUTC(), Duration.ofSeconds(60),
                new AnnounceResponse.Peer(TrackerCommand.PEER_ID, "127.0.0.1", 7001, identity.fingerprint().hex()));
        NodeServer server = TrackerEndpoint.create(QuicSettings.defaults(), identity, catalog, swarm);
        try {
            server.start(new InetSocketAddress(bind, 0));
        } catch (InterruptedException | RuntimeException e) {
            catalog.close();
            throw e;
        }
        return new TestTracker(identity, catalog, server);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.address().getPort());
    }

    public NodeServer server() {
        return server;
    }

    public NodeServer.Stats stats() {
        return server.stats();
    }

    public NodeIdentity identity() {
        return identity;
    }

    public SeedCatalog catalog() {
        return catalog;
    }

    public SeededTorrent torrent(String name) {
        return catalog.torrents().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not seeded: " + name));
    }

    /** A pinned connection to this tracker, presenting {@link #clientIdentity()} as its client certificate. */
    public NodeConnection connect() throws Exception {
        return connect(clientIdentity);
    }

    /** A pinned connection presenting {@code client} as its certificate; null presents none. */
    public NodeConnection connect(NodeIdentity client) throws Exception {
        return NodeConnection.connect("tracker", address(), PinningTrustManager.pinned(identity.fingerprint()), client,
                QuicSettings.defaults(), Duration.ofSeconds(5));
    }

    /** The client certificate {@link #connect()} presents: one per tracker, as one client's would be. */
    public NodeIdentity clientIdentity() {
        return clientIdentity;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        server.close();
        catalog.close();
    }
}
