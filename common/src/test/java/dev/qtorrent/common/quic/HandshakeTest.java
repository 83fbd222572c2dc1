package dev.qtorrent.common.quic;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.tls.PinningTrustManager;
import dev.qtorrent.common.tls.NodeIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our client against a server that speaks only a later protocol version, over real QUIC on loopback: the server
 * refuses the handshake with no_application_protocol (docs/PROTOCOL.md section 2), and the client reports that reason
 * instead of a bare closed channel.
 */
@Timeout(30)
class HandshakeTest {
    @Test
    void serverSpeakingAnotherVersionIsReportedAsSuch() throws Exception {
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        QuicSslContext ssl = QuicSslContextBuilder.forServer(identity.key(), null, identity.certificate())
                .applicationProtocols("qtorrent/2")
                .build();
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newGroup(1);
        try {
            Channel server = transport.udpBootstrap(group, QuicSettings.defaults().udpPayload())
                    .handler(QuicCodecs.server(QuicSettings.defaults(), ssl, transport)
                            .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                            .handler(new ChannelInboundHandlerAdapter())
                            .streamHandler(new ChannelInboundHandlerAdapter())
                            .build())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();

            NodeUnreachableException refused = assertThrows(NodeUnreachableException.class,
                    () -> NodeConnection.connect("tracker", address, PinningTrustManager.pinned(identity.fingerprint()),
                            QuicSettings.defaults(), Duration.ofSeconds(10)));

            assertTrue(refused.getMessage().contains("does not speak " + QuicSettings.ALPN)
                    && refused.getMessage().contains("0x178"), refused.getMessage());
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
