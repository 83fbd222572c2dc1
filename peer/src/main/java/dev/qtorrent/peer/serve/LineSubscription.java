package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Response;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

/**
 * A long-lived answer: one JSON line per event on the request's stream, for as long as the subscriber reads them.
 * Events may come from any thread; {@link #later} moves them to the stream's event loop, where all state lives.
 *
 * <p>Netty queues QUIC writes without a bound, so a line is written only while the stream is writable and otherwise
 * waits in a queue of at most {@value #MAX_QUEUED_LINES} lines; a reader that lets it overflow has its stream reset
 * with {@link #OVERFLOW_ERROR_CODE} and subscribes again for a fresh start. A failed write (the subscriber sent
 * STOP_SENDING) ends the subscription, and so does the stream's closing.
 */
public abstract class LineSubscription extends ChannelInboundHandlerAdapter {
    /** Lines waiting for a stream that QUIC takes no more of, before the subscription is reset. */
    public static final int MAX_QUEUED_LINES = 1024;
    /** Application error code of the RESET_STREAM that ends a subscription whose reader fell behind. */
    public static final int OVERFLOW_ERROR_CODE = 2;

    private record Line(ByteBuf bytes, boolean fin) {
    }

    private final MessageCodec codec;
    private final Queue<Line> queued = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private SubscriptionLimit.Slot slot;
    private boolean ended;
    /** Set once the last line (with FIN) is queued: nothing may follow it. */
    private boolean finished;

    protected LineSubscription(MessageCodec codec) {
        this.codec = codec;
    }

    /**
     * Adds this subscription to the stream's pipeline ahead of the request handler {@code handler}, counted by
     * {@code slot} until it ends, and calls {@link #started()}.
     */
    public final void start(ChannelHandlerContext handler, SubscriptionLimit.Slot slot) {
        this.slot = slot;
        handler.pipeline().addBefore(handler.name(), null, this);
        ctx.channel().closeFuture().addListener(f -> end());
        started();
    }

    /** Subscribes to the events and writes the first lines: on the stream's event loop, once in the pipeline. */
    protected abstract void started();

    /** Stops listening to the events; called once, when the subscription ends for any reason. */
    protected abstract void stopped();

    @Override
    public final void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Runs {@code task} on the stream's event loop: for events heard on another thread. */
    protected final void later(Runnable task) {
        try {
            ctx.executor().execute(() -> {
                if (!ended) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // The server is closing: its connections, and this subscription, end with it.
        }
    }

    protected final boolean ended() {
        return ended;
    }

    /** Writes {@code response} as one line, ending the subscription with FIN when {@code fin}. */
    protected final void send(Response response, boolean fin) {
        if (ended || finished) {
            return;
        }
        finished = fin;
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

    private void end() {
        if (!ended) {
            ended = true;
            stopped();
            if (slot != null) {
                slot.release();
            }
        }
        Line line;
        while ((line = queued.poll()) != null) {
            line.bytes().release();
        }
    }

    /** Lines waiting for the stream to take more, for tests of the bound. */
    final int queuedLines() {
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
