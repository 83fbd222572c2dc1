package dev.qtorrent.client.download;

import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.HaveResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.MalformedAnswerException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.ResponseHeaderReader;
import dev.qtorrent.common.quic.StreamReset;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * Reads a peer's have subscription (docs/PROTOCOL.md §5.9): its bitfield, then one line per piece it verifies, each
 * passed on as a {@link SwarmEvent}. Anything else on the stream, or a line that does not fit the torrent, ends the
 * feed, and the download stops using the peer.
 */
final class HaveFeed extends ChannelInboundHandlerAdapter implements NodeConnection.StreamFailureListener {
    private final MessageCodec codec;
    private final Source source;
    private final String infoHash;
    private final int pieceCount;
    private final int maxLineBytes;
    private final Consumer<SwarmEvent> events;
    private ResponseHeaderReader line;
    private boolean first = true;
    private boolean ended;

    HaveFeed(MessageCodec codec, Source source, String infoHash, int pieceCount, int maxLineBytes,
             Consumer<SwarmEvent> events) {
        this.codec = codec;
        this.source = source;
        this.infoHash = infoHash;
        this.pieceCount = pieceCount;
        this.maxLineBytes = maxLineBytes;
        this.events = events;
        this.line = newLine();
    }

    private ResponseHeaderReader newLine() {
        return new ResponseHeaderReader(codec, maxLineBytes, source.label());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || ended) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            while (buf.isReadable() && !ended) {
                Response response = line.read(buf);
                if (response == null) {
                    return;
                }
                line = newLine();
                accept(ctx, response);
            }
        } catch (MalformedAnswerException e) {
            end(ctx, e.getMessage());
        } finally {
            buf.release();
        }
    }

    private void accept(ChannelHandlerContext ctx, Response response) {
        if (response instanceof ErrorResponse error) {
            end(ctx, "it refused the have subscription: " + error.error() + " (" + error.code() + ")");
        } else if (first && response instanceof BitfieldResponse bitfield && bitfield.infoHash().equals(infoHash)
                && bitfield.pieces() == pieceCount) {
            first = false;
            events.accept(new SwarmEvent.Holds(source, bitfield.held()));
        } else if (!first && response instanceof HaveResponse have && have.infoHash().equals(infoHash)
                && have.index() < pieceCount) {
            events.accept(new SwarmEvent.Has(source, have.index()));
        } else {
            end(ctx, "its have subscription sent " + response + ", which does not fit this torrent");
        }
    }

    private void end(ChannelHandlerContext ctx, String reason) {
        if (!ended) {
            ended = true;
            events.accept(new SwarmEvent.FeedEnded(source, reason));
            StreamReset.abandon(ctx.channel());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE && !ended) {
            // FIN after the line that completed the torrent: the peer is a seed and nothing more will come.
            ended = true;
            events.accept(new SwarmEvent.FeedEnded(source, first ? "its have subscription ended before the bitfield"
                    : null));
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ended) {
            ended = true;
            events.accept(new SwarmEvent.FeedEnded(source, "its have subscription closed"));
        }
        line.release();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(ctx, cause.toString());
    }

    @Override
    public void streamFailed(Throwable cause) {
        if (!ended) {
            ended = true;
            events.accept(new SwarmEvent.FeedEnded(source, "cannot open a stream: " + cause.getMessage()));
        }
    }
}
