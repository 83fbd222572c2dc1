package dev.qtorrent.peer.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Hands a datagram to the event loop that holds its connection, when a server has several UDP sockets on one port
 * (each with an event loop and QUIC codec of its own). The kernel spreads datagrams over such sockets by their
 * addresses, so a connection's packets normally keep coming to the socket that took its first one, and this handler
 * lets them through. A client whose address changes (NAT rebinding, a new network) may land on another socket:
 * its connection id names the loop that holds the connection, and the datagram goes there instead of being taken for
 * an unknown connection. One instance per socket; {@link Routes} joins them.
 */
final class LoopRouter extends ChannelInboundHandlerAdapter {
    private final Routes routes;
    /** The ids of this socket's loop, which name the loop. */
    private final ConnectionIds ids;
    /** Whether a datagram went to another loop in this read, so that loop must be told the read is complete. */
    private boolean forwarded;

    LoopRouter(Routes routes, ConnectionIds ids) {
        this.routes = routes;
        this.ids = ids;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        routes.contexts.set(ids.loop(), ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ChannelHandlerContext owner = msg instanceof DatagramPacket packet ? owner(packet.content()) : null;
        if (owner == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        // Runs on the owner's event loop, after what it has queued: the codec there sees the datagram as its own.
        owner.fireChannelRead(msg);
        forwarded = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (forwarded) {
            forwarded = false;
            for (int i = 0; i < routes.contexts.length(); i++) {
                ChannelHandlerContext other = routes.contexts.get(i);
                if (i != ids.loop() && other != null) {
                    other.fireChannelReadComplete();
                }
            }
        }
        ctx.fireChannelReadComplete();
    }

    /** The context of another loop holding the datagram's connection, or null when it is this one's (or nobody's). */
    private ChannelHandlerContext owner(ByteBuf in) {
        int start = in.readerIndex();
        // Short header (RFC 9000 §17.3): form bit clear, fixed bit set, then our connection id. Long-header packets
        // come only during the handshake, from the address that began it.
        if (in.readableBytes() < 1 + ConnectionIds.LENGTH || (in.getByte(start) & 0xc0) != 0x40
                || !ids.carriesThisRun(in, start + 1)) {
            return null;
        }
        int owner = ids.loopOf(in, start + 1);
        return owner == ids.loop() || owner >= routes.contexts.length() ? null : routes.contexts.get(owner);
    }

    /** The sockets of one server, by event loop. */
    static final class Routes {
        final AtomicReferenceArray<ChannelHandlerContext> contexts;

        Routes(int loops) {
            contexts = new AtomicReferenceArray<>(loops);
        }
    }
}
