package dev.qtorrent.tracker.server;

import dev.qtorrent.common.quic.HostPort;
import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.SegmentSizer;
import dev.qtorrent.common.quic.TlsContexts;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's QUIC endpoint: one UDP socket, one event loop, and a small pool of disk threads that read pieces so
 * the event loop never waits on the disk. Closing it tells every client first (application close
 * {@value #SHUTTING_DOWN}), and a later run answers the leftover connections of this one with stateless resets
 * (see {@link ResetSecret}). When its socket or event loop dies on its own, {@link #failure()} says why.
 */
public final class TrackerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrackerServer.class);
    private static final int DISK_THREADS = 2;
    /** Application error code in CONNECTION_CLOSE when the tracker stops (docs/PROTOCOL.md). */
    static final int SHUTTING_DOWN = 0x102;
    static final String SHUTTING_DOWN_REASON = "tracker shutting down";
    /** How long the closing notices may take to go out before the socket closes. */
    private static final long GOODBYE_MILLIS = 1000;

    private final QuicSettings settings;
    private final NodeIdentity identity;
    private final SeedCatalog catalog;
    private final SwarmRegistry swarm;
    private final TrackerLimits limits;
    private final PeerLogLimiter logLimiter = PeerLogLimiter.withDefaults();
    private final LongAccumulator peakInFlight = new LongAccumulator(Math::max, 0);
    private final ConnectionLimiter connections;
    private final Transport transport = Transport.detect();
    private final ResetSecret resetSecret;
    private final ChannelGroup quicChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private volatile boolean closing;
    private EventLoopGroup group;
    private ExecutorService disk;
    private Channel channel;

    public TrackerServer(QuicSettings settings, NodeIdentity identity, SeedCatalog catalog, SwarmRegistry swarm) {
        this(settings, TrackerLimits.defaults(), identity, catalog, swarm);
    }

    public TrackerServer(QuicSettings settings, TrackerLimits limits, NodeIdentity identity, SeedCatalog catalog,
                         SwarmRegistry swarm) {
        this(settings, limits, identity, ResetSecret.random(), catalog, swarm);
    }

    /** @param resetSecret the secret kept beside the identity, so a later run can reset this run's connections */
    public TrackerServer(QuicSettings settings, TrackerLimits limits, NodeIdentity identity, ResetSecret resetSecret,
                         SeedCatalog catalog, SwarmRegistry swarm) {
        this.resetSecret = resetSecret;
        this.settings = settings;
        this.limits = limits;
        this.identity = identity;
        this.catalog = catalog;
        this.swarm = swarm;
        this.connections = new ConnectionLimiter(limits, logLimiter);
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
     * Binds the UDP socket; port 0 picks a free port, see {@link #address()}. An IPv4 address gives an IPv4 socket
     * only; an IPv6 one an IPv6 socket, which on {@code ::} takes IPv4 too.
     */
    public TrackerServer start(InetSocketAddress bind) throws InterruptedException {
        QuicSslContext ssl = TlsContexts.server(identity);
        AtomicInteger diskThreads = new AtomicInteger();
        disk = Executors.newFixedThreadPool(DISK_THREADS, task -> {
            Thread thread = new Thread(task, "tracker-disk-" + diskThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SegmentSizer segments = new SegmentSizer(transport);
        ConnectionIds ids = new ConnectionIds(resetSecret);
        ChannelHandler codec = QuicCodecs.server(settings, ssl, transport)
                .localConnectionIdLength(ConnectionIds.LENGTH)
                .connectionIdAddressGenerator(ids)
                .resetTokenGenerator(resetSecret::token)
                .statelessResetToken(resetSecret.handshakeToken())
                // Address validation with a Retry round trip, so a spoofed source cannot turn us into an amplifier.
                .tokenHandler(new RetryTokens(java.time.Clock.systemUTC()))
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel connection) {
                        quicChannels.add(connection);
                        connection.pipeline().addLast(connections, segments, new ConnectionLogger());
                    }
                })
                .streamHandler(new StreamPipeline(settings, limits, catalog, swarm, disk, logLimiter, peakInFlight))
                .build();
        group = new MultiThreadIoEventLoopGroup(1, eventLoopThreads(), transport.ioHandlers());
        SocketProtocolFamily family = bind.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        try {
            channel = transport.udpBootstrap(group, settings.udpPayload(), family)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel udp) {
                            udp.pipeline().addLast(new StatelessResetter(ids, resetSecret), codec,
                                    new FatalErrorWatch());
                        }
                    })
                    .bind(bind).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        channel.closeFuture().addListener(f -> died("its UDP socket closed unexpectedly"));
        group.terminationFuture().addListener(f -> died("its event loop ended unexpectedly"));
        log.info("listening on udp {} (QUIC, ALPN {}, transport {})", HostPort.format(address()), QuicSettings.ALPN,
                transport.name());
        return this;
    }

    /** Completes with the reason when the socket or event loop dies while the server is not being closed. */
    public CompletableFuture<String> failure() {
        return failure;
    }

    private void died(String reason) {
        if (!closing && failure.complete(reason)) {
            log.error("the tracker cannot serve any more: {}", reason);
        }
    }

    /** The event loop's thread, which reports an error that ends it instead of dying in silence. */
    private ThreadFactory eventLoopThreads() {
        // Netty's factory makes FastThreadLocalThreads, which its buffers and QUIC code run faster on.
        ThreadFactory netty = new DefaultThreadFactory("tracker-event-loop");
        return task -> {
            Thread thread = netty.newThread(task);
            thread.setUncaughtExceptionHandler((t, e) -> died("the event loop thread died: " + e));
            return thread;
        };
    }

    /**
     * Last on the UDP channel: an {@link Error} that reaches it (a class that cannot be loaded because the jar was
     * replaced, memory exhausted) leaves the codec in an unknown state, so the tracker stops rather than limp on.
     */
    private final class FatalErrorWatch extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof Error) {
                died("error on the event loop: " + cause);
            } else {
                log.warn("UDP channel error: {}", cause.toString());
            }
        }
    }

    /** The UDP channel, for tests that break it as a failure would. */
    Channel udpChannel() {
        return channel;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public String transportName() {
        return transport.name();
    }

    /** Waits until the server is closed. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().await();
    }

    @Override
    public void close() {
        close(true);
    }

    /** Closes without telling the clients, as when the closing notices are lost; for tests of the stateless reset. */
    void closeWithoutNotice() {
        close(false);
    }

    private void close(boolean notify) {
        closing = true;
        if (notify && channel != null && channel.isActive()) {
            sayGoodbye();
        }
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (disk != null) {
            disk.shutdownNow();
        }
    }

    /**
     * Closes every connection with {@value #SHUTTING_DOWN} so clients reconnect at once rather than after their
     * stall or idle timeout, and waits (briefly) until the closes are sent, before the socket goes.
     */
    private void sayGoodbye() {
        List<ChannelFuture> closes = new ArrayList<>();
        for (Channel connection : quicChannels) {
            if (connection instanceof QuicChannel quic) {
                closes.add(quic.close(true, SHUTTING_DOWN,
                        Unpooled.copiedBuffer(SHUTTING_DOWN_REASON, StandardCharsets.US_ASCII)));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GOODBYE_MILLIS);
        for (ChannelFuture close : closes) {
            close.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (!closes.isEmpty()) {
            log.info("closed {} connection{} (0x{} {})", closes.size(), closes.size() == 1 ? "" : "s",
                    Integer.toHexString(SHUTTING_DOWN), SHUTTING_DOWN_REASON);
        }
    }
}
