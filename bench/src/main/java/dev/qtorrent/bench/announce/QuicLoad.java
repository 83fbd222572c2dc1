package dev.qtorrent.bench.announce;

import dev.qtorrent.common.quic.PathMtu;
import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.TlsContexts;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator for our tracker: a few event loops (one by default) carrying many QUIC connections, each with
 * many announces in flight, all presenting one client certificate as a client does. The requests are encoded
 * before the run and only copied into pooled buffers, and answers are counted, not decoded, so that the generator
 * costs less than the tracker it drives.
 */
final class QuicLoad implements AutoCloseable {
    private final Transport transport = Transport.detect();
    private final QuicSettings settings = QuicSettings.defaults();
    private final EventLoopGroup group;
    private final QuicSslContext ssl;
    private final InetSocketAddress tracker;
    private final int receivePayload;
    private volatile byte[][] requests;
    private final List<Channel> sockets = new ArrayList<>();
    private final List<LoadConnection> connections = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long limit;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    QuicLoad(InetSocketAddress tracker, Fingerprint pin, NodeIdentity identity, int threads) {
        this.tracker = tracker;
        this.group = transport.newGroup(threads);
        this.ssl = TlsContexts.client(PinningTrustManager.pinned(pin), identity);
        this.receivePayload = PathMtu.receivePayload(tracker, settings);
    }

    String transportName() {
        return transport.name();
    }

    /** Opens {@code count} connections, each to keep up to {@code streams} announces in flight. */
    void connect(int count, int streams, Duration timeout) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            LoadConnection connection = new LoadConnection(this, streams);
            connect(socket(), connection, timeout);
            connections.add(connection);
        }
    }

    /** A UDP socket with a client codec on one of the generator's event loops. */
    Channel socket() throws InterruptedException {
        ChannelHandler codec = QuicCodecs.client(settings, ssl, receivePayload).build();
        Channel udp = transport.udpBootstrap(group, receivePayload).handler(codec).bind(0).sync().channel();
        sockets.add(udp);
        return udp;
    }

    /** Starts a QUIC connection to the tracker over {@code udp}; completes when its handshake is done. */
    Future<QuicChannel> startConnection(Channel udp, ChannelHandler handler) {
        return QuicChannel.newBootstrap(udp)
                .remoteAddress(tracker)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                        transport.segmentAllocator(settings.udpPayload()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(handler)
                .streamHandler(new ChannelInboundHandlerAdapter())
                .connect();
    }

    private QuicChannel connect(Channel udp, ChannelHandler handler, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return startConnection(udp, handler).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot connect to the tracker at " + tracker + ": " + e, e);
        }
    }

    /** Sends each of {@code fill} once, spread over the connections, and waits for all the answers. */
    void populate(byte[][] fill, Duration timeout) throws InterruptedException {
        long before = answered.get() + failed.get();
        requests = fill;
        next.set(0);
        limit = requests.length;
        pumpAll();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered.get() + failed.get() - before < requests.length) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("populating the swarms took longer than " + timeout.toSeconds()
                        + " s: " + (answered.get() + failed.get() - before) + " of " + requests.length + " answered");
            }
            Thread.sleep(20);
        }
    }

    /** Keeps every connection at its announces in flight, cycling through {@code announces}, until {@link #stop}. */
    void run(byte[][] announces) {
        requests = announces;
        limit = Long.MAX_VALUE;
        pumpAll();
    }

    /**
     * Counts the announces answered between the two {@link System#nanoTime} instants, waiting for the second, and
     * returns the counts; the load keeps running.
     */
    LoadConnection.WindowCounts measure(long startNanos, long endNanos) throws InterruptedException {
        windowEnd = endNanos;
        windowStart = startNanos;
        long left = endNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        LoadConnection.WindowCounts counts = new LoadConnection.WindowCounts();
        for (LoadConnection connection : connections) {
            try {
                connection.channel().eventLoop().submit(() -> connection.collect(counts)).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return counts;
    }

    /** Hands out no more announces; those in flight finish. */
    void stop() {
        limit = 0;
    }

    long failures() {
        return failed.get();
    }

    /** The next announce to send, or -1 when the load has handed out all it should. */
    long take() {
        if (next.get() >= limit) {
            return -1;
        }
        long k = next.getAndIncrement();
        return k < limit ? k : -1;
    }

    byte[] request(long k) {
        byte[][] current = requests;
        return current[(int) (k % current.length)];
    }

    boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    void answered(boolean announced) {
        (announced ? answered : failed).incrementAndGet();
    }

    private void pumpAll() {
        for (LoadConnection connection : connections) {
            connection.channel().eventLoop().execute(connection::pump);
        }
    }

    @Override
    public void close() {
        stop();
        for (LoadConnection connection : connections) {
            connection.channel().close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        for (Channel udp : sockets) {
            udp.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
