package dev.qtorrent.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.quic.QuicCodecs;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.tracker.TestTracker;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that offers no protocol the tracker speaks is refused during the handshake with TLS's no_application_protocol
 * alert, CONNECTION_CLOSE with CRYPTO_ERROR 0x178 (docs/PROTOCOL.md section 2), long before its idle timeout.
 */
@Timeout(40)
class AlpnTest {
    private static final long IDLE_TIMEOUT_SECONDS = QuicSettings.defaults().idleTimeout().toSeconds();

    @TempDir
    Path seed;

    @Test
    void clientOfferingOnlyAnUnknownProtocolIsRefusedWithNoApplicationProtocol() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TestTracker tracker = TestTracker.start(seed)) {
            QuicSslContext ssl = QuicSslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .applicationProtocols("qtorrent/2")
                    .build();
            Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(QuicCodecs.client(QuicSettings.defaults(), ssl, 1452).build())
                    .bind(0).sync().channel();
            CompletableFuture<QuicConnectionCloseEvent> closed = new CompletableFuture<>();
            io.netty.util.concurrent.Future<QuicChannel> connecting = QuicChannel.newBootstrap(udp)
                    .remoteAddress(tracker.address())
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                            if (evt instanceof QuicConnectionCloseEvent close) {
                                closed.complete(close);
                            }
                            super.userEventTriggered(ctx, evt);
                        }
                    })
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .connect();

            // Half the 30 s idle timeout: a refusal that only the idle timer ended would not come this soon.
            assertThrows(ExecutionException.class, () -> connecting.get(IDLE_TIMEOUT_SECONDS / 2, TimeUnit.SECONDS));
            QuicConnectionCloseEvent close = closed.get(5, TimeUnit.SECONDS);
            assertFalse(close.isApplicationClose(), close.toString());
            assertTrue(close.isTlsError(), close.toString());
            assertEquals(120, QuicConnectionCloseEvent.extractTlsError(close.error()), close.toString());
            udp.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
