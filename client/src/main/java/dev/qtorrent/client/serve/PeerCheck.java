package dev.qtorrent.client.serve;

import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.tls.Fingerprint;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the tracker whether a certificate is in a torrent's swarm ({@code peer_check}), for a private torrent's peer
 * that this client has not seen in its peer lists. It must not block: the node's event loop calls it.
 */
@FunctionalInterface
public interface PeerCheck {

    /** Completes with the tracker's answer, or exceptionally when the tracker could not be asked. */
    CompletableFuture<Boolean> listed(InfoHash infoHash, Fingerprint peer);
}
