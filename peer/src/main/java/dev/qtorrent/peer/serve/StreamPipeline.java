package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.quic.QuicSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamPriority;

/**
 * Assembles the handlers of every request stream: framing (until FIN), which hands the request to decoding and
 * dispatch, and the error tail. The aggregator holds per-stream state and is new for each stream; the rest are shared.
 * Not a {@code ChannelInitializer}: that one records every stream it sets up in a map shared by all event loops, and
 * is added, run and removed, where this handler is replaced by the aggregator in one step.
 */
final class StreamPipeline extends ChannelHandlerAdapter {
    /**
     * Every answer starts ahead of piece bytes ({@link PieceSender#PRIORITY}): quiche gives a stream urgency 127 unless
     * told otherwise, the same as pieces, and sends a connection's pieces, which are not incremental, before it. An
     * announce answer or a have line then waited behind every piece asked for earlier on the connection, seconds on a
     * slow link. Urgency 3 is HTTP's default (RFC 9218).
     */
    static final QuicStreamPriority ANSWER_PRIORITY = new QuicStreamPriority(3, true);

    private final QuicSettings settings;
    private final RequestDispatcher dispatcher;
    private final ErrorResponder errors;
    private final ServerObserver observer;

    StreamPipeline(QuicSettings settings, MessageCodec codec, RequestHandlers handlers, PeerLogLimiter logLimiter,
                   ServerObserver observer) {
        this.settings = settings;
        this.observer = observer;
        this.dispatcher = new RequestDispatcher(codec, handlers);
        this.errors = new ErrorResponder(codec, logLimiter);
    }

    /** Runs once the stream is registered with its event loop, as an initializer's set-up does. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel stream = ctx.channel();
        if (stream instanceof QuicStreamChannel quic) {
            quic.updatePriority(ANSWER_PRIORITY);
        }
        RequestRecord.open(stream, observer);
        ctx.pipeline().replace(this, "aggregator",
                new RequestAggregator(settings.maxRequestBytes(), settings.requestTimeout(), dispatcher));
        stream.pipeline().addLast("errors", errors);
    }

    /** Said outright: Netty otherwise looks the class's annotation up in a per-thread cache for every stream. */
    @Override
    public boolean isSharable() {
        return true;
    }
}
