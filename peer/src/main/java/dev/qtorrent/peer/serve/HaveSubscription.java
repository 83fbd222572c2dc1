package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.BitfieldResponse;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.HaveResponse;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One have subscription: the torrent's bitfield as the first line, then a {@link HaveResponse} line for each piece
 * verified afterwards, and FIN once every piece is held. It subscribes to the torrent's {@link PieceEvents} before it
 * takes the bitfield, so no piece falls between the two; a piece that is in both is not repeated. A torrent without
 * events never changes, so its subscription is the bitfield and FIN.
 *
 * <p>Netty queues QUIC writes without a bound, so a line is written only while the stream is writable and otherwise
 * waits in a queue of at most {@value #MAX_QUEUED_LINES} lines; a reader that lets it overflow has its stream reset
 * with {@link #OVERFLOW_ERROR_CODE} and subscribes again for a fresh bitfield. A failed write (the subscriber sent
 * STOP_SENDING) ends the subscription.
 */
final class HaveSubscription extends ChannelInboundHandlerAdapter {
    /** Subscriptions open at once on one connection; one more is refused with {@code too_many_subscriptions}. */
    static final int MAX_PER_CONNECTION = 16;
    /** Lines waiting for a stream that QUIC takes no more of, before the subscription is reset. */
    static final int MAX_QUEUED_LINES = 1024;
    /** Application error code of the RESET_STREAM that ends a subscription whose reader fell behind. */
    static final int OVERFLOW_ERROR_CODE = 2;
    private static final AttributeKey<AtomicInteger> KEY = AttributeKey.valueOf(HaveSubscription.class, "count");

    private record Line(ByteBuf bytes, boolean fin) {
    }

    private final MessageCodec codec;
    private final ServedTorrent torrent;
    private final String hash;
    private final Queue<Line> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private AtomicInteger perConnection;
    private PieceEvents.Subscription subscription;
    private BitSet known;
    private boolean ended;

    HaveSubscription(MessageCodec codec, ServedTorrent torrent) {
        this.codec = codec;
        this.torrent = torrent;
        this.hash = torrent.infoHash().hex();
    }

    /**
     * Counts this subscription against its connection's limit.
     *
     * @throws ProtocolException {@code too_many_subscriptions} when the connection has its limit already
     */
    static AtomicInteger admit(Channel stream) {
        Channel connection = stream.parent() != null ? stream.parent() : stream;
        connection.attr(KEY).setIfAbsent(new AtomicInteger());
        AtomicInteger count = connection.attr(KEY).get();
        if (count.get() >= MAX_PER_CONNECTION) {
            throw new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "this connection has "
                    + MAX_PER_CONNECTION + " have subscriptions open, the most a node allows");
        }
        count.incrementAndGet();
        return count;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Sends the bitfield and, if the torrent's pieces can still change, listens for more. */
    void start(AtomicInteger perConnection) {
        this.perConnection = perConnection;
        ctx.channel().closeFuture().addListener(f -> end());
        Optional<PieceEvents> events = torrent.events();
        events.ifPresent(e -> subscription = e.subscribe(this::heard));
        known = torrent.held();
        int pieces = torrent.layout().pieceCount();
        boolean complete = subscription == null || known.cardinality() >= pieces;
        send(BitfieldResponse.of(hash, pieces, known), complete);
    }

    /** On the publisher's thread: hands the event to the stream's event loop, where all other state lives. */
    private void heard(int index) {
        try {
            ctx.executor().execute(() -> verified(index));
        } catch (RejectedExecutionException e) {
            // The server is closing: its connections, and this subscription, end with it.
        }
    }

    private void verified(int index) {
        int pieces = torrent.layout().pieceCount();
        if (ended || index >= pieces || known.get(index)) {
            return;
        }
        known.set(index);
        send(new HaveResponse(hash, index), known.cardinality() >= pieces);
    }

    private void send(Response response, boolean fin) {
        if (fin) {
            unsubscribe();
        }
        byte[] line = codec.encodeResponseHeader(response);
        queued.add(new Line(ctx.alloc().directBuffer(line.length).writeBytes(line), fin));
        if (queued.size() > MAX_QUEUED_LINES) {
            overflow();
            return;
        }
        drain();
    }

    private void drain() {
        while (!queued.isEmpty() && ctx.channel().isWritable() && !ended) {
            Line line = queued.poll();
            ChannelFuture written = StreamOutput.write(ctx, line.bytes(), line.fin());
            written.addListener(f -> {
                if (!f.isSuccess()) {
                    // The subscriber cancelled (STOP_SENDING) or the stream is gone: nobody reads any more lines.
                    end();
                    ctx.close();
                }
            });
            if (line.fin()) {
                end();
            }
        }
    }

    private void overflow() {
        end();
        if (ctx.channel() instanceof QuicStreamChannel stream) {
            stream.shutdownOutput(OVERFLOW_ERROR_CODE);
        } else {
            ctx.close();
        }
    }

    private void unsubscribe() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    private void end() {
        unsubscribe();
        if (!ended) {
            ended = true;
            if (perConnection != null) {
                perConnection.decrementAndGet();
            }
        }
        Line line;
        while ((line = queued.poll()) != null) {
            line.bytes().release();
        }
    }

    /** Lines waiting for the stream to take more, for tests of the bound. */
    int queuedLines() {
        return queued.size();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        drain();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        end();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        end();
    }
}
