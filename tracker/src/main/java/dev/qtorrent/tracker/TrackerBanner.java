package dev.qtorrent.tracker;

import dev.qtorrent.common.Version;
import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.tracker.seed.SeedCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the tracker prints once it serves: what it seeds, where it listens, its announce URL and pin, and where its
 * status page is.
 */
final class TrackerBanner {
    private TrackerBanner() {
    }

    static void print(PrintWriter out, SeedCatalog catalog, NodeServer server, NodeIdentity identity, String bind,
                      String announceUrl, Path logFile, Optional<String> web) {
        out.printf("quic-torrent tracker %s%n", Version.get());
        SeedListing.print(out, catalog);
        out.printf("Listening on udp %s (QUIC, ALPN %s, %s)%n", HostPort.format(bind, server.address().getPort()),
                QuicSettings.ALPN, server.transportName());
        out.printf("Announce URL: %s%n", announceUrl);
        out.printf("Certificate SHA-256: %s%n", identity.fingerprint());
        out.printf("Logging to %s%n", logFile.toAbsolutePath().normalize());
        web.ifPresent(out::println);
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
