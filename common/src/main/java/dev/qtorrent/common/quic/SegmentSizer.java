package dev.qtorrent.common.quic;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicConnectionPathStats;

/**
 * A server's connection handler that fits each connection's GSO batches to the datagram size its client accepts,
 * which the handshake tells: a client on loopback takes datagrams ten times the size of one across the Internet (see
 * {@link PathMtu}), and a batch must fit one UDP datagram. One instance serves every connection.
 */
@ChannelHandler.Sharable
public final class SegmentSizer extends ChannelInboundHandlerAdapter {
    private final Transport transport;

    public SegmentSizer(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel() instanceof QuicChannel connection) {
            connection.collectPathStats(0).addListener(f -> {
                // The path's MTU is the agreed datagram size: ours capped by the peer's max_udp_payload_size.
                long pmtu = f.isSuccess() ? ((QuicConnectionPathStats) f.getNow()).pmtu() : 0;
                if (pmtu > 0) {
                    connection.config().setOption(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                            transport.segmentAllocator((int) pmtu));
                }
            });
        }
        super.channelActive(ctx);
    }
}
