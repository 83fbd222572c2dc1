package dev.qtorrent.tracker;

import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.seed.SeededTorrent;
import dev.qtorrent.tracker.seed.TrackedTorrent;
import java.io.PrintWriter;

/** The banner's account of the seed folder: what is seeded, what is only tracked, and what is not served and why. */
final class SeedListing {
    private SeedListing() {
    }

    static void print(PrintWriter out, SeedCatalog catalog) {
        int seeded = catalog.torrents().size();
        int tracked = catalog.tracked().size();
        out.printf("Seeding %d torrent%s%s from %s:%n", seeded, seeded == 1 ? "" : "s",
                tracked == 0 ? "" : " and tracking " + tracked, catalog.folder().toAbsolutePath().normalize());
        for (SeededTorrent torrent : catalog.torrents()) {
            int files = torrent.metainfo().info().files().size();
            long bytes = torrent.layout().totalLength();
            out.printf("  %s%s  %,d byte%s  %d piece%s  info hash %s  -> %s%n", torrent.name(),
                    torrent.metainfo().info().isMultiFile() ? "/ (" + files + " file" + (files == 1 ? "" : "s") + ")"
                            : "", bytes, bytes == 1 ? "" : "s", torrent.layout().pieceCount(),
                    torrent.layout().pieceCount() == 1 ? "" : "s", torrent.infoHash().hex(), torrent.torrentFile());
        }
        // Tracked torrents are announced here, and their pieces come from peers only.
        for (TrackedTorrent torrent : catalog.tracked()) {
            out.printf("  tracking %s%s (%s)  info hash %s  -> %s%n", torrent.name(),
                    torrent.metainfo().info().isMultiFile() ? "/" : "", torrent.why(), torrent.infoHash().hex(),
                    torrent.torrentFile());
        }
        for (String problem : catalog.problems()) {
            out.printf("  not serving %s%n", problem);
        }
    }
}
