package dev.qtorrent.tracker.web;

import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.peer.serve.ServerLimits;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.server.TrackerEndpoint;
import dev.qtorrent.tracker.swarm.SwarmRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real tracker on 127.0.0.1 with metrics and the status page on, both on free ports, wired as {@code --metrics}
 * wires them; with an HTTP client for its pages.
 */
final class WebTestTracker implements AutoCloseable {
    static final String PIN_HOST = "127.0.0.1";

    private final NodeIdentity identity;
    private final SeedCatalog catalog;
    private final TrackerWeb web;
    private final NodeServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebTestTracker(NodeIdentity identity, SeedCatalog catalog, TrackerWeb web, NodeServer server) {
        this.identity = identity;
        this.catalog = catalog;
        this.web = web;
        this.server = server;
    }

    static WebTestTracker start(Path seedDir) throws IOException, InterruptedException {
        NodeIdentity identity = NodeIdentity.generate(PIN_HOST);
        SeedCatalog catalog = SeedCatalog.open(seedDir, "quic://127.0.0.1:7001", identity.fingerprint());
        SwarmRegistry swarm = new SwarmRegistry(Clock.systemUTC(), Duration.ofSeconds(60),
                new AnnounceResponse.Peer("qtorrent-tracker", "127.0.0.1", 7001, identity.fingerprint().hex()));
        TrackerWeb web = TrackerWeb.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), catalog, swarm);
        NodeServer server = TrackerEndpoint.create(QuicSettings.defaults(), ServerLimits.defaults(), identity,
                ResetSecret.random(), catalog, swarm, web.observer());
        try {
            server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String problem = web.start();
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            web.close();
            catalog.close();
            throw e;
        }
        return new WebTestTracker(identity, catalog, web, server);
    }

    SeedCatalog catalog() {
        return catalog;
    }

    NodeIdentity identity() {
        return identity;
    }

    /** The status page's base URL, ending in a slash. */
    URI base() {
        InetSocketAddress address = web.address().orElseThrow();
        return URI.create("http://127.0.0.1:" + address.getPort() + "/");
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base().resolve(path)).GET().build());
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    NodeConnection connect() throws Exception {
        return NodeConnection.connect("tracker",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.address().getPort()),
                PinningTrustManager.pinned(identity.fingerprint()), NodeIdentity.generate(NodeIdentity.Role.PEER, null),
                QuicSettings.defaults(), Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        server.close();
        web.close();
        catalog.close();
    }
}
