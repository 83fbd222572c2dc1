package dev.qtorrent.tracker.web;

import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.tracker.metrics.TrackerMetrics;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.server.TrackerObserver;
import dev.qtorrent.tracker.swarm.SwarmStore;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's metrics and status page when {@code --metrics} is given, and nothing otherwise: the observer its QUIC
 * endpoint reports to, and the HTTP server that shows what it saw.
 */
public final class TrackerWeb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrackerWeb.class);

    private final InetSocketAddress bind;
    private final TrackerMetrics metrics;
    private final WebServer server;

    private TrackerWeb(InetSocketAddress bind, TrackerMetrics metrics, WebServer server) {
        this.bind = bind;
        this.metrics = metrics;
        this.server = server;
    }

    /** Metrics and the status page on {@code bind}, or none when it is null. */
    public static TrackerWeb of(InetSocketAddress bind, SeedCatalog catalog, SwarmStore swarms) {
        if (bind == null) {
            return new TrackerWeb(null, null, null);
        }
        TrackerMetrics metrics = new TrackerMetrics(catalog, swarms);
        WebRoutes routes = new WebRoutes(catalog, metrics, new StatusDocument(catalog, swarms));
        return new TrackerWeb(bind, metrics, new WebServer(routes));
    }

    /** What the QUIC endpoint reports to. */
    public TrackerObserver observer() {
        return metrics == null ? TrackerObserver.NONE : metrics;
    }

    /**
     * Starts the HTTP server, if any.
     *
     * @return null, or why it could not listen (a busy port, an address not of this machine)
     */
    public String start() throws InterruptedException {
        if (server == null) {
            return null;
        }
        try {
            server.start(bind);
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                return WebAddress.describe(bind, e instanceof BindException ? e : e.getCause());
            }
            throw e;
        }
        log.info("metrics and status page on http://{}/", HostPort.format(server.address()));
        return null;
    }

    /** Where the HTTP server listens, once started. */
    public Optional<InetSocketAddress> address() {
        return server == null ? Optional.empty() : Optional.of(server.address());
    }

    /** The banner line naming the status page and metrics, if they are on. */
    public Optional<String> banner() {
        return address().map(address -> "Status page: http://" + HostPort.format(address) + "/ (metrics at /metrics)");
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
