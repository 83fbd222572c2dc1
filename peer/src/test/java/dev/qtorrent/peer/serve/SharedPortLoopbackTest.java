package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.NodeConnection;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.quic.Transport;
import dev.qtorrent.common.tls.NodeIdentity;
import dev.qtorrent.common.tls.PinningTrustManager;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node answering on several event loops, each with its own UDP socket on one port: clients spread over the loops,
 * every one of them is answered, a datagram that reaches the wrong socket goes to the loop holding its connection,
 * and a port another program holds is refused rather than shared.
 */
@Timeout(60)
class SharedPortLoopbackTest {
    private static final String HASH = "ab".repeat(20);

    @Test
    void connectionsSpreadOverTheLoopsAndAllAreAnswered() throws Exception {
        Assumptions.assumeTrue(Transport.detect().sharesPorts(), "sockets share ports with epoll only");
        NodeIdentity identity = NodeIdentity.generate("127.0.0.1");
        // The handler names the thread it runs on, so the client sees which loop answered.
        RequestHandlers handlers = new RequestHandlers().on(AnnounceRequest.class, (ctx, request) -> {
            throw new ProtocolException(ErrorCode.INVALID_REQUEST, Thread.currentThread().getName());
        });
        try (NodeServer server = new NodeServer("peer", QuicSettings.defaults(), ServerLimits.defaults(), identity,
                ResetSecret.random(), infoHash -> Optional.empty(), handlers).eventLoops(2)
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Set<String> loops = new HashSet<>();
            List<NodeConnection> open = new ArrayList<>();
            try {
                // Each connection comes from a port of its own; the kernel spreads them by address.
                for (int i = 0; i < 24; i++) {
                    NodeConnection connection = NodeConnection.connect("peer", server.address(),
                            PinningTrustManager.pinned(identity.fingerprint()), QuicSettings.defaults(),
                            Duration.ofSeconds(5));
                    open.add(connection);
                    for (int request = 0; request < 3; request++) {
                        ErrorResponse answer = assertInstanceOf(ErrorResponse.class, connection.exchange(
                                new AnnounceRequest(HASH, "p" + i, 6881, 0, 0, 1, null)).get(10, TimeUnit.SECONDS));
                        loops.add(answer.error());
                    }
                }
            } finally {
                open.forEach(NodeConnection::close);
            }
            assertEquals(2, loops.size(), "answered on " + loops);
            assertEquals(0, server.stats().refusedConnections());
        }
    }

    @Test
    void aPortAnotherSocketHoldsIsRefusedNotShared() throws Exception {
        Assumptions.assumeTrue(Transport.detect().sharesPorts(), "sockets share ports with epoll only");
        try (DatagramChannel holder = DatagramChannel.open(StandardProtocolFamily.INET)) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            NodeServer server = new NodeServer("peer", QuicSettings.defaults(), ServerLimits.defaults(),
                    NodeIdentity.generate("127.0.0.1"), ResetSecret.random(), infoHash -> Optional.empty(),
                    new RequestHandlers()).eventLoops(2);
            try {
                RuntimeException refused = assertThrows(RuntimeException.class,
                        () -> server.start((InetSocketAddress) holder.getLocalAddress()));
                assertInstanceOf(java.net.BindException.class, refused.getCause());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void aDatagramOfAnotherLoopsConnectionGoesToThatLoop() {
        ConnectionIds ids = new ConnectionIds(ResetSecret.random());
        LoopRouter.Routes routes = new LoopRouter.Routes(2);
        Captured zero = new Captured();
        Captured one = new Captured();
        EmbeddedChannel first = new EmbeddedChannel(new LoopRouter(routes, ids.forLoop(0)), zero);
        EmbeddedChannel second = new EmbeddedChannel(new LoopRouter(routes, ids.forLoop(1)), one);

        DatagramPacket ofOne = shortHeader(ids.forLoop(1));
        first.writeInbound(ofOne);
        assertSame(ofOne, one.last);
        assertEquals(null, zero.last);
        assertTrue(one.readCompletes > 0, "the loop that got the datagram is told the read is complete");

        DatagramPacket ofZero = shortHeader(ids.forLoop(0));
        first.writeInbound(ofZero);
        assertSame(ofZero, zero.last);

        // Ids of another server (or a handshake's client-chosen id) stay where they arrived.
        DatagramPacket foreign = shortHeader(new ConnectionIds(ResetSecret.random()).forLoop(1));
        second.writeInbound(foreign);
        assertSame(foreign, one.last);
        DatagramPacket elsewhere = shortHeader(new ConnectionIds(ResetSecret.random()).forLoop(0));
        second.writeInbound(elsewhere);
        assertSame(elsewhere, one.last);
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    /** A short-header packet for a connection whose id {@code ids} made. */
    private static DatagramPacket shortHeader(ConnectionIds ids) {
        ByteBuffer id = ids.newId(ByteBuffer.wrap(new byte[8]), ByteBuffer.wrap(new byte[8]), ConnectionIds.LENGTH);
        ByteBuf packet = Unpooled.buffer().writeByte(0x40).writeBytes(id).writeZero(30);
        InetSocketAddress somewhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        return new DatagramPacket(packet, somewhere, somewhere);
    }

    private static final class Captured extends ChannelInboundHandlerAdapter {
        Object last;
        int readCompletes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            last = msg;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            readCompletes++;
        }
    }
}
