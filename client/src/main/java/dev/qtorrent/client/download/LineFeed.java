package dev.qtorrent.client.download;

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

/**
 * Reads a subscription's answer, one JSON line at a time, on the stream's event loop. A malformed line, or one the
 * subclass does not accept, ends the feed and abandons the stream; so does the stream's end, which a subclass may
 * take as a normal end (FIN after the last line).
 */
abstract class LineFeed extends ChannelInboundHandlerAdapter implements NodeConnection.StreamFailureListener {
    private final MessageCodec codec;
    private final int maxLineBytes;
    private final String from;
    private final String subscription;
    private ResponseHeaderReader line;
    private boolean ended;

    /**
     * @param from         who writes the lines, for error messages
     * @param subscription what the lines answer, for error messages ("have subscription")
     */
    LineFeed(MessageCodec codec, int maxLineBytes, String from, String subscription) {
        this.codec = codec;
        this.maxLineBytes = maxLineBytes;
        this.from = from;
        this.subscription = subscription;
        this.line = newLine();
    }

    private ResponseHeaderReader newLine() {
        return new ResponseHeaderReader(codec, maxLineBytes, from);
    }

    /** Takes one line; returns why it ends the feed, or null to read on. */
    protected abstract String accept(Response response);

    /** The feed is over: {@code reason} says why, or is null after a FIN that {@link #finished} took as normal. */
    protected abstract void ended(String reason);

    /** The stream's FIN came: returns why that ends the feed early, or null when it is the normal end. */
    protected abstract String finished();

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
                String refusal = accept(response);
                if (refusal != null) {
                    end(ctx, refusal);
                }
            }
        } catch (MalformedAnswerException e) {
            end(ctx, e.getMessage());
        } finally {
            buf.release();
        }
    }

    private void end(ChannelHandlerContext ctx, String reason) {
        if (!ended) {
            ended = true;
            ended(reason);
            StreamReset.abandon(ctx.channel());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE && !ended) {
            ended = true;
            ended(finished());
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ended) {
            ended = true;
            ended("its " + subscription + " closed");
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
            ended("cannot open a stream: " + cause.getMessage());
        }
    }
}
