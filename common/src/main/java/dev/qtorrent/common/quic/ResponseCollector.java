package dev.qtorrent.common.quic;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a response: one JSON header line, then at most {@code maxPayloadBytes} more bytes, then FIN. Control
 * answers (announce, errors) carry no payload, so for them any byte after the header fails the exchange.
 */
final class ResponseCollector extends ChannelInboundHandlerAdapter implements NodeConnection.StreamFailureListener {
    private final ResponseHeaderReader header;
    private final String sender;
    private final long maxBytes;
    private final int maxPayloadBytes;
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private long received;

    ResponseCollector(MessageCodec codec, int maxHeaderBytes, int maxPayloadBytes, String sender) {
        this.header = new ResponseHeaderReader(codec, maxHeaderBytes, sender);
        this.sender = sender;
        this.maxBytes = (long) maxHeaderBytes + 1 + maxPayloadBytes;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    CompletableFuture<Answer> result() {
        return result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!result.isDone() && msg instanceof ByteBuf buf) {
                received += buf.readableBytes();
                if (header.response() == null && header.read(buf) == null) {
                    return;
                }
                if (received > maxBytes || payload.size() + buf.readableBytes() > maxPayloadBytes) {
                    fail(ctx, new MalformedAnswerException(sender + "'s answer is larger than " + maxBytes
                            + " bytes"));
                    return;
                }
                buf.readBytes(payload, buf.readableBytes());
            }
        } catch (IOException e) {
            fail(ctx, e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE && !result.isDone()) {
            Response response = header.response();
            if (received == 0) {
                fail(ctx, new IOException("the stream closed before " + sender + " answered"));
            } else if (response == null) {
                fail(ctx, new MalformedAnswerException(sender + "'s answer has no header line (" + received
                        + (received == 1 ? " byte)" : " bytes)")));
            } else {
                result.complete(new Answer(response, payload.toByteArray()));
            }
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        result.completeExceptionally(new IOException("the stream closed before " + sender + " answered"));
        header.release();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    @Override
    public void streamFailed(Throwable cause) {
        result.completeExceptionally(cause);
        header.release();
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(cause);
        header.release();
        StreamReset.abandon(ctx.channel());
    }
}
