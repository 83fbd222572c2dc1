package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.PeerCheckRequest;
import dev.qtorrent.common.message.ScrapeRequest;
import dev.qtorrent.common.message.WatchRequest;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.peer.serve.RequestHandlers;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.peer.serve.ServerLimits;
import dev.qtorrent.peer.serve.ServerObserver;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmStore;

/**
 * The tracker's QUIC endpoint: a node serving the seed folder (the pieces of seeded torrents, the metainfo of tracked
 * ones too), plus announces, peer checks, scrapes and watches from the swarm registry.
 */
public final class TrackerEndpoint {
    /** The tracker's role in thread names, logs and its closing notice ("tracker shutting down"). */
    public static final String ROLE = "tracker";

    private TrackerEndpoint() {
    }

    public static NodeServer create(QuicSettings settings, NodeIdentity identity, SeedCatalog catalog,
                                    SwarmStore swarm) {
        return create(settings, ServerLimits.defaults(), identity, ResetSecret.random(), catalog, swarm);
    }

    /** @param resetSecret the secret kept beside the identity, so a later run can reset this run's connections */
    public static NodeServer create(QuicSettings settings, ServerLimits limits, NodeIdentity identity,
                                    ResetSecret resetSecret, SeedCatalog catalog, SwarmStore swarm) {
        return create(settings, limits, identity, resetSecret, catalog, swarm, TrackerObserver.NONE);
    }

    /** As above, telling {@code observer} what the endpoint does, for metrics. */
    public static NodeServer create(QuicSettings settings, ServerLimits limits, NodeIdentity identity,
                                    ResetSecret resetSecret, SeedCatalog catalog, SwarmStore swarm,
                                    TrackerObserver observer) {
        RequestHandlers handlers = new RequestHandlers()
                .on(AnnounceRequest.class, new AnnounceHandler(catalog, swarm, observer))
                .on(PeerCheckRequest.class, new PeerCheckHandler(catalog, swarm))
                .on(ScrapeRequest.class, new ScrapeHandler(catalog, swarm))
                .on(WatchRequest.class, new WatchHandler(catalog, swarm));
        return new NodeServer(ROLE, settings, limits, identity, resetSecret, new CatalogSource(catalog, swarm),
                handlers, observer == TrackerObserver.NONE ? ServerObserver.NONE : observer);
    }
}
