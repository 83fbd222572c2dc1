package dev.qtorrent.peer.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AttributeKey;

/**
 * Writes on a request's stream and remembers whether an answer has begun. Ending the output (FIN) is what tells the
 * client the answer is complete; on a QUIC stream the last bytes and the FIN travel in one frame.
 */
public final class StreamOutput {
    /** Set once the first byte of an answer is written: after that, an error can only reset the stream. */
    static final AttributeKey<Boolean> ANSWER_STARTED = AttributeKey.valueOf(StreamOutput.class, "answerStarted");

    private StreamOutput() {
    }

    /** Writes {@code data}, ending the answer with FIN when {@code fin}. */
    public static ChannelFuture write(ChannelHandlerContext ctx, ByteBuf data, boolean fin) {
        ctx.channel().attr(ANSWER_STARTED).set(Boolean.TRUE);
        if (fin) {
            RequestRecord.answered(ctx.channel(), RequestRecord.OK);
        }
        if (ctx.channel() instanceof QuicStreamChannel) {
            return ctx.writeAndFlush(fin ? new DefaultQuicStreamFrame(data, true) : data);
        }
        ChannelFuture written = ctx.writeAndFlush(data);
        if (fin) {
            // Non-QUIC channels (tests with EmbeddedChannel) have no FIN; closing stands for it.
            written.addListener(f -> ctx.close());
        }
        return written;
    }

    static boolean answerStarted(ChannelHandlerContext ctx) {
        return Boolean.TRUE.equals(ctx.channel().attr(ANSWER_STARTED).get());
    }
}
