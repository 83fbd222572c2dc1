package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamPriority;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * Streams one piece: the JSON header, then the piece's bytes in chunks read from disk on the disk executor, never on
 * the event loop, which serves every connection on the socket. Netty queues QUIC writes without a bound, so a chunk
 * is written only once QUIC has taken all of the one before; the next chunk is read ahead as soon as one is written,
 * so that it is ready when QUIC takes more. A stream thus holds at most one chunk in QUIC's queue and one read ahead,
 * and every chunk counts against the connection's {@link InFlightBudget} from its read until QUIC has taken all of it.
 * Under a node's {@link UploadRate} limit a chunk is handed to QUIC in the parts the rate grants, one after the other.
 *
 * <p>Keeping a chunk in QUIC's queue while the stream is blocked is also what makes a cancel visible: Netty 4.2.18
 * reports the receiver's STOP_SENDING only by failing queued writes, and says nothing about a stream with none. Even
 * a queued write is not always failed (when STOP_SENDING arrives while the stream still has flow-control credit,
 * QUIC may drop the stream without a word), so a chunk that QUIC has not taken within {@code stallTimeout} ends the
 * piece with a reset, as an idle connection would end.
 */
final class PieceSender extends ChannelInboundHandlerAdapter {
    /**
     * Each chunk costs a hand-over to a disk thread and back, each a thread wake-up: at 128 KiB they were about a tenth
     * of the tracker's CPU while serving a fast download (0.85 to 1.00 s per GiB against 0.95 to 1.09 s with 512 KiB
     * or 1 MiB chunks, paired runs). The connection's in-flight budget bounds the memory whatever the chunk size.
     */
    static final int CHUNK_BYTES = 512 * 1024;
    /**
     * Pieces are sent one after the other rather than interleaved packet by packet: each piece then arrives in long
     * contiguous runs, and pieces complete in the order they were asked for. Their urgency is the lowest, below the
     * other answers' ({@link StreamPipeline#ANSWER_PRIORITY}), so any other answer on the same connection goes first.
     */
    static final QuicStreamPriority PRIORITY = new QuicStreamPriority(127, false);

    private final MessageCodec codec;
    private final ServedTorrent torrent;
    private final int index;
    private final Executor disk;
    private final InFlightBudget budget;
    private final UploadRate rate;
    private final ServerObserver observer;
    /** The one callback this stream leaves with the upload rate, so that it can withdraw it. */
    private final IntConsumer rateGranted = this::rateGranted;
    private ChannelHandlerContext ctx;
    /** Torrent offset and length of what is still to be read from disk. */
    private long readOffset;
    private long toRead;
    /** Bytes still to be handed to QUIC. */
    private long toWrite;
    /** A chunk read ahead, waiting for the stream to become writable. */
    private ByteBuf ready;
    private boolean reading;
    private boolean waitingForBudget;
    private boolean waitingForRate;
    private boolean stopped;
    /** Whether the last bytes of the piece have been handed to QUIC, and whether the piece was given up. */
    private boolean lastWritten;
    private boolean givenUp;
    private final Duration stallTimeout;
    /** Knows whether a write is in QUIC's queue: the next one waits until QUIC has taken it. */
    private StallCheck stall;

    PieceSender(MessageCodec codec, ServedTorrent torrent, int index, Executor disk, InFlightBudget budget,
                UploadRate rate, Duration stallTimeout, ServerObserver observer) {
        this.rate = rate;
        this.observer = observer;
        this.stallTimeout = stallTimeout;
        this.codec = codec;
        this.torrent = torrent;
        this.index = index;
        this.disk = disk;
        this.budget = budget;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.stall = new StallCheck(ctx.executor(), stallTimeout, this::stalled);
    }

    void start() {
        readOffset = torrent.layout().pieceOffset(index);
        toRead = torrent.layout().pieceSize(index);
        toWrite = toRead;
        if (ctx.channel() instanceof QuicStreamChannel stream) {
            stream.updatePriority(PRIORITY);
        }
        byte[] header = codec.encodeResponseHeader(new PieceResponse(torrent.infoHash().hex(), index, toWrite));
        ByteBuf buf = ctx.alloc().directBuffer(header.length).writeBytes(header);
        StreamOutput.write(ctx, buf, toWrite == 0).addListener(f -> {
            if (!f.isSuccess()) {
                cancelled();
            }
        });
        readAhead();
    }

