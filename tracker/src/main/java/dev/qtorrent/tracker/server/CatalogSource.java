package dev.qtorrent.tracker.server;

import dev.qtorrent.peer.serve.PieceSource;
import dev.qtorrent.peer.serve.ServedTorrent;
import dev.qtorrent.tracker.seed.SeedCatalog;
import java.util.Optional;

/** The seed catalog as the tracker's piece source: torrents it seeds first, then those it only tracks. */
final class CatalogSource implements PieceSource {
    private final SeedCatalog catalog;

    CatalogSource(SeedCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<ServedTorrent> find(String infoHash) {
        return catalog.find(infoHash).<ServedTorrent>map(seeded -> seeded)
                .or(() -> catalog.findTracked(infoHash));
    }
}
