package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.MetainfoResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.seed.SeededTorrent;
import dev.qtorrent.tracker.swarm.SwarmRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Answers each decoded request: announces from the swarm registry, pieces from the seed catalog. A torrent the
 * catalog only tracks is announced and its metainfo served, but its pieces are not available here.
 */
@ChannelHandler.Sharable
final class RequestDispatcher extends SimpleChannelInboundHandler<Request> {
    private final MessageCodec codec;
    private final SeedCatalog catalog;
    private final SwarmRegistry swarm;
    private final Executor disk;
    private final TrackerLimits limits;
    private final LongAccumulator peakInFlight;

    RequestDispatcher(MessageCodec codec, SeedCatalog catalog, SwarmRegistry swarm, Executor disk,
                      TrackerLimits limits, LongAccumulator peakInFlight) {
        this.codec = codec;
        this.catalog = catalog;
        this.swarm = swarm;
        this.disk = disk;
        this.limits = limits;
        this.peakInFlight = peakInFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Request request) {
        if (request instanceof AnnounceRequest announce) {
            Fingerprint certificate = AnnounceIdentity.require(ctx.channel());
            known(announce.infoHash());
            boolean origin = catalog.find(announce.infoHash()).isPresent();
            byte[] header = codec.encodeResponseHeader(swarm.announce(announce, origin, peerAddress(ctx),
                    certificate));
            ByteBuf buf = ctx.alloc().directBuffer(header.length).writeBytes(header);
            StreamOutput.write(ctx, buf, true);
        } else if (request instanceof PieceRequest piece) {
            int count = known(piece.infoHash()).info().pieceCount();
            if (piece.index() >= count) {
                throw new ProtocolException(ErrorCode.PIECE_OUT_OF_RANGE, count == 0
                        ? "piece " + piece.index() + " is out of range: the torrent has no pieces (it is empty)"
                        : count == 1 ? "piece " + piece.index() + " is out of range: the torrent has 1 piece (0)"
                        : "piece " + piece.index() + " is out of range: the torrent has " + count + " pieces (0-"
                                + (count - 1) + ")");
            }
            SeededTorrent torrent = catalog.find(piece.infoHash()).orElseThrow(() -> new ProtocolException(
                    ErrorCode.PIECE_NOT_AVAILABLE, "piece " + piece.index() + " is not available here: this tracker "
                            + "tracks the torrent without holding its data"));
            torrent.piecesServed().increment();
            PieceSender sender = new PieceSender(codec, torrent, piece.index(), disk,
                    InFlightBudget.of(ctx.channel(), limits.pieceBytesInFlight(), peakInFlight));
            ctx.pipeline().addBefore(ctx.name(), null, sender);
            sender.start();
        } else if (request instanceof MetainfoRequest metainfo) {
            // The info dictionary's bytes exactly as in the torrent: the client checks their SHA-1 against the hash.
            byte[] info = known(metainfo.infoHash()).infoBytes();
            byte[] header = codec.encodeResponseHeader(new MetainfoResponse(metainfo.infoHash(), info.length));
            ByteBuf buf = ctx.alloc().directBuffer(header.length + info.length).writeBytes(header).writeBytes(info);
            StreamOutput.write(ctx, buf, true);
        } else {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unsupported request " + request);
        }
    }

    /** The metainfo of a torrent the tracker serves or tracks. */
    private Metainfo known(String infoHash) {
        return catalog.metainfo(infoHash).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_INFO_HASH,
                "no torrent with info_hash " + infoHash + " on this tracker"));
    }

    static InetSocketAddress peerAddress(ChannelHandlerContext ctx) {
        if (ctx.channel().parent() instanceof QuicChannel connection) {
            SocketAddress remote = connection.remoteSocketAddress();
            if (remote instanceof InetSocketAddress inet) {
                return inet;
            }
        }
        return null;
    }
}
