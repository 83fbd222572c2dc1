package dev.qtorrent.common.quic;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The receiving end of a subscription (have, watch) in tests: decodes each newline-ended JSON line as it arrives, and says how
 * the stream ended (FIN, or a reset with its cause).
 */
public final class LineReader extends ChannelInboundHandlerAdapter {
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<Response> lines = new LinkedBlockingQueue<>();
    private final ByteBuf partial = Unpooled.buffer();
    /** Completes with null on FIN, or with the failure that ended the stream. */
    public final CompletableFuture<Throwable> ended = new CompletableFuture<>();

    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts reading a stream whose auto-read was turned off. */
    public void resume() {
        ctx.executor().execute(() -> {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf) {
                partial.writeBytes(buf);
                int end;
                while ((end = partial.indexOf(partial.readerIndex(), partial.writerIndex(),
                        MessageCodec.HEADER_END)) >= 0) {
                    byte[] line = new byte[end - partial.readerIndex()];
                    partial.readBytes(line);
                    partial.skipBytes(1);
                    lines.add(codec.decodeResponseHeader(line));
                }
                partial.discardReadBytes();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            ended.complete(partial.isReadable() ? new AssertionError("bytes after the last line") : null);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ended.complete(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ended.complete(new AssertionError("stream closed without FIN"));
        super.channelInactive(ctx);
    }

    /** The next line, waiting up to 10 s; null if none came. */
    public Response next() throws InterruptedException {
        return lines.poll(10, TimeUnit.SECONDS);
    }

    /** Lines received and not taken yet. */
    public int waiting() {
        return lines.size();
    }
}
