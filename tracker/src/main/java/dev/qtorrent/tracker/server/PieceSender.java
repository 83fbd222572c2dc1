package dev.qtorrent.tracker.server;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.tracker.seed.SeededTorrent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Streams one piece: the JSON header, then the piece's bytes in chunks read from disk on the disk executor, never on
 * the event loop, which serves every connection on the socket. A chunk is read only while the stream is writable,
 * because Netty queues QUIC writes without a bound; at most one read is outstanding per stream.
 */
final class PieceSender extends ChannelInboundHandlerAdapter {
    static final int CHUNK_BYTES = 256 * 1024;

    private final MessageCodec codec;
    private final SeededTorrent torrent;
    private final int index;
    private final Executor disk;
    private final InFlightBudget budget;
    private ChannelHandlerContext ctx;
    private long offset;
    private long remaining;
    private boolean reading;
    private boolean stopped;

    PieceSender(MessageCodec codec, SeededTorrent torrent, int index, Executor disk, InFlightBudget budget) {
        this.codec = codec;
        this.torrent = torrent;
        this.index = index;
        this.disk = disk;
        this.budget = budget;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void start() {
        offset = torrent.layout().pieceOffset(index);
        remaining = torrent.layout().pieceSize(index);
        byte[] header = codec.encodeResponseHeader(
                new PieceResponse(torrent.infoHash().hex(), index, remaining));
        ByteBuf buf = ctx.alloc().directBuffer(header.length).writeBytes(header);
        StreamOutput.write(ctx, buf, remaining == 0);
        pump();
    }

    private void pump() {
        if (stopped || reading || remaining == 0 || !ctx.channel().isWritable()) {
            return;
        }
        int length = (int) Math.min(Math.min(CHUNK_BYTES, remaining), budget.limit());
        if (!budget.tryAcquire(length, this::pump)) {
            // The connection has enough piece bytes on their way; this stream continues when some are sent.
            return;
        }
        long position = offset;
        ByteBuf chunk = ctx.alloc().directBuffer(length);
        reading = true;
        try {
            disk.execute(() -> read(chunk, position, length));
        } catch (RejectedExecutionException e) {
            chunk.release();
            budget.release(length);
            fail(new IOException("tracker is shutting down"));
        }
    }

    private void read(ByteBuf chunk, long position, int length) {
        try {
            ByteBuffer target = chunk.nioBuffer(0, length);
            int start = target.position();
            while (target.hasRemaining()) {
                long at = position + (target.position() - start);
                if (torrent.store().read(at, target) <= 0) {
                    throw new IOException("unexpected end of " + torrent.name() + " at byte " + at
                            + ": was the file changed while seeding?");
                }
            }
            chunk.writerIndex(length);
            ctx.executor().execute(() -> sendChunk(chunk, length));
        } catch (IOException | RuntimeException e) {
            chunk.release();
            ctx.executor().execute(() -> {
                budget.release(length);
                fail(e);
            });
        }
    }

    private void sendChunk(ByteBuf chunk, int length) {
        reading = false;
        if (stopped || !ctx.channel().isActive()) {
            chunk.release();
            budget.release(length);
            return;
        }
        offset += length;
        remaining -= length;
        StreamOutput.write(ctx, chunk, remaining == 0).addListener(f -> budget.release(length));
        pump();
    }

    private void fail(Throwable cause) {
        reading = false;
        if (!stopped) {
            stopped = true;
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        pump();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopped = true;
        super.channelInactive(ctx);
    }
}
