package dev.qtorrent.common.quic;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.message.Response;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicTransportParameters;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QUIC connection to another node (the tracker, or later a peer), carrying one bidirectional stream per request.
 * The connection owns its event loop and UDP socket and is meant to be kept for many requests: a handshake costs
 * about thirty times a new stream. Its role ("tracker") names the other side in every message, so that they say
 * what the user is talking to.
 */
public final class NodeConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeConnection.class);

    private final EventLoopGroup group;
    private final Channel udp;
    private final QuicChannel quic;
    private final String role;
    private final String address;
    private final QuicSettings settings;
    private final int receivePayload;
    private final Duration rtt;
    private final MessageCodec codec = new MessageCodec();
    private final StreamCredit credit;
    /** The fingerprint of the certificate the other node presented in the handshake. */
    private Fingerprint certificate;

    private NodeConnection(String role, EventLoopGroup group, Channel udp, QuicChannel quic, String address,
                           QuicSettings settings, int receivePayload, Duration rtt) {
        this.role = role;
        this.rtt = rtt;
        this.group = group;
        this.udp = udp;
        this.quic = quic;
        this.address = address;
        this.settings = settings;
        this.receivePayload = receivePayload;
        this.credit = new StreamCredit(quic, () -> new NodeUnreachableException(
                "connection to " + role + " " + address + " closed", null));
    }

    /**
     * Connects without a client certificate, which is enough for pieces and metainfo but not for announces; see
     * {@link #connect(String, InetSocketAddress, PinningTrustManager, NodeIdentity, QuicSettings, Duration)}.
     */
    public static NodeConnection connect(String role, InetSocketAddress remote, PinningTrustManager trust,
                                         QuicSettings settings, Duration timeout)
            throws NodeUnreachableException, CertificatePinException, InterruptedException {
        return connect(role, remote, trust, null, settings, timeout);
    }

    /**
     * Connects and completes the TLS handshake.
     *
     * @param role     what the other node is to the user, for messages: "tracker"
     * @param identity the certificate to present as a TLS client certificate; null for none
     * @throws CertificatePinException   when the node's certificate does not match the pin
     * @throws NodeUnreachableException  when nothing answers within {@code timeout} or the handshake fails
     */
    public static NodeConnection connect(String role, InetSocketAddress remote, PinningTrustManager trust,
                                         NodeIdentity identity, QuicSettings settings, Duration timeout)
            throws NodeUnreachableException, CertificatePinException, InterruptedException {
        String address = HostPort.format(remote);
        if (remote.isUnresolved()) {
            throw new NodeUnreachableException("cannot resolve " + role + " host " + remote.getHostString(), null);
        }
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newGroup(1);
        boolean connected = false;
        try {
            QuicSslContext ssl = TlsContexts.client(trust, identity);
            int receivePayload = PathMtu.receivePayload(remote, settings);
            ChannelHandler codec = QuicCodecs.client(settings, ssl, receivePayload).build();
            Channel udp = transport.udpBootstrap(group, receivePayload)
                    .handler(codec)
                    .bind(0).sync().channel();
            ConnectionEvents events = new ConnectionEvents();
            io.netty.util.concurrent.Future<QuicChannel> connecting = QuicChannel.newBootstrap(udp)
                    .remoteAddress(remote)
                    .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                            transport.segmentAllocator(settings.udpPayload()))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                    .handler(events)
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .connect();
            QuicChannel quic;
            try {
                quic = Handshake.firstOf(connecting, events.remoteClose(), role + " " + address)
                        .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                connecting.cancel(false);
                throw noAnswer(role, address, remote.getPort(), timeout, e);
            } catch (ExecutionException e) {
                if (trust.mismatched()) {
                    throw new CertificatePinException(role, address, trust.pin().orElseThrow(),
                            trust.presented().orElseThrow());
                }
                if (e.getCause() instanceof NodeUnreachableException refused) {
                    connecting.cancel(false);
                    throw refused;
                }
                if (e.getCause() instanceof ConnectTimeoutException) {
                    // Netty's message names only the ephemeral QUIC addresses, which say nothing to the user.
                    throw noAnswer(role, address, remote.getPort(), timeout, e.getCause());
                }
                throw new NodeUnreachableException("cannot connect to " + role + " " + address + ": "
                        + describe(e.getCause()), e.getCause());
            }
            NodeConnection connection = new NodeConnection(role, group, udp, quic, address, settings,
                    receivePayload, roundTrip(quic));
            connection.certificate = trust.presented().orElse(null);
            events.attach(connection);
            log.info("connected to {} {} over QUIC ({}, datagrams up to {} bytes), certificate sha256={}",
                    role, address, transport.name(), receivePayload,
                    trust.presented().map(Object::toString).orElse("?"));
            connected = true;
            return connection;
        } finally {
            if (!connected) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    private static NodeUnreachableException noAnswer(String role, String address, int port, Duration timeout,
                                                     Throwable cause) {
        return new NodeUnreachableException(role + " " + address + " did not answer within " + timeout.toSeconds()
                + " s (is it running, and is UDP port " + port + " reachable?)", cause);
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            // A closed channel with no message is how a refused ALPN shows up.
            return cause.getClass().getSimpleName() + " (the server may not speak " + QuicSettings.ALPN + ")";
        }
        return message;
    }

    /** What the other node is to the user, as given to {@link #connect}: "tracker". */
    public String role() {
        return role;
    }

    /** Fails the streams waiting for credit; on the event loop, once the connection has closed. */
    void closed() {
        credit.failAll();
    }

    /** Opens the streams waiting for credit; on the event loop, when the other node returns some. */
    void creditReturned() {
        credit.drain();
    }

    /** The fingerprint of the certificate the other node presented, which its pin (if any) matched. */
    public Optional<Fingerprint> certificate() {
        return Optional.ofNullable(certificate);
    }

    public String address() {
        return address;
    }

    /** The round-trip time QUIC measured during the handshake: how far away the other node is. */
    public Duration rtt() {
        return rtt;
    }

    private static Duration roundTrip(QuicChannel quic) throws InterruptedException {
        try {
            return Duration.ofNanos(quic.collectPathStats(0).get(1, TimeUnit.SECONDS).rtt());
        } catch (ExecutionException | TimeoutException e) {
            return Duration.ZERO;
        }
    }

    public QuicSettings settings() {
        return settings;
    }

    /** The largest UDP payload this connection accepts from the other node (see {@link PathMtu}). */
    public int receivePayload() {
        return receivePayload;
    }

    /** Whether the route lets this connection receive datagrams larger than Ethernet-sized ones. */
    public boolean receivesLargeDatagrams() {
        return receivePayload > settings.udpPayload();
    }

    /** QUIC's counters for this connection: packets and bytes sent, received and lost so far. */
    public QuicConnectionStats stats() throws InterruptedException, ExecutionException {
        return quic.collectStats().get();
    }

    public boolean isActive() {
        return quic.isActive();
    }

    /** The transport parameters the other node sent in its handshake (docs/PROTOCOL.md section 2 lists them). */
    public QuicTransportParameters peerTransportParameters() {
        return quic.peerTransportParameters();
    }

    /**
     * Opens a bidirectional stream with {@code handler} as its only handler, waiting for stream credit from the
     * other node when all its streams are in use (see {@link StreamCredit}).
     */
    public CompletableFuture<QuicStreamChannel> openStream(ChannelHandler handler) {
        return credit.open(handler);
    }

    /** Sends one request and returns the response header. */
    public CompletableFuture<Response> exchange(Request request) {
        return exchange(request, 0).thenApply(Answer::header);
    }

    /** Sends one request and returns the response header with up to {@code maxPayloadBytes} bytes after it. */
    public CompletableFuture<Answer> exchange(Request request, int maxPayloadBytes) {
        ResponseCollector collector = new ResponseCollector(codec, settings.maxResponseHeaderBytes(), maxPayloadBytes,
                "the " + role);
        send(codec.encodeRequest(request), true, collector);
        return collector.result();
    }

    /**
     * Sends raw bytes on a new stream, with or without FIN, and returns every byte the other node sends back before
     * its FIN. For tools and tests that speak the protocol below the message level.
     */
    public CompletableFuture<byte[]> exchangeRaw(byte[] request, boolean fin, int maxResponseBytes) {
        RawCollector collector = new RawCollector(maxResponseBytes);
        send(request, fin, collector);
        return collector.result();
    }

    /** Opens a stream with {@code handler} and writes {@code request}, optionally ending the client's side. */
    public CompletableFuture<QuicStreamChannel> send(byte[] request, boolean fin, ChannelHandler handler) {
        CompletableFuture<QuicStreamChannel> opened = openStream(handler);
        opened.whenComplete((stream, error) -> {
            if (error != null) {
                if (handler instanceof StreamFailureListener listener) {
                    listener.streamFailed(error);
                }
                return;
            }
            ByteBuf buf = stream.alloc().directBuffer(request.length).writeBytes(request);
            stream.writeAndFlush(fin ? new DefaultQuicStreamFrame(buf, true) : buf);
        });
        return opened;
    }

    /** Handlers that want to hear when their stream could not be opened at all. */
    public interface StreamFailureListener {
        void streamFailed(Throwable cause);
    }

    @Override
    public void close() {
        try {
            quic.eventLoop().execute(credit::failAll);
            quic.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            udp.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The event loop is already gone: nothing left to close.
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }
}
