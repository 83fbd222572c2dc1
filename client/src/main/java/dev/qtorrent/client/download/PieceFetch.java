package dev.qtorrent.client.download;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.MalformedAnswerException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.ResponseHeaderReader;
import dev.qtorrent.common.quic.StreamReset;
import dev.qtorrent.common.runtime.PieceDigest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Receives one piece on its own stream: parses the JSON header line, then collects the bytes in blocks that the disk
 * writer hashes (so nothing is read back from disk) and writes, off the event loop. Packets arrive one read each; once
 * the header is parsed, the stream reads straight into the block being filled (see {@link BlockAllocator}), so a
 * packet's bytes are copied once, by quiche, and a block becomes one disk write. The outcome is reported exactly
 * once: from the event loop when the stream fails, from the disk thread once the complete piece is checked.
 */
final class PieceFetch extends ChannelInboundHandlerAdapter implements NodeConnection.StreamFailureListener {
    /** How a fetch ended. */
    enum Kind {
        /** Verified and handed to the disk writer. */
        DONE,
        /** The bytes were wrong: bad hash, wrong length, a malformed answer. Counts against the piece. */
        CORRUPT,
        /** No data for the stall timeout: the connection may be dead. */
        STALLED,
        /** The stream closed, was reset, or could not be opened. */
        STREAM,
        /** The node's upload slots are full: ask again after its retry-after. Does not count against the piece. */
        BUSY,
        /** The node refused with an error answer; asking it again will not help. */
        REFUSED,
        /** Verified, but another copy of the piece was verified first (the endgame): the bytes were redundant. */
        DUPLICATE,
        /** Cancelled by the download, which has the piece from elsewhere; the stream was reset. */
        CANCELLED
    }

    /**
     * How a fetch ended: {@code failure} is null when {@code kind} is {@link Kind#DONE}, {@link Kind#DUPLICATE} or
     * {@link Kind#CANCELLED}; {@code received} is how many piece bytes arrived.
     */
    record Outcome(int index, int attempt, DownloadException failure, Kind kind, long received) {
        Outcome(int index, int attempt, DownloadException failure, Kind kind) {
            this(index, attempt, failure, kind, 0);
        }
    }

    private final String infoHash;
    private final int index;
    private final int attempt;
    private final long offset;
    private final long size;
    private final byte[] expectedHash;
    private final Duration stallTimeout;
    private final DiskWriter writer;
    private final Consumer<Outcome> done;
    private final MessageDigest sha1;
    private final String sender;
    /** Where a second copy's blocks wait for its check (see {@link DiskWriter#write}); null for a first copy. */
    private final List<DiskWriter.HeldBlock> held;
    private volatile ChannelHandlerContext context;
    private volatile boolean cancelled;

    private final ResponseHeaderReader header;
    private boolean headerDone;
    private long received;
    /**
     * The block being filled and a buffer viewing it, whose writer index is how far it is filled; null between blocks.
     * {@code handedOver} bytes are already with the writer.
     */
    private ByteBuffer block;
    private ByteBuf view;
    private long handedOver;
    private boolean reported;
    /** Reading stopped until the disk writer's backlog drains. */
    private boolean paused;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> stallCheck;

    /**
     * @param sender    who sends the piece, for messages: "the tracker", "peer … at …"
     * @param duplicate whether another source may be sending the same piece, so that this copy is written only once
     *                  verified
     */
    PieceFetch(MessageCodec codec, String infoHash, int index, int attempt, long offset, long size,
               byte[] expectedHash, int maxHeaderBytes, Duration stallTimeout, DiskWriter writer,
               Consumer<Outcome> done) {
        this(codec, infoHash, index, attempt, offset, size, expectedHash, maxHeaderBytes, stallTimeout, writer, done,
                "the tracker", false);
    }