    /**
     * Writes as much of the chunk read ahead as QUIC takes now and the upload rate allows; then reads the next one.
     * Nothing waits in Netty's queue: QUIC takes what its congestion window and the receiver's credit allow, and the
     * rest of a piece would otherwise queue ahead of every other answer on the connection. On a slow link that queue
     * held seconds of piece bytes in front of announce answers and have lines, which QUIC's priorities never saw;
     * written this way, the other answers wait for one window at most. When QUIC has no room at all, one byte is
     * written and waits: a receiver's STOP_SENDING reaches the sender only through a write, and the stall check
     * watches it as any pending write.
     */
    private void pump() {
        if (stopped) {
            return;
        }
        if (ready != null && !stall.pending() && !waitingForRate) {
            long room = Math.max(1, ctx.channel().bytesBeforeUnwritable());
            int granted = rate.take((int) Math.min(ready.readableBytes(), room), ctx.executor(), rateGranted);
            if (granted == 0) {
                // The node has sent its share for now: the upload rate calls back when this stream may go on.
                waitingForRate = true;
            } else {
                write(granted);
            }
        }
        readAhead();
    }

    private void rateGranted(int granted) {
        waitingForRate = false;
        if (stopped || ready == null) {
            rate.refund(granted);
            return;
        }
        write(granted);
        readAhead();
    }

    /** Hands the next {@code length} bytes of the chunk read ahead to QUIC. */
    private void write(int length) {
        ByteBuf bytes;
        if (length >= ready.readableBytes()) {
            bytes = ready;
            ready = null;
        } else {
            bytes = ready.readRetainedSlice(length);
        }
        toWrite -= length;
        lastWritten = toWrite == 0;
        stall.written();
        StreamOutput.write(ctx, bytes, toWrite == 0).addListener(f -> {
            stall.taken();
            budget.release(length);
            if (!f.isSuccess()) {
                cancelled();
            } else {
                torrent.sent(length);
                observer.pieceBytesSent(length);
                if (lastWritten && !givenUp) {
                    observer.pieceSent();
                }
                pump();
            }
        });
    }

    /**
     * Whether every byte of the piece went to QUIC, which sends (and resends) them from there: false for a piece
     * cancelled, stalled or failed before.
     */
    boolean sentWhole() {
        return lastWritten && !givenUp;
    }

    private void readAhead() {
        if (stopped || reading || waitingForBudget || ready != null || toRead == 0) {
            return;
        }
        int length = (int) Math.min(Math.min(CHUNK_BYTES, toRead), budget.limit());
        if (!budget.tryAcquire(length, this::budgetFreed)) {
            // The connection has enough piece bytes on their way; this stream continues when some are sent.
            waitingForBudget = true;
            return;
        }
        long position = readOffset;
        readOffset += length;
        toRead -= length;
        ByteBuf chunk = ctx.alloc().directBuffer(length);
        reading = true;
        try {
            disk.execute(() -> read(chunk, position, length));
        } catch (RejectedExecutionException e) {
            chunk.release();
            budget.release(length);
            fail(new IOException("the server is shutting down"));
        }
    }

    private void budgetFreed() {
        waitingForBudget = false;
        readAhead();
    }

    /** On a disk thread: fills {@code chunk}, then hands it back to the event loop. */
    private void read(ByteBuf chunk, long position, int length) {
        try {
            ByteBuffer target = chunk.nioBuffer(0, length);
            int start = target.position();
            while (target.hasRemaining()) {
                long at = position + (target.position() - start);
                if (torrent.read(at, target) <= 0) {
                    throw new IOException("unexpected end of " + torrent.name() + " at byte " + at
                            + ": was the file changed while seeding?");
                }
            }
            chunk.writerIndex(length);
            ctx.executor().execute(() -> chunkRead(chunk));
        } catch (IOException | RuntimeException e) {
            chunk.release();
            ctx.executor().execute(() -> {
                budget.release(length);
                fail(e);
            });
        }
    }

    private void chunkRead(ByteBuf chunk) {
        reading = false;
        if (stopped || !ctx.channel().isActive()) {
            budget.release(chunk.readableBytes());
            chunk.release();
            return;
        }
        ready = chunk;
        pump();
    }

    /**
     * A write failed: the receiver cancelled the piece with STOP_SENDING, or the stream is gone. QUIC (Netty 4.2.18)
     * reports STOP_SENDING only through the next write on the stream, so this is where a cancelled piece stops: no
     * more reads from disk, the chunk read ahead is dropped and its budget given back, and the stream is closed.
     */
    private void cancelled() {
        if (!stopped) {
            stop();
            ctx.close();
        }
    }

    /** QUIC has taken nothing of the pending chunk for the stall timeout: give up the piece. */
    private void stalled() {
        if (!stopped) {
            stop();
            if (ctx.channel() instanceof QuicStreamChannel stream) {
                stream.shutdownOutput(ErrorResponder.STREAM_ERROR_CODE);
            }
            ctx.close();
        }
    }

    private void fail(Throwable cause) {
        reading = false;
        if (!stopped) {
            stop();
            ctx.fireExceptionCaught(cause);
        }
    }

    private void stop() {
        givenUp |= !lastWritten;
        stopped = true;
        if (waitingForRate) {
            waitingForRate = false;
            rate.withdraw(rateGranted);
        }
        stall.cancel();
        if (ready != null) {
            budget.release(ready.readableBytes());
            ready.release();
            ready = null;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        pump();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }
}
