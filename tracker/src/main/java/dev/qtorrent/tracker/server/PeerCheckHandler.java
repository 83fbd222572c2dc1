package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PeerCheckRequest;
import dev.qtorrent.common.message.PeerCheckResponse;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.peer.serve.RequestHandler;
import dev.qtorrent.peer.serve.StreamOutput;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmStore;
import io.netty.channel.ChannelHandlerContext;

/**
 * Tells a peer of a swarm whether a certificate is in that swarm too: how a node serving a private torrent learns
 * about a peer that joined after its own last announce. Only a certificate in the swarm may ask, so the membership of
 * a private swarm is no more visible to outsiders than its peer lists are.
 */
final class PeerCheckHandler implements RequestHandler<PeerCheckRequest> {
    private final MessageCodec codec = new MessageCodec();
    private final SeedCatalog catalog;
    private final SwarmStore swarm;

    PeerCheckHandler(SeedCatalog catalog, SwarmStore swarm) {
        this.catalog = catalog;
        this.swarm = swarm;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, PeerCheckRequest check) {
        Fingerprint asker = PeerCertificate.of(ctx.channel()).orElseThrow(() -> new ProtocolException(
                ErrorCode.CERTIFICATE_REQUIRED, "peer_check needs a TLS client certificate: only a peer in the swarm "
                        + "may ask who else is; reconnect with the certificate you announced with"));
        if (catalog.metainfo(check.infoHash()).isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_INFO_HASH, "no torrent with info_hash "
                    + check.infoHash() + " on this tracker");
        }
        Fingerprint asked = new Fingerprint(check.certSha256());
        Completion.then(ctx, swarm.listed(check.infoHash(), asker), askerListed -> {
            if (!askerListed) {
                throw new ProtocolException(ErrorCode.NOT_LISTED, "only a peer in the swarm may ask who else is, and "
                        + "certificate sha256=" + asker + " is not in the swarm of " + check.infoHash()
                        + "; announce first");
            }
            Completion.then(ctx, swarm.listed(check.infoHash(), asked), listed -> {
                byte[] header = codec.encodeResponseHeader(new PeerCheckResponse(check.infoHash(),
                        check.certSha256(), listed));
                StreamOutput.write(ctx, ctx.alloc().directBuffer(header.length).writeBytes(header), true);
            });
        });
    }
}
