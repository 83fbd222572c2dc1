package dev.qtorrent.common.quic;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a response: one JSON header line, then at most {@code maxPayloadBytes} more bytes, then FIN. Control
 * answers (announce, errors) carry no payload, so for them any byte after the header fails the exchange.
 */
final class ResponseCollector extends ChannelInboundHandlerAdapter implements TrackerConnection.StreamFailureListener {
    private final MessageCodec codec;
    private final int maxHeaderBytes;
    private final int maxPayloadBytes;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Answer> result = new CompletableFuture<>();

    ResponseCollector(MessageCodec codec, int maxHeaderBytes, int maxPayloadBytes) {
        this.codec = codec;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    CompletableFuture<Answer> result() {
        return result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!result.isDone() && msg instanceof ByteBuf buf) {
                if ((long) received.size() + buf.readableBytes() > (long) maxHeaderBytes + 1 + maxPayloadBytes) {
                    fail(ctx, new MalformedAnswerException("the tracker's answer is larger than "
                            + ((long) maxHeaderBytes + 1 + maxPayloadBytes) + " bytes"));
                    return;
                }
                buf.readBytes(received, buf.readableBytes());
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
            byte[] bytes = received.toByteArray();
            int end = indexOf(bytes, MessageCodec.HEADER_END);
            if (bytes.length == 0) {
                fail(ctx, new IOException("the stream closed before the tracker answered"));
            } else if (end < 0) {
                fail(ctx, new MalformedAnswerException("the tracker's answer has no header line (" + bytes.length
                        + (bytes.length == 1 ? " byte)" : " bytes)")));
            } else if (end > maxHeaderBytes || bytes.length - end - 1 > maxPayloadBytes) {
                fail(ctx, new MalformedAnswerException("unexpected bytes after the tracker's answer"));
            } else {
                try {
                    Response header = codec.decodeResponseHeader(Arrays.copyOf(bytes, end));
                    result.complete(new Answer(header, Arrays.copyOfRange(bytes, end + 1, bytes.length)));
                } catch (ProtocolException e) {
                    fail(ctx, new MalformedAnswerException("invalid answer from the tracker: " + e.getMessage(), e));
                }
            }
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        result.completeExceptionally(new IOException("the stream closed before the tracker answered"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    @Override
    public void streamFailed(Throwable cause) {
        result.completeExceptionally(cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        result.completeExceptionally(cause);
        StreamReset.abandon(ctx.channel());
    }

    static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
