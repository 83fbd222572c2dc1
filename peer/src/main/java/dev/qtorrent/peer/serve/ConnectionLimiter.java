package dev.qtorrent.peer.serve;

import dev.qtorrent.common.quic.HostPort;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts live QUIC connections, in total and per IP address, and closes those over the limits with an application
 * error, so a flood of connections cannot take the memory that every connection's state costs.
 *
 * <p>A connection stops counting as soon as either side closes it. When the client closes, QUIC keeps the
 * connection draining for three probe timeouts (RFC 9000, 10.2.2), and Netty reports it inactive only then; counting
 * it until then refused clients behind one NAT address that reconnect often. So the peer's CONNECTION_CLOSE
 * ({@link QuicConnectionCloseEvent}) ends the count, and {@code channelInactive} ends it for every other way a
 * connection goes (our own close, idle timeout, stateless reset); whichever comes first does, once.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    /** Application error code in CONNECTION_CLOSE for a connection over the limits (docs/PROTOCOL.md). */
    static final int TOO_MANY_CONNECTIONS = 0x101;
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf(ConnectionLimiter.class, "counted");

    private final ServerLimits limits;
    private final PeerLogLimiter logLimiter;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private final ServerObserver observer;

    ConnectionLimiter(ServerLimits limits, PeerLogLimiter logLimiter, ServerObserver observer) {
        this.limits = limits;
        this.logLimiter = logLimiter;
        this.observer = observer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel() instanceof QuicChannel quic && quic.remoteSocketAddress() instanceof InetSocketAddress peer) {
            InetAddress address = peer.getAddress();
            String refusal = admit(address);
            if (refusal != null) {
                refused.increment();
                observer.connectionRefused();
                PeerLogLimiter.Admission admission = logLimiter.admit(address.getHostAddress());
                if (admission.log()) {
                    log.warn("connection from {} refused: {}", HostPort.format(peer), refusal);
                }
                quic.close(true, TOO_MANY_CONNECTIONS, Unpooled.copiedBuffer(refusal, StandardCharsets.US_ASCII));
                return;
            }
            ctx.channel().attr(COUNTED).set(address);
            observer.connectionOpened();
        }
        super.channelActive(ctx);
    }

    /** Counts the connection and returns null, or returns why it is refused. */
    private synchronized String admit(InetAddress address) {
        if (total.get() >= limits.maxConnections()) {
            return "too many connections (" + limits.maxConnections() + ")";
        }
        int fromAddress = perAddress.getOrDefault(address, 0);
        if (fromAddress >= limits.maxConnectionsPerAddress()) {
            return "too many connections from " + address.getHostAddress() + " ("
                    + limits.maxConnectionsPerAddress() + ")";
        }
        total.incrementAndGet();
        perAddress.put(address, fromAddress + 1);
        return null;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof QuicConnectionCloseEvent) {
            release(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release(ctx);
        super.channelInactive(ctx);
    }

    /** Stops counting the connection, if it still counts: the mark is taken, so a second call does nothing. */
    private void release(ChannelHandlerContext ctx) {
        InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            synchronized (this) {
                total.decrementAndGet();
                perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
            }
            observer.connectionClosed();
        }
    }

    int connections() {
        return total.get();
    }

    long refused() {
        return refused.sum();
    }
}
