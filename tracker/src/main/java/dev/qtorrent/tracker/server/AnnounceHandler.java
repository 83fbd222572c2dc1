package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.peer.serve.RemoteAddress;
import dev.qtorrent.peer.serve.RequestHandler;
import dev.qtorrent.peer.serve.StreamOutput;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmStore;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletionStage;

/**
 * Answers announces from the swarm registry, for every torrent the tracker seeds or tracks: what the tracker adds to
 * the requests every node serves.
 */
final class AnnounceHandler implements RequestHandler<AnnounceRequest> {
    private final MessageCodec codec = new MessageCodec();
    private final SeedCatalog catalog;
    private final SwarmStore swarm;
    private final TrackerObserver observer;

    AnnounceHandler(SeedCatalog catalog, SwarmStore swarm, TrackerObserver observer) {
        this.catalog = catalog;
        this.swarm = swarm;
        this.observer = observer;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, AnnounceRequest announce) {
        Fingerprint certificate = AnnounceIdentity.require(ctx.channel());
        // The tracker heads the peer list only for torrents whose data it serves.
        boolean origin = catalog.find(announce.infoHash()).isPresent();
        if (!origin && catalog.findTracked(announce.infoHash()).isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_INFO_HASH, "no torrent with info_hash "
                    + announce.infoHash() + " on this tracker");
        }
        long start = System.nanoTime();
        CompletionStage<AnnounceResponse> answer;
        try {
            answer = swarm.announce(announce, origin, RemoteAddress.of(ctx), certificate);
        } catch (RuntimeException e) {
            observer.swarmAnnounced(System.nanoTime() - start);
            throw e;
        }
        // The time until the store's answer, a round trip included for a shared store. The in-memory store answers
        // at once, and then needs no stage of its own to report it.
        if (answer.toCompletableFuture().isDone()) {
            observer.swarmAnnounced(System.nanoTime() - start);
        } else {
            answer = answer.whenComplete((done, failure) -> observer.swarmAnnounced(System.nanoTime() - start));
        }
        Completion.then(ctx, answer, done -> {
            StreamOutput.write(ctx, codec.encodeResponseHeader(done, ctx.alloc()), true);
        });
    }
}
