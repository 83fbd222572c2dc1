package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmStore;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.Consumer;

/**
 * The rule for requests that tell about a swarm's members (peer_check, watch): only a peer of that swarm may make
 * them, so a private swarm's members are no more visible to outsiders than its peer lists are. Checked in the order
 * docs/PROTOCOL.md §5.11 gives: a client certificate, a torrent the tracker knows, and that certificate in its swarm.
 */
final class SwarmMembership {
    private final SeedCatalog catalog;
    private final SwarmStore swarm;

    SwarmMembership(SeedCatalog catalog, SwarmStore swarm) {
        this.catalog = catalog;
        this.swarm = swarm;
    }

    /**
     * Runs {@code then} with the asker's fingerprint once the asker turns out to be in the swarm of {@code infoHash},
     * on the stream's event loop; a refusal, then or later, goes to the stream's error tail.
     *
     * @param request what is asked, for refusals ("watch")
     * @param purpose what only a peer of the swarm may do, for refusals ("watch it")
     */
    void requireMember(ChannelHandlerContext ctx, String infoHash, String request, String purpose,
                       Consumer<Fingerprint> then) {
        Fingerprint asker = PeerCertificate.of(ctx.channel()).orElseThrow(() -> new ProtocolException(
                ErrorCode.CERTIFICATE_REQUIRED, request + " needs a TLS client certificate: only a peer in the swarm "
                        + "may " + purpose + "; reconnect with the certificate you announced with"));
        if (catalog.metainfo(infoHash).isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_INFO_HASH, "no torrent with info_hash " + infoHash
                    + " on this tracker");
        }
        Completion.then(ctx, swarm.listed(infoHash, asker), listed -> {
            if (!listed) {
                throw new ProtocolException(ErrorCode.NOT_LISTED, "only a peer in the swarm may " + purpose
                        + ", and certificate sha256=" + asker + " is not in the swarm of " + infoHash
                        + "; announce first");
            }
            then.accept(asker);
        });
    }
}
