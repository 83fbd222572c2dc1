package dev.qtorrent.tracker.server;

import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.TrackerIdentity;
import dev.qtorrent.tracker.seed.SeedCatalog;
import dev.qtorrent.tracker.swarm.SwarmRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final Transport transport = Transport.detect();
    private EventLoopGroup group;
    private ExecutorService disk;
    private Channel channel;

    public TrackerServer(QuicSettings settings, TrackerIdentity identity, SeedCatalog catalog, SwarmRegistry swarm) {
        this.settings = settings;
        this.identity = identity;
        this.catalog = catalog;
        this.swarm = swarm;
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
        ChannelHandler codec = QuicCodecs.server(settings, ssl, transport)
                // Address validation with a Retry round trip, so a spoofed source cannot turn us into an amplifier.
                .tokenHandler(new RetryTokens(java.time.Clock.systemUTC()))
                .handler(new ConnectionLogger())
                .streamHandler(new StreamPipeline(settings, catalog, swarm, disk))
                .build();
        group = transport.newGroup(1);
        try {
            channel = transport.udpBootstrap(group)
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
