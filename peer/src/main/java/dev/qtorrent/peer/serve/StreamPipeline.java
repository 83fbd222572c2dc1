package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.quic.QuicSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Assembles the handlers of every request stream: framing (until FIN), JSON decoding, dispatch, and the error tail.
 * The aggregator holds per-stream state and is new for each stream; the rest are shared.
 */
final class StreamPipeline extends ChannelInitializer<Channel> {
    private final QuicSettings settings;
    private final RequestDecoder decoder;
    private final RequestDispatcher dispatcher;
    private final ErrorResponder errors;

    StreamPipeline(QuicSettings settings, MessageCodec codec, RequestHandlers handlers, PeerLogLimiter logLimiter) {
        this.settings = settings;
        this.decoder = new RequestDecoder(codec);
        this.dispatcher = new RequestDispatcher(handlers);
        this.errors = new ErrorResponder(codec, logLimiter);
    }

    @Override
    protected void initChannel(Channel stream) {
        stream.pipeline().addLast("aggregator",
                new RequestAggregator(settings.maxRequestBytes(), settings.requestTimeout()));
        stream.pipeline().addLast("decoder", decoder);
        stream.pipeline().addLast("dispatcher", dispatcher);
        stream.pipeline().addLast("errors", errors);
    }
}
