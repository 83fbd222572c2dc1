package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PeerCheckRequest;
import dev.qtorrent.common.message.PeerCheckResponse;
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
    private final SwarmMembership members;
    private final SwarmStore swarm;

    PeerCheckHandler(SeedCatalog catalog, SwarmStore swarm) {
        this.members = new SwarmMembership(catalog, swarm);
        this.swarm = swarm;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, PeerCheckRequest check) {
        Fingerprint asked = new Fingerprint(check.certSha256());
        members.requireMember(ctx, check.infoHash(), "peer_check", "ask who else is", asker ->
                Completion.then(ctx, swarm.listed(check.infoHash(), asked), listed -> {
                    byte[] header = codec.encodeResponseHeader(new PeerCheckResponse(check.infoHash(),
                            check.certSha256(), listed));
                    StreamOutput.write(ctx, ctx.alloc().directBuffer(header.length).writeBytes(header), true);
                }));
    }
}
