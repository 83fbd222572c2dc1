package dev.qtorrent.client.download;

import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.PieceResponse;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.quic.TrackerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Receives one piece on its own stream: parses the JSON header line, hashes the bytes as they arrive (so nothing is
 * read back from disk) and hands them to the disk writer. The outcome is reported exactly once.
 */
final class PieceFetch extends ChannelInboundHandlerAdapter implements TrackerConnection.StreamFailureListener {
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
        /** The tracker refused with an error answer; asking again will not help. */
        REFUSED
    }

    /** How a fetch ended: {@code failure} is null when {@code kind} is {@link Kind#DONE}. */
    record Outcome(int index, int attempt, DownloadException failure, Kind kind) {
    }

    private final MessageCodec codec;
    private final String infoHash;
    private final int index;
    private final int attempt;
    private final long offset;
    private final long size;
    private final byte[] expectedHash;
    private final int maxHeaderBytes;
    private final Duration stallTimeout;
    private final DiskWriter writer;
    private final Consumer<Outcome> done;
    private final MessageDigest sha1;

    private ByteBuf header;
    private boolean headerDone;
    private long received;
    private boolean reported;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> stallCheck;

    PieceFetch(MessageCodec codec, String infoHash, int index, int attempt, long offset, long size,
               byte[] expectedHash, int maxHeaderBytes, Duration stallTimeout, DiskWriter writer,
               Consumer<Outcome> done) {
        this.codec = codec;
        this.infoHash = infoHash;
        this.index = index;
        this.attempt = attempt;
        this.offset = offset;
        this.size = size;
        this.expectedHash = expectedHash;
        this.maxHeaderBytes = maxHeaderBytes;
        this.stallTimeout = stallTimeout;
        this.writer = writer;
        this.done = done;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        header = ctx.alloc().heapBuffer(256);
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
        try {
            if (!headerDone && !readHeader(ctx, buf)) {
                return;
            }
            int length = buf.readableBytes();
            if (length == 0) {
                return;
            }
            if (received + length > size) {
                fail(ctx, new DownloadException("piece " + index + ": the tracker sent more than the "
                        + size + " bytes announced"), Kind.CORRUPT);
                return;
            }
            ByteBuf data = buf.readRetainedSlice(length);
            for (java.nio.ByteBuffer part : data.nioBuffers()) {
                sha1.update(part);
            }
            writer.write(offset + received, data);
            received += length;
            writer.pauseIfBacklogged(ctx.channel());
        } finally {
            buf.release();
        }
    }

    /** Consumes header bytes from {@code buf}; true once the header is parsed and valid. */
    private boolean readHeader(ChannelHandlerContext ctx, ByteBuf buf) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), MessageCodec.HEADER_END);
        int take = end < 0 ? buf.readableBytes() : end - buf.readerIndex();
        if (header.readableBytes() + take > maxHeaderBytes) {
            fail(ctx, new DownloadException("piece " + index + ": the tracker's answer header exceeds "
                    + maxHeaderBytes + " bytes"), Kind.CORRUPT);
            return false;
        }
        header.writeBytes(buf, take);
        if (end < 0) {
            return false;
        }
        buf.skipBytes(1);
        headerDone = true;
        Response response;
        try {
            response = codec.decodeResponseHeader(ByteBufUtil.getBytes(header));
        } catch (ProtocolException e) {
            fail(ctx, new DownloadException("piece " + index + ": invalid answer from the tracker: "
                    + e.getMessage()), Kind.CORRUPT);
            return false;
        } finally {
            header.release();
            header = null;
        }
        if (response instanceof ErrorResponse error) {
            fail(ctx, new RemoteErrorException(error), Kind.REFUSED);
            return false;
        }
        if (!(response instanceof PieceResponse piece) || !piece.infoHash().equals(infoHash)
                || piece.index() != index || piece.length() != size) {
            fail(ctx, new DownloadException("piece " + index + ": the tracker answered with " + response
                    + " instead of " + size + " bytes of piece " + index), Kind.CORRUPT);
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
                fail(ctx, new DownloadException("piece " + index + ": got " + received + " of " + size
                        + " bytes"), Kind.CORRUPT);
            } else if (!MessageDigest.isEqual(sha1.digest(), expectedHash)) {
                fail(ctx, new DownloadException("piece " + index + ": SHA-1 does not match the torrent"), Kind.CORRUPT);
            } else {
                report(new Outcome(index, attempt, null, Kind.DONE));
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, new DownloadException("piece " + index + ": the stream closed after " + received + " of " + size
                + " bytes"), Kind.STREAM);
        cleanup();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new DownloadException("piece " + index + ": " + cause, cause), Kind.STREAM);
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

    private void cleanup() {
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        if (header != null) {
            header.release();
            header = null;
        }
    }

    private void fail(ChannelHandlerContext ctx, DownloadException failure, Kind kind) {
        if (report(new Outcome(index, attempt, failure, kind))) {
            ctx.close();
        }
    }

    private boolean report(Outcome outcome) {
        if (reported) {
            return false;
        }
        reported = true;
        done.accept(outcome);
        return true;
    }
}
