package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Collects a request's bytes until the client's FIN, which is the request's only framing, and then hands them to the
 * {@link RequestDispatcher}. Enforces the size limit as bytes arrive and a deadline for the whole request, so a client
 * that trickles bytes cannot hold a stream forever. One instance per stream; what it or the request's handler throws
 * goes on down the pipeline to the {@link ErrorResponder}.
 */
final class RequestAggregator extends ChannelInboundHandlerAdapter {
    private final int maxBytes;
    private final Duration deadline;
    private final RequestDispatcher dispatcher;
    private ByteBuf collected;
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
        collected = ctx.alloc().buffer(256);
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
            if (collected.readableBytes() + buf.readableBytes() > maxBytes) {
                finish();
                ctx.fireExceptionCaught(new ProtocolException(ErrorCode.REQUEST_TOO_LARGE,
                        "request exceeds " + maxBytes + " bytes"));
                return;
            }
            collected.writeBytes(buf);
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE && !finished) {
            ByteBuf request = collected;
            collected = null;
            finish();
            try {
                dispatcher.dispatch(ctx, request);
            } finally {
                request.release();
            }
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
        if (collected != null) {
            collected.release();
            collected = null;
        }
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
