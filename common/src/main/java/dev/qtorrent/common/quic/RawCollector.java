package dev.qtorrent.common.quic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Collects every byte of a response until FIN, up to a bound. */
final class RawCollector extends ChannelInboundHandlerAdapter implements NodeConnection.StreamFailureListener {
    private final int maxBytes;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    RawCollector(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    CompletableFuture<byte[]> result() {
        return result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf && !result.isDone()) {
                if (received.size() + buf.readableBytes() > maxBytes) {
                    result.completeExceptionally(new IOException("response larger than " + maxBytes + " bytes"));
                    StreamReset.abandon(ctx.channel());
                    return;
                }
                buf.readBytes(received, buf.readableBytes());
            }
        } catch (IOException e) {
            result.completeExceptionally(e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            result.complete(received.toByteArray());
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        result.completeExceptionally(new IOException("stream closed without FIN after " + received.size()
                + " bytes"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(cause);
        StreamReset.abandon(ctx.channel());
    }

    @Override
    public void streamFailed(Throwable cause) {
        result.completeExceptionally(cause);
    }
}
