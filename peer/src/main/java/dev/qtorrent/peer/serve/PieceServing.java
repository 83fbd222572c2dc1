package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.BitfieldRequest;
import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.HaveRequest;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.MetainfoResponse;
import dev.qtorrent.common.message.PieceRequest;
import dev.qtorrent.common.message.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Consumer;

/**
 * Answers piece, metainfo, bitfield and have requests from a {@link PieceSource}: what every node serves. The metainfo
 * of every torrent the source knows is served; a piece only when the source holds it ({@code piece_not_available}
 * otherwise, after the index is checked against the torrent) and an upload slot is free ({@code busy} otherwise).
 */
final class PieceServing {
    /** The most piece bytes an upload limit lets go at once after a pause. */
    static final int RATE_BURST_BYTES = 128 * 1024;

    private final MessageCodec codec;
    private final PieceSource source;
    private final String role;
    private final Executor disk;
    private final ServerLimits limits;
    private final LongAccumulator peakInFlight;
    private final UploadSlots slots;
    private final UploadRate rate;
    private final Duration stallTimeout;
    private final OneCopyAtATime copies;
    private final ServerObserver observer;

    /** @param role what this node is, for the refusal of an unknown torrent: "tracker" */
    /** @param stallTimeout how long a piece may wait for QUIC to take a chunk before it is reset */
    PieceServing(MessageCodec codec, PieceSource source, String role, Executor disk, ServerLimits limits,
                 LongAccumulator peakInFlight, Duration stallTimeout, ServerObserver observer) {
        this.stallTimeout = stallTimeout;
        this.observer = observer;
        this.codec = codec;
        this.source = source;
        this.role = role;
        this.disk = disk;
        this.limits = limits;
        this.peakInFlight = peakInFlight;
        this.slots = new UploadSlots(limits);
        this.rate = UploadRate.of(limits.maxUploadRate(), RATE_BURST_BYTES);
        this.copies = new OneCopyAtATime(source, System::nanoTime);
    }

    /** Adds this node's piece and metainfo handlers to {@code handlers}. */
    RequestHandlers register(RequestHandlers handlers) {
        return handlers.on(PieceRequest.class, this::piece).on(MetainfoRequest.class, this::metainfo)
                .on(BitfieldRequest.class, this::bitfield).on(HaveRequest.class, this::have);
    }

    private void piece(ChannelHandlerContext ctx, PieceRequest piece) {
        admitted(ctx, piece.infoHash(), torrent -> piece(ctx, piece, torrent));
    }

    private void piece(ChannelHandlerContext ctx, PieceRequest piece, ServedTorrent torrent) {
        int count = torrent.layout().pieceCount();
        if (piece.index() >= count) {
            throw new ProtocolException(ErrorCode.PIECE_OUT_OF_RANGE, count == 0
                    ? "piece " + piece.index() + " is out of range: the torrent has no pieces (it is empty)"
                    : count == 1 ? "piece " + piece.index() + " is out of range: the torrent has 1 piece (0)"
                    : "piece " + piece.index() + " is out of range: the torrent has " + count + " pieces (0-"
                            + (count - 1) + ")");
        }
        String unavailable = torrent.unavailable(piece.index()).orElse(null);
        if (unavailable != null) {
            throw new ProtocolException(ErrorCode.PIECE_NOT_AVAILABLE, "piece " + piece.index()
                    + " is not available here: " + unavailable);
        }
        copies.check(piece.infoHash(), piece.index(), ctx.channel());
        slots.acquire(ctx.channel());
        torrent.pieceServed(piece.index());
        PieceSender sender = new PieceSender(codec, torrent, piece.index(), disk,
                InFlightBudget.of(ctx.channel(), limits.pieceBytesInFlight(), peakInFlight), rate, stallTimeout,
                observer);
        OneCopyAtATime.Copy copy = copies.sending(piece.infoHash(), piece.index(), ctx.channel());
        if (copy != null) {
            ctx.channel().closeFuture().addListener(f -> copies.ended(copy, sender.sentWhole()));
        }
        ctx.pipeline().addBefore(ctx.name(), null, sender);
        sender.start();
    }

    private void metainfo(ChannelHandlerContext ctx, MetainfoRequest metainfo) {
        admitted(ctx, metainfo.infoHash(), torrent -> metainfo(ctx, metainfo, torrent));
    }

    private void metainfo(ChannelHandlerContext ctx, MetainfoRequest metainfo, ServedTorrent torrent) {
        // The info dictionary's bytes exactly as in the torrent: the client checks their SHA-1 against the hash.
        byte[] info = torrent.infoBytes();
        byte[] header = codec.encodeResponseHeader(new MetainfoResponse(metainfo.infoHash(), info.length));
        ByteBuf buf = ctx.alloc().directBuffer(header.length + info.length).writeBytes(header).writeBytes(info);
        StreamOutput.write(ctx, buf, true);
    }

    private void bitfield(ChannelHandlerContext ctx, BitfieldRequest request) {
        admitted(ctx, request.infoHash(), torrent -> {
            BitfieldResponse answer = BitfieldResponse.of(request.infoHash(), torrent.layout().pieceCount(),
                    torrent.held());
            byte[] header = codec.encodeResponseHeader(answer);
            StreamOutput.write(ctx, ctx.alloc().directBuffer(header.length).writeBytes(header), true);
        });
    }

    private void have(ChannelHandlerContext ctx, HaveRequest request) {
        admitted(ctx, request.infoHash(), torrent -> {
            SubscriptionLimit.Slot slot = HaveSubscription.LIMIT.take(ctx.channel());
            new HaveSubscription(codec, torrent).start(ctx, slot);
        });
    }

    /** Pieces being sent now over all connections. */
    int uploadsInProgress() {
        return slots.inUse();
    }

    /**
     * Runs {@code then} with the torrent once the source admits the asker: at once when the source decides at once,
     * else later on the stream's event loop, which meanwhile serves other streams. A refusal, then or later, goes to
     * the stream's error tail as a throw from the handler would.
     */
    private void admitted(ChannelHandlerContext ctx, String infoHash, Consumer<ServedTorrent> then) {
        CompletableFuture<Optional<? extends ServedTorrent>> decision =
                source.admit(infoHash, ctx.channel()).toCompletableFuture();
        if (decision.isDone()) {
            then.accept(require(infoHash, decided(decision)));
            return;
        }
        decision.whenComplete((torrent, failure) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return; // The asker reset the stream or left while the source decided: nobody to answer.
            }
            try {
                if (failure != null) {
                    throw failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                }
                then.accept(require(infoHash, torrent));
            } catch (Throwable refusal) {
                ctx.fireExceptionCaught(refusal);
            }
        }));
    }

    private static Optional<? extends ServedTorrent> decided(
            CompletableFuture<Optional<? extends ServedTorrent>> decision) {
        try {
            return decision.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException refusal ? refusal : e;
        }
    }

    private ServedTorrent require(String infoHash, Optional<? extends ServedTorrent> torrent) {
        return torrent.orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_INFO_HASH,
                "no torrent with info_hash " + infoHash + " on this " + role));
    }
}
