package dev.qtorrent.common.quic;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hears the other node returning stream credit and closing a {@link NodeConnection}, during the handshake too. */
final class ConnectionEvents extends ChannelInboundHandlerAdapter {
    /** Under the connection's name: these lines tell what happened to the connection. */
    private static final Logger log = LoggerFactory.getLogger(NodeConnection.class);

    private volatile NodeConnection connection;
    /** The other node's CONNECTION_CLOSE, which ends a connection attempt at once (see {@link Handshake}). */
    private final CompletableFuture<QuicConnectionCloseEvent> remoteClose = new CompletableFuture<>();

    CompletableFuture<QuicConnectionCloseEvent> remoteClose() {
        return remoteClose;
    }

    /** Starts passing events to {@code connection}, once its handshake is done. */
    void attach(NodeConnection connection) {
        this.connection = connection;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof QuicConnectionCloseEvent close) {
            remoteClose.complete(close);
        }
        if (evt instanceof QuicStreamLimitChangedEvent && connection != null) {
            connection.creditReturned();
        }
        if (evt instanceof QuicConnectionCloseEvent close && close.isApplicationClose()) {
            // 0x102: the node is stopping; the downloader reconnects at once (docs/PROTOCOL.md §7).
            log.info("{} closed the connection: 0x{} {}", connection == null ? "node" : connection.role(),
                    Integer.toHexString(close.error()), new String(close.reason(), StandardCharsets.UTF_8));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            log.info("connection to {} {} closed", connection.role(), connection.address());
            connection.closed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection error", cause);
    }
}
