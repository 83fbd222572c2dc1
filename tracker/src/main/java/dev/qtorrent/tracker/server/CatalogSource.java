package dev.qtorrent.tracker.server;

import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.peer.serve.PieceSource;
import dev.qtorrent.peer.serve.ServedTorrent;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmStore;
import io.netty.channel.Channel;
import java.util.Optional;

/**
 * The seed catalog as the tracker's piece source: torrents it seeds first, then those it only tracks. The swarms
 * say which askers serve each other, so that the tracker, the origin, sends a piece to one of them at a time.
 */
final class CatalogSource implements PieceSource {
    private final SeedCatalog catalog;
    private final SwarmStore swarms;

    CatalogSource(SeedCatalog catalog, SwarmStore swarms) {
        this.catalog = catalog;
        this.swarms = swarms;
    }

    @Override
    public Optional<ServedTorrent> find(String infoHash) {
        return catalog.find(infoHash).<ServedTorrent>map(seeded -> seeded)
                .or(() -> catalog.findTracked(infoHash));
    }

    @Override
    public boolean servesSwarm(String infoHash, Channel connection) {
        return PeerCertificate.of(connection).map(certificate -> swarms.serving(infoHash, certificate)).orElse(false);
    }
}
