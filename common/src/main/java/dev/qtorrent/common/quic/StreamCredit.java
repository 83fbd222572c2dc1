package dev.qtorrent.common.quic;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Opens a connection's bidirectional streams as the other node's stream credit allows, queueing the rest until it
 * returns credit. Netty burns a stream id on every refused attempt, so the credit is checked before each attempt
 * instead of retrying on failure. The queue is touched only on the connection's event loop.
 */
final class StreamCredit {
    private final QuicChannel quic;
    private final Supplier<Throwable> closed;
    private final Queue<PendingStream> waiting = new ArrayDeque<>();

    /** @param closed the failure of streams still waiting when the connection closes */
    StreamCredit(QuicChannel quic, Supplier<Throwable> closed) {
        this.quic = quic;
        this.closed = closed;
    }

    CompletableFuture<QuicStreamChannel> open(ChannelHandler handler) {
        CompletableFuture<QuicStreamChannel> result = new CompletableFuture<>();
        quic.eventLoop().execute(() -> {
            waiting.add(new PendingStream(handler, result));
            drain();
        });
        return result;
    }

    /** Opens waiting streams while there is credit; on the event loop, e.g. when the other node returns credit. */
    void drain() {
        while (!waiting.isEmpty()) {
            if (!quic.isActive()) {
                failAll();
                return;
            }
            if (quic.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) <= 0) {
                return;
            }
            PendingStream next = waiting.poll();
            quic.createStream(QuicStreamType.BIDIRECTIONAL, next.handler()).addListener(f -> {
                if (f.isSuccess()) {
                    next.result().complete((QuicStreamChannel) f.getNow());
                } else {
                    next.result().completeExceptionally(f.cause());
                }
            });
        }
    }

    /** Fails every waiting stream: the connection is closed. On the event loop. */
    void failAll() {
        PendingStream pending;
        while ((pending = waiting.poll()) != null) {
            pending.result().completeExceptionally(closed.get());
        }
    }

    private record PendingStream(ChannelHandler handler, CompletableFuture<QuicStreamChannel> result) {
    }
}
