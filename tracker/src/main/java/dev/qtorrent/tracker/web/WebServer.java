package dev.qtorrent.tracker.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tracker's HTTP server for metrics and the status page. It runs on an event loop of its own, apart from the
 * QUIC endpoint's, and bounds what a client can cost: request heads and bodies are small, an idle or slow connection
 * is closed, and connections past a limit are closed at once. A failure here never reaches the QUIC side.
 */
public final class WebServer implements AutoCloseable {
    /** HTTP connections served at once; a browser opens a few, a scraper one. */
    static final int MAX_CONNECTIONS = 64;
    static final int IDLE_SECONDS = 30;
    private static final int MAX_HEAD_BYTES = 8192;
    private static final int MAX_BODY_BYTES = 8192;

    private final WebRoutes routes;
    private final AtomicInteger open = new AtomicInteger();
    private EventLoopGroup group;
    private Channel channel;

    public WebServer(WebRoutes routes) {
        this.routes = routes;
    }

    /** Listens on {@code address}; port 0 picks a free one, see {@link #address()}. */
    public WebServer start(InetSocketAddress address) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, task -> {
            Thread thread = new Thread(task, "tracker-http");
            thread.setDaemon(true);
            return thread;
        }, NioIoHandler.newFactory());
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel connection) {
                            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                                open.decrementAndGet();
                                connection.close();
                                return;
                            }
                            connection.closeFuture().addListener(f -> open.decrementAndGet());
                            connection.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                                    new HttpServerCodec(MAX_HEAD_BYTES, MAX_HEAD_BYTES, MAX_BODY_BYTES),
                                    new HttpObjectAggregator(MAX_BODY_BYTES), routes);
                        }
                    }).bind(address).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
