package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Collects a request's bytes until the client's FIN, which is the request's only framing, and then hands them to the
 * {@link RequestDispatcher}. Enforces the size limit as bytes arrive and a deadline for the whole request, so a client
 * that trickles bytes cannot hold a stream forever. One instance per stream; what it or the request's handler throws
 * goes on down the pipeline to the {@link ErrorResponder}.
 */
final class RequestAggregator extends ChannelInboundHandlerAdapter {
    private static final byte[] NONE = new byte[0];
    private final int maxBytes;
    private final Duration deadline;
    private final RequestDispatcher dispatcher;
    /**
     * The request's bytes so far, the first {@link #length} of them. Most requests come in one read, copied once out
     * of QUIC's buffer into an array of exactly its size, the form the decoder reads; one that comes in pieces grows
     * the array by doubling, so that a client sending a byte at a time costs no more than linear copying.
     */
    private byte[] collected = NONE;
    private int length;
    private ScheduledFuture<?> timer;
    private boolean finished;

    RequestAggregator(int maxBytes, Duration deadline, RequestDispatcher dispatcher) {
        this.maxBytes = maxBytes;
        this.deadline = deadline;
        this.dispatcher = dispatcher;
    }

    /** Said outright: Netty otherwise looks the class's annotation up in a per-thread cache for every stream. */
    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> expire(ctx), deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (finished || !(msg instanceof ByteBuf buf)) {
            // Bytes after the request was complete or refused are dropped.
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            int bytes = buf.readableBytes();
            if (length + bytes > maxBytes) {
                finish();
                ctx.fireExceptionCaught(new ProtocolException(ErrorCode.REQUEST_TOO_LARGE,
                        "request exceeds " + maxBytes + " bytes"));
                return;
            }
            if (length + bytes > collected.length) {
                int grown = Math.max(length + bytes, Math.min(maxBytes, 2 * collected.length));
                collected = Arrays.copyOf(collected, grown);
            }
            buf.readBytes(collected, length, bytes);
            length += bytes;
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE && !finished) {
            byte[] request = length == collected.length ? collected : Arrays.copyOf(collected, length);
            finish();
            dispatcher.dispatch(ctx, request);
        }
        super.userEventTriggered(ctx, evt);
    }

    private void expire(ChannelHandlerContext ctx) {
        if (!finished) {
            finish();
            ctx.fireExceptionCaught(new ProtocolException(ErrorCode.REQUEST_TIMEOUT,
                    "request not finished (FIN) within " + deadline.toMillis() + " ms"));
        }
    }

    private void finish() {
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        collected = NONE;
        length = 0;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finish();
        super.channelInactive(ctx);
    }
}
