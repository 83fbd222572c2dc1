package dev.qtorrent.peer.serve;

import dev.qtorrent.common.quic.HostPort;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs connections opening and closing; added to every QUIC connection, so it keeps no state. */
@ChannelHandler.Sharable
final class ConnectionLogger extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLogger.class);

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        log.debug("connection from {}", remote(ctx));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.debug("connection from {} closed", remote(ctx));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection from {} failed: {}", remote(ctx), cause.toString());
    }

    private static Object remote(ChannelHandlerContext ctx) {
        Object remote = ctx.channel() instanceof QuicChannel quic ? quic.remoteSocketAddress()
                : ctx.channel().remoteAddress();
        return remote instanceof java.net.InetSocketAddress address ? HostPort.format(address) : remote;
    }
}