    PieceFetch(MessageCodec codec, String infoHash, int index, int attempt, long offset, long size,
               byte[] expectedHash, int maxHeaderBytes, Duration stallTimeout, DiskWriter writer,
               Consumer<Outcome> done, String sender, boolean duplicate) {
        this.sender = sender;
        this.held = duplicate ? new ArrayList<>() : null;
        this.infoHash = infoHash;
        this.index = index;
        this.attempt = attempt;
        this.offset = offset;
        this.size = size;
        this.expectedHash = expectedHash;
        this.header = new ResponseHeaderReader(codec, maxHeaderBytes, sender);
        this.stallTimeout = stallTimeout;
        this.writer = writer;
        this.done = done;
        this.sha1 = PieceDigest.sha1();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        if (cancelled) {
            cancelNow(ctx);
            return;
        }
        ctx.channel().config().setAllocator(new BlockAllocator(ctx.alloc(), this::receiveView));
        long periodMillis = Math.max(100, stallTimeout.toMillis() / 4);
        stallCheck = ctx.executor().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastActivity > stallTimeout.toNanos()) {
                fail(ctx, new DownloadException("piece " + index + ": no data for " + stallTimeout.toSeconds()
                        + " s"), Kind.STALLED);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || reported) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastActivity = System.nanoTime();
        if (!headerDone && !readHeader(ctx, buf) || !buf.isReadable()) {
            buf.release();
            return;
        }
        int length = buf.readableBytes();
        if (received + length > size) {
            buf.release();
            fail(ctx, new DownloadException("piece " + index + ": " + sender + " sent more than the "
                    + bytes(size) + " announced"), Kind.CORRUPT);
            return;
        }
        writer.received(length);
        received += length;
        if (buf == view) {
            // quiche wrote straight into the block: take the bytes, return the receive path's reference.
            view.readerIndex(view.writerIndex());
            view.release();
        } else {
            try {
                while (buf.isReadable()) {
                    ByteBuf target = blockView();
                    int take = Math.min(buf.readableBytes(), target.writableBytes());
                    target.writeBytes(buf, take);
                    target.readerIndex(target.writerIndex());
                    handOverIfFull();
                }
            } finally {
                buf.release();
            }
        }
        handOverIfFull();
        if (!paused && writer.pauseIfBacklogged(() -> ctx.executor().execute(() -> resume(ctx)))) {
            // Unread bytes stay with QUIC, whose flow control then holds the sender back.
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void resume(ChannelHandlerContext ctx) {
        paused = false;
        ctx.channel().config().setAutoRead(true);
    }

    /**
     * What the stream reads into next: the free end of the current block once the header is parsed, with a reference
     * for the receive path, which hands it back through {@link #channelRead} or releases it.
     */
    private ByteBuf receiveView() {
        if (!headerDone || reported || received == size) {
            return null;
        }
        return blockView().retain();
    }

    /** The view of the block being filled, starting a block when there is none. */
    private ByteBuf blockView() {
        if (view == null) {
            block = writer.takeBlock();
            block.limit((int) Math.min(block.capacity(), size - handedOver));
            view = Unpooled.wrappedBuffer(block).clear();
        }
        return view;
    }

    /** Passes a full block (and its ownership) to the writer. */
    private void handOverIfFull() {
        if (view == null || view.isWritable()) {
            return;
        }
        int bytes = view.writerIndex();
        view.release();
        view = null;
        block.position(0).limit(bytes);
        writer.write(index, offset + handedOver, block, sha1, held);
        handedOver += bytes;
        block = null;
    }

    /** Consumes header bytes from {@code buf}; true once the header is parsed and valid. */
    private boolean readHeader(ChannelHandlerContext ctx, ByteBuf buf) {
        Response response;
        try {
            response = header.read(buf);
        } catch (MalformedAnswerException e) {
            fail(ctx, new DownloadException("piece " + index + ": " + e.getMessage()), Kind.CORRUPT);
            return false;
        }
        if (response == null) {
            return false;
        }
        headerDone = true;
        if (response instanceof ErrorResponse error) {
            fail(ctx, new RemoteErrorException(error, sender), error.errorCode() == ErrorCode.BUSY ? Kind.BUSY : Kind.REFUSED);
            return false;
        }
        if (!(response instanceof PieceResponse piece) || !piece.infoHash().equals(infoHash)
                || piece.index() != index || piece.length() != size) {
            fail(ctx, new DownloadException("piece " + index + ": " + sender + " answered with " + response
                    + " instead of " + bytes(size) + " of piece " + index), Kind.CORRUPT);
            return false;
        }
        return true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownReadComplete.INSTANCE && !reported) {
            if (!headerDone) {
                fail(ctx, new DownloadException("piece " + index + ": the stream ended before the answer header"),
                        Kind.CORRUPT);
            } else if (received != size) {
                fail(ctx, new DownloadException("piece " + index + ": got " + received + " of " + bytes(size)),
                        Kind.CORRUPT);
            } else {
                // Every byte is here and with the writer; from now on only the disk thread's check reports.
                reported = true;
                writer.verify(index, sha1, expectedHash, held, verdict -> done.accept(switch (verdict) {
                    case GOOD -> new Outcome(index, attempt, null, Kind.DONE, received);
                    case ALREADY -> new Outcome(index, attempt, null, Kind.DUPLICATE, received);
                    case BAD -> new Outcome(index, attempt, new DownloadException("piece " + index + " from "
                            + sender + ": SHA-1 does not match the torrent"), Kind.CORRUPT, received);
                }));
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Every fetch's stream closes; only one that has not ended yet failed (and an exception is not cheap).
        if (!reported) {
            fail(ctx, new DownloadException("piece " + index + ": the stream closed after " + received + " of "
                    + bytes(size)), Kind.STREAM);
        }
        cleanup();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new DownloadException("piece " + index + " from " + sender + ": " + cause, cause), Kind.STREAM);
    }

    @Override
    public void streamFailed(Throwable cause) {
        report(new Outcome(index, attempt, new DownloadException("piece " + index + ": cannot open a stream: "
                + cause.getMessage(), cause), Kind.STREAM));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanup();
    }

    /**
     * Stops the fetch from any thread: the stream is reset so the sender stops at once, and the outcome is
     * {@link Kind#CANCELLED} unless the fetch had already ended.
     */
    void cancel() {
        cancelled = true;
        ChannelHandlerContext ctx = context;
        if (ctx != null) {
            ctx.executor().execute(() -> cancelNow(ctx));
        }
    }

    private void cancelNow(ChannelHandlerContext ctx) {
        if (report(new Outcome(index, attempt, null, Kind.CANCELLED, received))) {
            StreamReset.abandon(ctx.channel());
        }
    }

    private void cleanup() {
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        if (view != null) {
            // A receive still in flight holds its own reference; the block is not reused while it might be written.
            view.release();
            view = null;
            block = null;
        }
        header.release();
    }

    private void fail(ChannelHandlerContext ctx, DownloadException failure, Kind kind) {
        if (report(new Outcome(index, attempt, failure, kind, received))) {
            // The tracker may still be sending: reset the stream so that it stops and the stream's credit returns.
            StreamReset.abandon(ctx.channel());
        }
    }

    private boolean report(Outcome outcome) {
        if (reported) {
            return false;
        }
        reported = true;
        if (held != null) {
            // A held copy that will not be checked gives its blocks back once the disk thread has queued them all.
            writer.afterQueuedWrites(() -> writer.release(held));
        }
        done.accept(outcome);
        return true;
    }

    private static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }
}
