package dev.qtorrent.tracker.server;

import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.SegmentSizer;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.TrackerIdentity;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's QUIC endpoint: one UDP socket, one event loop, and a small pool of disk threads that read pieces so
 * the event loop never waits on the disk.
 */
public final class TrackerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrackerServer.class);
    private static final int DISK_THREADS = 2;

    private final QuicSettings settings;
    private final TrackerIdentity identity;
    private final SeedCatalog catalog;
    private final SwarmRegistry swarm;
    private final TrackerLimits limits;
    private final PeerLogLimiter logLimiter = PeerLogLimiter.withDefaults();
    private final LongAccumulator peakInFlight = new LongAccumulator(Math::max, 0);
    private final ConnectionLimiter connections;
    private final Transport transport = Transport.detect();
    private EventLoopGroup group;
    private ExecutorService disk;
    private Channel channel;

    public TrackerServer(QuicSettings settings, TrackerIdentity identity, SeedCatalog catalog, SwarmRegistry swarm) {
        this(settings, TrackerLimits.defaults(), identity, catalog, swarm);
    }

    public TrackerServer(QuicSettings settings, TrackerLimits limits, TrackerIdentity identity, SeedCatalog catalog,
                         SwarmRegistry swarm) {
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

    /** Binds the UDP socket; port 0 picks a free port, see {@link #address()}. */
    public TrackerServer start(InetSocketAddress bind) throws InterruptedException {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(identity.key(), null, identity.certificate())
                .applicationProtocols(QuicSettings.ALPN)
                .build();
        AtomicInteger diskThreads = new AtomicInteger();
        disk = Executors.newFixedThreadPool(DISK_THREADS, task -> {
            Thread thread = new Thread(task, "tracker-disk-" + diskThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SegmentSizer segments = new SegmentSizer(transport);
        ChannelHandler codec = QuicCodecs.server(settings, ssl, transport)
                // Address validation with a Retry round trip, so a spoofed source cannot turn us into an amplifier.
                .tokenHandler(new RetryTokens(java.time.Clock.systemUTC()))
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel connection) {
                        connection.pipeline().addLast(connections, segments, new ConnectionLogger());
                    }
                })
                .streamHandler(new StreamPipeline(settings, limits, catalog, swarm, disk, logLimiter, peakInFlight))
                .build();
        group = transport.newGroup(1);
        try {
            channel = transport.udpBootstrap(group, settings.udpPayload())
                    .handler(codec)
                    .bind(bind).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        log.info("listening on udp {} (QUIC, ALPN {}, transport {})", address(), QuicSettings.ALPN,
                transport.name());
        return this;
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
}
