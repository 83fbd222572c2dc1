package dev.qtorrent.bench.announce;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import java.nio.charset.StandardCharsets;

/**
 * One announce on its own stream: writes the encoded request with FIN when the stream opens, counts the answer's
 * bytes and checks that it is an announce answer (an error answer starts with another type), and reports at the
 * answer's FIN. The answer is not decoded: the load generator must cost far less than the tracker it measures, and
 * a sample answer is decoded separately.
 */
final class Exchange extends ChannelInboundHandlerAdapter {
    private static final byte[] ANNOUNCE_ANSWER = "{\"type\":\"announce\"".getBytes(StandardCharsets.US_ASCII);

    /** Hears how the announce went, on the stream's event loop. */
    interface Done {
        void done(boolean announced, long nanos, long answerBytes);
    }

    private final byte[] request;
    private final Done done;
    private long started;
    private long bytes;
    private int matched;
    private boolean mismatch;
    private boolean finished;

    Exchange(byte[] request, Done done) {
        this.request = request;
        this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        started = System.nanoTime();
        ByteBuf buf = ctx.alloc().directBuffer(request.length).writeBytes(request);
        ctx.writeAndFlush(new DefaultQuicStreamFrame(buf, true));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            int readable = buf.readableBytes();
            for (int i = 0; i < readable && matched < ANNOUNCE_ANSWER.length && !mismatch; i++) {
                mismatch = buf.getByte(buf.readerIndex() + i) != ANNOUNCE_ANSWER[matched++];
            }
            bytes += readable;
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            finish(!mismatch && matched == ANNOUNCE_ANSWER.length);
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finish(false);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void finish(boolean announced) {
        if (!finished) {
            finished = true;
            done.done(announced, System.nanoTime() - started, bytes);
        }
    }
}
