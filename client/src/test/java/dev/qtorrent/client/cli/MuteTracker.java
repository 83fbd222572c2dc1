package dev.qtorrent.client.cli;

import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.TlsContexts;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.common.tls.NodeIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real QUIC endpoint with a tracker's identity that completes every handshake but never answers a request: it
 * either reads and ignores each request, or resets its stream at once. It stands for a tracker that hangs or drops
 * requests, which a real tracker only does when broken.
 */
final class MuteTracker implements AutoCloseable {
    private final NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
    private final List<String> clientCertificates = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group;
    private final Channel channel;

    private MuteTracker(boolean closeStreams) throws InterruptedException {
        QuicSettings settings = QuicSettings.defaults();
        Transport transport = Transport.detect();
        QuicSslContext ssl = TlsContexts.server(identity);
        group = transport.newGroup(1);
        channel = transport.udpBootstrap(group, settings.udpPayload())
                .handler(QuicCodecs.server(settings, ssl, transport)
                        .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                        .handler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                clientCertificates.add(PeerCertificate.of(ctx.channel()).map(Fingerprint::hex)
                                        .orElse("none"));
                                ctx.fireChannelActive();
                            }
                        })
                        .streamHandler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                if (closeStreams) {
                                    ((QuicStreamChannel) ctx.channel()).shutdown(1).addListener(f -> ctx.close());
                                }
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                            }
                        })
                        .build())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    /** Reads every request and never answers. */
    static MuteTracker silent() throws InterruptedException {
        return new MuteTracker(false);
    }

    /** Resets every request's stream (RESET_STREAM and STOP_SENDING) without answering. */
    static MuteTracker closingStreams() throws InterruptedException {
        return new MuteTracker(true);
    }

    /**
     * The fingerprint of each connection's client certificate, in order, {@code none} for a connection without; waits
     * up to 5 s for the first. The server sees a handshake complete a moment after the client does, and a client that
     * only wanted the certificate may have closed and returned by then.
     */
    List<String> clientCertificates() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (clientCertificates.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return List.copyOf(clientCertificates);
    }

    NodeIdentity identity() {
        return identity;
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
