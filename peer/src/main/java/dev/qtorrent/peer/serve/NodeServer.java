package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.QuietLoops;
import dev.qtorrent.common.quic.SegmentSizer;
import dev.qtorrent.common.quic.TlsContexts;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.NodeIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's QUIC endpoint: a UDP socket with an event loop (or several, see {@link #eventLoops}), and a small pool of
 * disk threads that read pieces so no event loop waits on the disk. It serves pieces and metainfo from a
 * {@link PieceSource} and whatever else the program registers in its {@link RequestHandlers}. Closing it tells
 * every connection first (see {@link Goodbye}), and a later run answers the leftover connections of this one with
 * stateless resets (see {@link ResetSecret}).
 * When its socket or event loop dies on its own, {@link #failure()} says why.
 */
public final class NodeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
    private static final int DISK_THREADS = 2;

    private final String role;
    private final QuicSettings settings;
    private final NodeIdentity identity;
    private final PieceSource source;
    private final RequestHandlers handlers;
    private final ServerLimits limits;
    private final PeerLogLimiter logLimiter = PeerLogLimiter.withDefaults();
    private final LongAccumulator peakInFlight = new LongAccumulator(Math::max, 0);
    private final ConnectionLimiter connections;
    private final Transport transport = Transport.detect();
    private final ResetSecret resetSecret;
    private final ChannelGroup quicChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final FailureWatch watch;
    private final ServerObserver observer;
    private int eventLoops = 1;
    private EventLoopGroup group;
    private ExecutorService disk;
    /** The UDP sockets, one per event loop, the first bound first. */
    private final List<Channel> channels = new ArrayList<>();

    /**
     * @param role        what this node is, in thread names, logs and the closing notice: "tracker"
     * @param resetSecret the secret kept beside the identity, so a later run can reset this run's connections
     * @param source      the torrents whose pieces and metainfo this node serves
     * @param handlers    the request types the program answers besides pieces and metainfo
     */
    public NodeServer(String role, QuicSettings settings, ServerLimits limits, NodeIdentity identity,
                      ResetSecret resetSecret, PieceSource source, RequestHandlers handlers) {
        this(role, settings, limits, identity, resetSecret, source, handlers, ServerObserver.NONE);
    }

    /** As above, telling {@code observer} about connections, streams, requests and pieces as they go. */
    public NodeServer(String role, QuicSettings settings, ServerLimits limits, NodeIdentity identity,
                      ResetSecret resetSecret, PieceSource source, RequestHandlers handlers,
                      ServerObserver observer) {
        this.observer = observer;
        this.role = role;
        this.resetSecret = resetSecret;
        this.settings = settings;
        this.limits = limits;
        this.identity = identity;
        this.source = source;
        this.handlers = handlers.copy();
        this.connections = new ConnectionLimiter(limits, logLimiter, observer);
        this.watch = new FailureWatch(role);
    }

    /**
     * What the server has done so far.
     *
     * @param connections        QUIC connections open now
     * @param refusedConnections connections closed at once for being over the limits
     * @param peakPieceBytesInFlight the most piece bytes one connection has had read but not yet sent
     */
    public record Stats(int connections, long refusedConnections, long peakPieceBytesInFlight) {
    }

    public Stats stats() {
        return new Stats(connections.connections(), connections.refused(), peakInFlight.get());
    }

    /**
     * Answers on {@code loops} event-loop threads, each with a UDP socket of its own bound to the same address
     * ({@code SO_REUSEPORT}, with Linux epoll; elsewhere one). The kernel spreads clients over the sockets by their
     * addresses, and a connection stays on the loop that took its first datagram ({@link LoopRouter}). One loop
     * handles a connection at a time, however many there are, so more loops help many connections, not one. Call
     * before {@link #start}.
     */
    public NodeServer eventLoops(int loops) {
        if (loops < 1 || loops > 256) {
            throw new IllegalArgumentException("event loops must be 1 to 256, not " + loops);
        }
        this.eventLoops = loops;
        return this;
    }

    /**
     * Binds the UDP socket; port 0 picks a free port, see {@link #address()}. An IPv4 address gives an IPv4 socket
     * only; an IPv6 one an IPv6 socket, which on {@code ::} takes IPv4 too.
     */
    public NodeServer start(InetSocketAddress bind) throws InterruptedException {
        QuicSslContext ssl = TlsContexts.server(identity);
        AtomicInteger diskThreads = new AtomicInteger();
        disk = Executors.newFixedThreadPool(DISK_THREADS, task -> {
            Thread thread = new Thread(task, role + "-disk-" + diskThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        MessageCodec codec = new MessageCodec();
        RequestHandlers all = new PieceServing(codec, source, role, disk, limits, peakInFlight,
                settings.idleTimeout(), observer)
                .register(handlers.copy());
        SegmentSizer segments = new SegmentSizer(transport);
        ConnectionIds ids = new ConnectionIds(resetSecret);
        ChannelHandler connectionInit = new ChannelInitializer<QuicChannel>() {
            @Override
            protected void initChannel(QuicChannel connection) {
                quicChannels.add(connection);
                connection.pipeline().addLast(connections, segments, new ConnectionLogger());
            }
        };
        ChannelHandler streamInit = new StreamPipeline(settings, codec, all, logLimiter, observer);
        RetryTokens retryTokens = new RetryTokens(Clock.systemUTC());
        int loops = transport.sharesPorts() ? eventLoops : 1;
        group = QuietLoops.quiet(new MultiThreadIoEventLoopGroup(loops, watch.eventLoopThreads(),
                transport.ioHandlers()));
        SocketProtocolFamily family = bind.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        LoopRouter.Routes routes = new LoopRouter.Routes(loops);
        try {
            if (loops > 1 && bind.getPort() != 0) {
                try {
                    Transport.checkFree(bind);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            InetSocketAddress at = bind;
            for (int loop = 0; loop < loops; loop++) {
                ConnectionIds loopIds = ids.forLoop(loop);
                // One codec per socket: each keeps the connections of its own loop.
                ChannelHandler quicCodec = QuicCodecs.server(settings, ssl, transport)
                        .localConnectionIdLength(ConnectionIds.LENGTH)
                        .connectionIdAddressGenerator(loopIds)
                        .resetTokenGenerator(resetSecret::token)
                        .statelessResetToken(resetSecret.handshakeToken())
                        // Address validation with a Retry round trip, so a spoofed source cannot make us an amplifier.
                        .tokenHandler(retryTokens)
                        .handler(connectionInit)
                        .streamHandler(streamInit)
                        .build();
                ChannelHandler router = loops == 1 ? null : new LoopRouter(routes, loopIds);
                Channel udp = transport.udpBootstrap(group, settings.udpPayload(), family, loops > 1)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel udp) {
                                if (router != null) {
                                    udp.pipeline().addLast(router);
                                }
                                udp.pipeline().addLast(new StatelessResetter(loopIds, resetSecret), quicCodec,
                                        watch.fatalErrors());
                            }
                        })
                        .bind(at).sync().channel();
                channels.add(udp);
                // The first socket's port, picked by the system when asked for port 0, is every other one's.
                at = (InetSocketAddress) udp.localAddress();
            }
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        for (Channel udp : channels) {
            udp.closeFuture().addListener(f -> watch.died("its UDP socket closed unexpectedly"));
        }
        group.terminationFuture().addListener(f -> watch.died("its event loop ended unexpectedly"));
        log.info("listening on udp {} (QUIC, ALPN {}, transport {}, {} event loop{})", HostPort.format(address()),
                QuicSettings.ALPN, transport.name(), loops, loops == 1 ? "" : "s");
        return this;
    }

    /** Completes with the reason when the socket or event loop dies while the server is not being closed. */
    public CompletableFuture<String> failure() {
        return watch.failure();
    }

    /** The first UDP channel, for tests that break it as a failure would. */
    public Channel udpChannel() {
        return channels.get(0);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    public String transportName() {
        return transport.name();
    }

    /** Waits until the server is closed. */
    public void awaitClose() throws InterruptedException {
        channels.get(0).closeFuture().await();
    }

    @Override
    public void close() {
        close(true);
    }

    /** Closes without telling the other side, as when the closing notices are lost; for tests of stateless resets. */
    public void closeWithoutNotice() {
        close(false);
    }

    private void close(boolean notify) {
        watch.closing();
        if (notify && !channels.isEmpty() && channels.get(0).isActive()) {
            Goodbye.send(quicChannels, role + " shutting down");
        }
        for (Channel udp : channels) {
            udp.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (disk != null) {
            disk.shutdownNow();
        }
    }
}
