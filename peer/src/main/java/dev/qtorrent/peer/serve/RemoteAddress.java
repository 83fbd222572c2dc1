package dev.qtorrent.peer.serve;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The address a request stream's connection comes from. */
public final class RemoteAddress {
    private RemoteAddress() {
    }

    /** The remote UDP address of the stream's QUIC connection, or null off QUIC (tests with EmbeddedChannel). */
    public static InetSocketAddress of(ChannelHandlerContext ctx) {
        if (ctx.channel().parent() instanceof QuicChannel connection) {
            SocketAddress remote = connection.remoteSocketAddress();
            if (remote instanceof InetSocketAddress inet) {
                return inet;
            }
        }
        return null;
    }
}
