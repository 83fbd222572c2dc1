package dev.qtorrent.peer.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * Receives a piece answer in tests, counting its bytes; optionally cancels it with STOP_SENDING once
 * {@code cancelAfter} bytes have arrived, as a downloader drops the loser of an endgame race.
 */
final class PieceReader extends ChannelInboundHandlerAdapter {
    /** The application error code a test cancels with. */
    static final int CANCEL_CODE = 7;

    private final long cancelAfter;
    private long received;
    /** Completes with the bytes received when the piece is cancelled, or when the stream ends otherwise. */
    final CompletableFuture<Long> done = new CompletableFuture<>();

    PieceReader(long cancelAfter) {
        this.cancelAfter = cancelAfter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf && !done.isDone()) {
                received += buf.readableBytes();
                if (received >= cancelAfter) {
                    QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
                    // Cancelled from outside this read, as a downloader's own logic would.
                    ctx.executor().execute(() -> stream.shutdownInput(CANCEL_CODE));
                    done.complete(received);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
            done.complete(received);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
    }
}
