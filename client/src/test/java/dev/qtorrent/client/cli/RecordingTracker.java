package dev.qtorrent.client.cli;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.SwarmChangeResponse;
import dev.qtorrent.common.message.WatchRequest;
import dev.qtorrent.common.message.WatchResponse;
import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.peer.serve.NodeServer;
import dev.qtorrent.peer.serve.RequestHandlers;
import dev.qtorrent.peer.serve.ResetSecret;
import dev.qtorrent.peer.serve.ServerLimits;
import dev.qtorrent.peer.serve.StreamOutput;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real QUIC node with a tracker's identity that answers every announce with an empty peer list and an interval of
 * one second, and keeps each announce it gets and the certificate that came with it. The real tracker checks
 * {@code uploaded} and {@code downloaded} but stores neither; this one shows what a client sent. It takes watches too,
 * and writes on them only the changes a test tells it of.
 */
final class RecordingTracker implements AutoCloseable {
    private final NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
    private final List<AnnounceRequest> announces = new CopyOnWriteArrayList<>();
    private volatile Fingerprint announcer;
    private final List<ChannelHandlerContext> watches = new CopyOnWriteArrayList<>();
    private final MessageCodec codec = new MessageCodec();
    private final NodeServer server;

    RecordingTracker() throws InterruptedException {
        RequestHandlers handlers = new RequestHandlers().on(AnnounceRequest.class, (ctx, announce) -> {
            announcer = PeerCertificate.of(ctx.channel()).orElse(null);
            announces.add(announce);
            byte[] answer = codec.encodeResponseHeader(new AnnounceResponse(1, List.of(), 1, 0));
            StreamOutput.write(ctx, ctx.alloc().buffer(answer.length).writeBytes(answer), true);
        }).on(WatchRequest.class, (ctx, watch) -> {
            byte[] first = codec.encodeResponseHeader(new WatchResponse(watch.infoHash()));
            StreamOutput.write(ctx, ctx.alloc().buffer(first.length).writeBytes(first), false);
            watches.add(ctx);
        });
        server = new NodeServer("tracker", QuicSettings.defaults(), ServerLimits.defaults(), identity,
                ResetSecret.random(), infoHash -> Optional.empty(), handlers);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** The announce URL of torrents made for this tracker. */
    String announceUrl() {
        return "quic://127.0.0.1:" + server.address().getPort();
    }

    NodeIdentity identity() {
        return identity;
    }

    List<AnnounceRequest> announces() {
        return List.copyOf(announces);
    }

    /** The client certificate of the latest announce, the one the client's node presents too. */
    Fingerprint announcer() {
        return announcer;
    }

    /** How many watches were opened. */
    int watches() {
        return watches.size();
    }

    /** Writes {@code change} on every watch that is still open. */
    void tell(SwarmChangeResponse change) {
        byte[] line = codec.encodeResponseHeader(change);
        for (ChannelHandlerContext watch : watches) {
            watch.executor().execute(() -> StreamOutput.write(watch, watch.alloc().buffer(line.length)
                    .writeBytes(line), false));
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
