package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ScrapeRequest;
import dev.qtorrent.common.message.ScrapeResponse;
import dev.qtorrent.peer.serve.RequestHandler;
import dev.qtorrent.peer.serve.StreamOutput;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmCounts;
import dev.qtorrent.tracker.swarm.SwarmStore;
import io.netty.channel.ChannelHandlerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Answers scrapes from the swarm registry: the counts of each torrent asked about that the tracker seeds or tracks,
 * the tracker counted as a seed of those it seeds, exactly as an announce answer counts it. Torrents the tracker does
 * not know are left out, as BEP 48 does, so one unknown hash does not spoil the answer about the others. No
 * certificate is needed: the counts say nothing about who the peers are.
 */
final class ScrapeHandler implements RequestHandler<ScrapeRequest> {
    private final MessageCodec codec = new MessageCodec();
    private final SeedCatalog catalog;
    private final SwarmStore swarms;

    ScrapeHandler(SeedCatalog catalog, SwarmStore swarms) {
        this.catalog = catalog;
        this.swarms = swarms;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, ScrapeRequest scrape) {
        // Asked all at once, so that a shared store answers them in one round trip.
        Map<String, CompletableFuture<SwarmCounts>> asked = new LinkedHashMap<>();
        for (String infoHash : scrape.infoHashes()) {
            if (!asked.containsKey(infoHash) && catalog.metainfo(infoHash).isPresent()) {
                asked.put(infoHash, swarms.counts(infoHash).toCompletableFuture());
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new));
        Completion.then(ctx, all, done -> {
            Map<String, ScrapeResponse.Swarm> files = new LinkedHashMap<>();
            asked.forEach((infoHash, answer) -> {
                SwarmCounts counts = answer.join();
                boolean origin = catalog.find(infoHash).isPresent();
                files.put(infoHash, new ScrapeResponse.Swarm(counts.seeds() + (origin ? 1 : 0), counts.leechers(),
                        counts.downloaded()));
            });
            byte[] header = codec.encodeResponseHeader(new ScrapeResponse(files));
            StreamOutput.write(ctx, ctx.alloc().directBuffer(header.length).writeBytes(header), true);
        });
    }
}
