package dev.qtorrent.tracker.metrics;

import dev.qtorrent.peer.serve.RequestTypes;
import dev.qtorrent.peer.serve.ServedTorrent;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.server.TrackerObserver;
import dev.qtorrent.tracker.swarm.SwarmStore;
import dev.qtorrent.tracker.swarm.SwarmTotals;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The tracker's Prometheus metrics ({@code qtorrent_tracker_*}), fed by its QUIC endpoint as a {@link TrackerObserver}
 * and read from the seed catalog and swarm registry at each scrape. It also keeps the piece bytes sent per torrent,
 * for the status page. Exemplars are off: they would look up a trace context on every request.
 */
public final class TrackerMetrics implements TrackerObserver {
    static final String PREFIX = "qtorrent_tracker_";
    /** Request times: announces take well under a millisecond, pieces up to seconds on a slow link. */
    private static final double[] REQUEST_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10, 30};
    /** Time in the swarm registry: microseconds unless its lock is contended. */
    private static final double[] SWARM_BUCKETS = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
        0.0025, 0.005, 0.01, 0.05};
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Counter answers;
    private final Histogram requestDuration;
    private final Counter connectionsOpened;
    private final Counter connectionsRefused;
    private final Gauge connectionsOpen;
    private final Counter streamsOpened;
    private final Gauge streamsOpen;
    private final Counter bytesSent;
    private final Counter piecesSent;
    private final Histogram swarmDuration;

    public TrackerMetrics(SeedCatalog catalog, SwarmStore swarms) {
        requests = counter("requests", "Requests received, by type (invalid: never decoded)", "type");
        answers = counter("answers", "Requests ended, by type and answer code (ok, an error code, or abandoned)",
                "type", "code");
        requestDuration = Histogram.builder().name(PREFIX + "request_duration_seconds")
                .help("Time from a request stream's opening to its answer's end, by request type")
                .unit(Unit.SECONDS).labelNames("type").classicOnly().classicUpperBounds(REQUEST_BUCKETS)
                .withoutExemplars().register(registry);
        connectionsOpened = counter("connections_opened", "QUIC connections admitted");
        connectionsRefused = counter("connections_refused", "QUIC connections closed at once for being over the "
                + "connection limits");
        connectionsOpen = gauge("connections_open", "QUIC connections open now");
        streamsOpened = counter("streams_opened", "Request streams opened by clients");
        streamsOpen = gauge("streams_open", "Request streams open now");
        bytesSent = Counter.builder().name(PREFIX + "served_bytes").unit(Unit.BYTES)
                .help("Piece bytes handed to QUIC to send").withoutExemplars().register(registry);
        piecesSent = counter("served_pieces", "Pieces whose every byte was handed to QUIC");
        // Every request type shows from the start, at zero, so that rates and alerts see them before the first one.
        for (String type : RequestTypes.all()) {
            requests.initLabelValues(type);
            requestDuration.initLabelValues(type);
        }
        requests.initLabelValues(INVALID);
        requestDuration.initLabelValues(INVALID);
        swarmDuration = Histogram.builder().name(PREFIX + "swarm_announce_duration_seconds")
                .help("Time an announce spends in the swarm registry, waiting for its lock included")
                .unit(Unit.SECONDS).classicOnly().classicUpperBounds(SWARM_BUCKETS).withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder().name(PREFIX + "torrents")
                .help("Torrents in the seed folder: seeded (served here) or tracked (announced, served by peers)")
                .labelNames("state").callback(callback -> {
                    callback.call(catalog.torrents().size(), "seeded");
                    callback.call(catalog.tracked().size(), "tracked");
                }).register(registry);
        swarmGauge(swarms, "swarms", "Torrents with at least one peer", SwarmTotals::swarms);
        swarmGauge(swarms, "peers", "Peers in all swarms, the tracker not counted", SwarmTotals::peers);
        swarmGauge(swarms, "seeds", "Peers that hold the whole torrent, the tracker not counted", SwarmTotals::seeds);
        swarmGauge(swarms, "leechers", "Peers still downloading", SwarmTotals::leechers);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void connectionOpened() {
        connectionsOpened.inc();
        connectionsOpen.inc();
    }

    @Override
    public void connectionClosed() {
        connectionsOpen.dec();
    }

    @Override
    public void connectionRefused() {
        connectionsRefused.inc();
    }

    @Override
    public void streamOpened() {
        streamsOpened.inc();
        streamsOpen.inc();
    }

    @Override
    public void streamClosed() {
        streamsOpen.dec();
    }

    @Override
    public void requestReceived(String type) {
        requests.labelValues(type).inc();
    }

    @Override
    public void requestAnswered(String type, String code, long nanos) {
        answers.labelValues(type, code).inc();
        requestDuration.labelValues(type).observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void pieceBytesSent(int bytes) {
        // Each torrent counts its own bytes (ServedTorrent.sent), for the status page; this is the total.
        bytesSent.inc(bytes);
    }

    @Override
    public void pieceSent() {
        piecesSent.inc();
    }

    @Override
    public void swarmAnnounced(long nanos) {
        swarmDuration.observe(nanos / NANOS_PER_SECOND);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(PREFIX + name).help(help).labelNames(labels).withoutExemplars()
                .register(registry);
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(PREFIX + name).help(help).withoutExemplars().register(registry);
    }

    private void swarmGauge(SwarmStore swarms, String name, String help,
                            java.util.function.ToDoubleFunction<SwarmTotals> value) {
        GaugeWithCallback.builder().name(PREFIX + name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(swarms.totals())))
                .register(registry);
    }
}
