package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.WatchRequest;
import dev.qtorrent.peer.serve.RequestHandler;
import dev.qtorrent.peer.serve.SubscriptionLimit;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmStore;
import io.netty.channel.ChannelHandlerContext;

/**
 * Opens a watch of one swarm (docs/PROTOCOL.md §5.13): the peers that join or leave it, as they do, so that peers
 * find each other at once instead of at their next announce. Only a peer in the swarm may watch it, as only such a
 * peer may ask who else is in it (peer_check): a private swarm's members are no more visible than its peer lists.
 */
final class WatchHandler implements RequestHandler<WatchRequest> {
    /** Watches open at once on one connection; a client needs one per torrent it downloads or seeds. */
    static final int MAX_PER_CONNECTION = 64;
    private static final SubscriptionLimit LIMIT = new SubscriptionLimit("watches", MAX_PER_CONNECTION);

    private final MessageCodec codec = new MessageCodec();
    private final SwarmMembership members;
    private final SwarmStore swarm;

    WatchHandler(SeedCatalog catalog, SwarmStore swarm) {
        this.members = new SwarmMembership(catalog, swarm);
        this.swarm = swarm;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, WatchRequest watch) {
        members.requireMember(ctx, watch.infoHash(), "watch", "watch it", asker -> {
            SubscriptionLimit.Slot slot = LIMIT.take(ctx.channel());
            new WatchSubscription(codec, swarm.changes(), watch.infoHash(), asker).start(ctx, slot);
        });
    }
}
