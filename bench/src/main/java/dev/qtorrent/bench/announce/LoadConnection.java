package dev.qtorrent.bench.announce;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import io.netty.handler.codec.quic.QuicStreamType;

/**
 * One connection of the load generator, keeping up to a number of announces in flight, each on its own stream, and
 * opening the next one as each answer ends. Its fields are touched only on the connection's event loop; the counts of
 * the measured window are read there too, through {@link #collect}.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {
    private final QuicLoad load;
    private final int streams;
    private final LatencyHistogram latency = new LatencyHistogram();
    private QuicChannel quic;
    private int inFlight;
    private long windowAnnounces;
    private long windowFailures;
    private long windowBytes;

    LoadConnection(QuicLoad load, int streams) {
        this.load = load;
        this.streams = streams;
    }

    /** Takes the connection when this handler joins its pipeline: credit events may come before the handshake ends. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        quic = (QuicChannel) ctx.channel();
    }

    QuicChannel channel() {
        return quic;
    }

    /**
     * Opens streams while fewer than {@code streams} are in flight, the tracker's stream credit allows (opening a
     * stream without credit fails and burns its id), and the load has announces left to hand out.
     */
    void pump() {
        while (quic != null && inFlight < streams && quic.isActive()
                && quic.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) > 0) {
            long k = load.take();
            if (k < 0) {
                return;
            }
            inFlight++;
            quic.createStream(QuicStreamType.BIDIRECTIONAL, new Exchange(load.request(k), this::answered))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            answered(false, 0, 0);
                        }
                    });
        }
    }

    private void answered(boolean announced, long nanos, long bytes) {
        inFlight--;
        long now = System.nanoTime();
        if (load.inWindow(now)) {
            if (announced) {
                windowAnnounces++;
                windowBytes += bytes;
                latency.record(nanos / 1000);
            } else {
                windowFailures++;
            }
        }
        load.answered(announced);
        pump();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof QuicStreamLimitChangedEvent) {
            pump();
        }
        super.userEventTriggered(ctx, evt);
    }

    /** Adds this connection's window to {@code into}; call on the event loop once the window is over. */
    void collect(WindowCounts into) {
        into.announces += windowAnnounces;
        into.failures += windowFailures;
        into.bytes += windowBytes;
        into.latency.add(latency);
    }

    /** Sums of every connection's measured window. */
    static final class WindowCounts {
        long announces;
        long failures;
        long bytes;
        final LatencyHistogram latency = new LatencyHistogram();
    }
}
